"""`tf.data` transformation ops: zip, concatenate, batch, padded batch, shuffle (TF's buffer
semantics), repeat, take, skip, prefetch, cache, and the function-applying map, filter and
flat_map. Each kernel wraps its input `DatasetValue`s in a new one (see `data_ops.py`)."""
from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError
from ..functions import bound
from ..shapes import TensorShape
from .common import KernelError, fmt_shape
from .data_ops import DatasetValue, _call, _dataset

__all__: list = []


def _zip(op):
    def k(ctx, *datasets):
        def gen(ctx):
            its = [d.elements(ctx) for d in datasets]
            while True:
                row = []
                for it in its:
                    try:
                        row.extend(next(it))
                    except StopIteration:
                        return
                yield tuple(row)
        return DatasetValue(gen)
    return k


_dataset("ZipDataset", _zip, "a dataset of tuples of its inputs' elements")


def _concatenate(op):
    def k(ctx, a, b):
        def gen(ctx):
            yield from a.elements(ctx)
            yield from b.elements(ctx)
        return DatasetValue(gen)
    return k


_dataset("ConcatenateDataset", _concatenate, "the elements of one dataset, then another's")


def _stack(values, i):
    first = np.shape(values[0])
    for j, v in enumerate(values[1:], 1):
        if np.shape(v) != first:
            raise KernelError(f"Cannot batch tensors with different shapes in component {i}. First element had "
                              f"shape {fmt_shape(TensorShape(first))} and element {j} had shape "
                              f"{fmt_shape(TensorShape(np.shape(v)))}.")
    return np.stack(values)


def _batches(source, size, drop):
    while True:
        rows = []
        for row in source:
            rows.append(row)
            if len(rows) == size:
                break
        if not rows or (drop and len(rows) < size):
            return
        yield rows


def _batch(op):
    def k(ctx, ds, batch_size, drop_remainder):
        if batch_size <= 0:
            raise KernelError("Batch size must be greater than zero.")

        def gen(ctx):
            for rows in _batches(ds.elements(ctx), int(batch_size), bool(drop_remainder)):
                yield tuple(_stack([r[i] for r in rows], i) for i in range(len(rows[0])))
        return DatasetValue(gen)
    return k


_dataset("BatchDatasetV2", _batch, "a dataset of batches of consecutive elements")


def _padded_batch(op):
    n = op._attrs["N"]

    def k(ctx, ds, batch_size, *rest):
        shapes, values, drop = rest[:n], rest[n:2 * n], rest[2 * n]
        if batch_size <= 0:
            raise KernelError("Batch size must be greater than zero.")

        def pad(vals, i):
            want = [int(d) for d in np.reshape(shapes[i], -1)]
            top = np.max([np.shape(v) for v in vals], axis=0) if want else ()
            dims = [t if w == -1 else w for w, t in zip(want, top)]
            for v in vals:
                for d, (have, w) in enumerate(zip(np.shape(v), dims)):
                    if have > w:
                        raise KernelError(f"Attempted to pad to a smaller size than the input element.")
            out = np.full([len(vals)] + dims, values[i], dtype=np.asarray(vals[0]).dtype)
            for j, v in enumerate(vals):
                out[(j,) + tuple(slice(0, d) for d in np.shape(v))] = v
            return out

        def gen(ctx):
            for rows in _batches(ds.elements(ctx), int(batch_size), bool(drop)):
                yield tuple(pad([r[i] for r in rows], i) for i in range(len(rows[0])))
        return DatasetValue(gen)
    return k


_dataset("PaddedBatchDatasetV2", _padded_batch, "a dataset of batches padded to common shapes")


def _shuffle(op):
    reshuffle = op._attrs.get("reshuffle_each_iteration", True)

    def k(ctx, ds, buffer_size, seed, seed2):
        if buffer_size <= 0:
            raise KernelError("buffer_size must be greater than zero.")
        size = int(buffer_size)
        epochs = [0]
        entropy = None if (seed == 0 and seed2 == 0) else [int(seed), int(seed2)]

        def gen(ctx):
            key = None if entropy is None else entropy + ([epochs[0]] if reshuffle else [])
            epochs[0] += 1
            rng = np.random.default_rng(key)
            buf = []
            source = ds.elements(ctx)
            for row in source:  # TF fills the buffer, then swaps a random pick for each new element
                buf.append(row)
                if len(buf) == size:
                    break
            for row in source:
                i = int(rng.integers(len(buf)))
                yield buf[i]
                buf[i] = row
            while buf:
                i = int(rng.integers(len(buf)))
                buf[i], buf[-1] = buf[-1], buf[i]
                yield buf.pop()
        return DatasetValue(gen)
    return k


_dataset("ShuffleDataset", _shuffle, "a dataset shuffled through a buffer of buffer_size elements")


def _repeat(op):
    def k(ctx, ds, count):
        def gen(ctx):
            i = 0
            while count < 0 or i < count:
                empty = True
                for row in ds.elements(ctx):
                    empty = False
                    yield row
                if empty:
                    return
                i += 1
        return DatasetValue(gen)
    return k


_dataset("RepeatDataset", _repeat, "a dataset repeated count times (forever when -1)")


def _take_skip(take):
    def make(op):
        def k(ctx, ds, count):
            def gen(ctx):
                it = ds.elements(ctx)
                if take:
                    for i, row in enumerate(it):
                        if 0 <= count <= i:
                            return
                        yield row
                else:
                    for i, row in enumerate(it):
                        if count < 0 or i >= count:
                            yield row
            return DatasetValue(gen)
        return k
    return make


_dataset("TakeDataset", _take_skip(True), "the first count elements of a dataset")
_dataset("SkipDataset", _take_skip(False), "a dataset without its first count elements")
_dataset("PrefetchDataset", lambda op: (lambda ctx, ds, buffer_size: ds), "a dataset read ahead of its consumer")


def _cache(op):
    def k(ctx, ds, filename):
        cache = []
        done = [False]

        def gen(ctx):
            if done[0]:
                yield from cache
                return
            for row in ds.elements(ctx):
                cache.append(row)
                yield row
            done[0] = True
        return DatasetValue(gen)
    return k


_dataset("CacheDataset", _cache, "a dataset that remembers its elements after the first pass")


class _MapIter:
    """Applies a function element by element; an element whose call fails raises its error and
    the iteration goes on with the next one, as TF's map does."""

    def __init__(self, source, step):
        self.source = source
        self.step = step

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            row = next(self.source)
            out = self.step(row)
            if out is not None:
                return out


def _map(kind):
    def make(op):
        fn = bound(op, "f" if kind != "filter" else "predicate")

        def k(ctx, ds, *captured):
            if kind == "map":
                def step(row):
                    return tuple(_call(fn, ctx, row, captured))
            elif kind == "filter":
                def step(row):
                    keep = _call(fn, ctx, row, captured)[0]
                    if np.ndim(keep) != 0 or np.asarray(keep).dtype != np.bool_:
                        raise KernelError("Filter predicate `f` must return a scalar bool.", InvalidArgumentError)
                    return row if keep else None

            if kind == "flat_map":
                def gen(ctx):
                    for row in ds.elements(ctx):
                        inner = _call(fn, ctx, row, captured)[0]
                        yield from inner.elements(ctx)
                return DatasetValue(gen)
            return DatasetValue(lambda ctx: _MapIter(ds.elements(ctx), step))
        return k
    return make


_dataset("MapDataset", _map("map"), "a dataset of a function of each element")
_dataset("FilterDataset", _map("filter"), "the elements of a dataset for which a predicate holds")
_dataset("FlatMapDataset", _map("flat_map"), "the elements of the datasets a function makes of each element")


def _interleave(op):
    fn = bound(op, "f")

    def k(ctx, ds, *rest):
        captured, cycle_length, block_length = rest[:-2], int(rest[-2]), int(rest[-1])
        if cycle_length <= 0 or block_length <= 0:
            raise KernelError("cycle_length must be greater than zero." if cycle_length <= 0
                              else "block_length must be greater than zero.")

        def gen(ctx):  # TF's InterleaveDatasetOp::GetNextInternal, step for step
            source = ds.elements(ctx)
            current = [None] * cycle_length
            cycle = block = num_open = 0
            end_of_input = False
            while not end_of_input or num_open > 0:
                if current[cycle] is not None:
                    row = next(current[cycle], None)
                    if row is not None:
                        yield row
                        block += 1
                        if block == block_length:
                            block, cycle = 0, (cycle + 1) % cycle_length
                        continue
                    current[cycle] = None
                    num_open -= 1
                    block, cycle = 0, (cycle + 1) % cycle_length
                elif not end_of_input:
                    args = next(source, None)
                    if args is None:
                        end_of_input = True
                    else:
                        current[cycle] = _call(fn, ctx, args, captured)[0].elements(ctx)
                        num_open += 1
                else:
                    block, cycle = 0, (cycle + 1) % cycle_length
        return DatasetValue(gen)
    return k


_dataset("InterleaveDataset", _interleave, "the elements of the datasets a function makes, taken in turns")


def _unbatch(op):
    def k(ctx, ds):
        def gen(ctx):
            for row in ds.elements(ctx):
                sizes = {np.shape(c)[0] if np.ndim(c) else None for c in row}
                if None in sizes or len(sizes) != 1:
                    raise KernelError("Input element must have a non-scalar value in each component." if None in sizes
                                      else "Input element must have the same batch size in each component.")
                for i in range(sizes.pop()):
                    yield tuple(c[i] for c in row)
        return DatasetValue(gen)
    return k


_dataset("UnbatchDataset", _unbatch, "the rows of each element, one by one")

