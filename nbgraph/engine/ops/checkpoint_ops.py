"""Checkpoint ops: `SaveV2` writes tensors to a V2 checkpoint at a prefix, `RestoreV2` reads
them back (by name, with the dtypes in its `dtypes` attr). `tf.train.Saver` builds them; the
file format is `nbgraph/formats/bundle.py` (loaded when a save or restore first runs).

A sharded saver (`Saver(sharded=True)`) adds TF's three helpers: `StringJoin` (the temporary
prefix `<prefix>_temp_<uuid>/part`), `ShardedFilename` (`<base>-00001-of-00002`, one per
device) and `MergeV2Checkpoints` (the parts' index tables merged into `<prefix>.index`, their
data files renamed to `<prefix>.data-0000i-of-0000N`, the temporary folder removed). `StaticRegexFullMatch` is there for the sharded savers of
graphs TF 2 exports."""
from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError, OpError
from ..registry import register
from .common import KernelError, no_outputs, same_shape, scalar_shape, unknown


def _text(value) -> str:
    value = np.asarray(value, dtype=object).item() if not isinstance(value, (bytes, str)) else value
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _names(value) -> list:
    return [_text(v) for v in np.asarray(value, dtype=object).reshape(-1)]


def _check_slices(slices, n):
    got = _names(slices)
    if len(got) != n:
        raise KernelError(f"shape_and_slices and tensor_names must have the same number of elements: "
                          f"{len(got)} vs. {n}")
    if any(got):
        raise KernelError("nbgraph saves and restores whole tensors: shape_and_slices must be empty strings")


def _save_kernel(op):
    dtypes = [t._dtype.base_dtype for t in op._inputs[3:]]

    def k(ctx, prefix, tensor_names, shape_and_slices, *tensors):
        from ...formats.bundle import write_bundle
        names = _names(tensor_names)
        if len(names) != len(tensors):
            raise KernelError(f"Expected {len(names)} tensors, got {len(tensors)}")
        _check_slices(shape_and_slices, len(names))
        try:
            write_bundle(_text(prefix), {n: (v, d) for n, v, d in zip(names, tensors, dtypes)})
        except OpError as e:
            raise KernelError(e.message, type(e)) from None
    return k


def _restore_kernel(op):
    dtypes = list(op._attrs["dtypes"])

    def k(ctx, prefix, tensor_names, shape_and_slices):
        from ...formats.bundle import BundleReader
        names = _names(tensor_names)
        _check_slices(shape_and_slices, len(names))
        try:
            reader = BundleReader(_text(prefix))
            out = []
            for name, dt in zip(names, dtypes):
                value = reader.get(name)
                if reader.dtype(name) != dt:
                    raise InvalidArgumentError(None, None, f"tensor_name = {name}; expected dtype "
                                                           f"{dt._proto_name} does not equal original dtype "
                                                           f"{reader.dtype(name)._proto_name}")
                out.append(value)
        except OpError as e:
            raise KernelError(e.message, type(e)) from None
        return tuple(out) if len(out) != 1 else out[0]  # the executor takes one output as is
    return k


register("SaveV2", "io", no_outputs, _save_kernel, gpu=False, stateful=True,
         doc="writes tensors to a checkpoint")
register("RestoreV2", "io", unknown, _restore_kernel, gpu=False, stateful=True,
         doc="reads tensors from a checkpoint")


# -- sharded checkpoints -------------------------------------------------------------------------
def _join_shape(op):
    """Scalars join to a scalar; otherwise the (equal) shape of the non-scalar inputs."""
    from ..shapes import TensorShape
    shaped = [t.shape for t in op._inputs if t.shape.ndims != 0]
    return [shaped[0] if shaped else TensorShape([])]


def _string_join_kernel(op):
    sep = op._attrs.get("separator", "")
    sep = sep.encode() if isinstance(sep, str) else bytes(sep)

    def as_bytes(v):
        return v if isinstance(v, bytes) else str(v).encode()

    def k(ctx, *inputs):
        arrays = [np.asarray(x, dtype=object) for x in inputs]
        shapes = {a.shape for a in arrays if a.ndim}
        if len(shapes) > 1:
            raise KernelError(f"Input shapes do not match: {' vs. '.join(str(list(s)) for s in shapes)}",
                              InvalidArgumentError)
        shape = shapes.pop() if shapes else ()
        out = np.empty(shape, dtype=object)
        for idx in np.ndindex(*shape):
            out[idx] = sep.join(as_bytes(a[idx] if a.ndim else a.item()) for a in arrays)
        return out
    return k


def _sharded_filename_kernel(op):
    def k(ctx, basename, shard, num_shards):
        return np.asarray(f"{_text(basename)}-{int(shard):05d}-of-{int(num_shards):05d}".encode(), dtype=object)
    return k


def _merge_kernel(op):
    delete_old_dirs = op._attrs.get("delete_old_dirs", True)

    def k(ctx, checkpoint_prefixes, destination_prefix):
        from ...formats.bundle import merge_bundles
        try:
            merge_bundles(_names(checkpoint_prefixes), _text(destination_prefix), delete_old_dirs=delete_old_dirs)
        except OpError as e:
            raise KernelError(e.message, type(e)) from None
    return k


def _static_regex_kernel(op):
    import re
    pattern = op._attrs["pattern"]
    regex = re.compile(pattern.decode() if isinstance(pattern, bytes) else pattern)

    def k(ctx, strings):
        arr = np.asarray(strings, dtype=object)
        return np.vectorize(lambda x: regex.fullmatch(_text(x)) is not None, otypes=[bool])(arr).reshape(arr.shape)
    return k


register("StringJoin", "array", _join_shape, _string_join_kernel, gpu=False,
         doc="joins strings element by element")
register("ShardedFilename", "array", scalar_shape, _sharded_filename_kernel, gpu=False,
         doc="names one shard of a sharded checkpoint")
register("MergeV2Checkpoints", "io", no_outputs, _merge_kernel, gpu=False, stateful=True,
         doc="merges a sharded checkpoint's parts into one checkpoint")
# TF 2's sharded savers test the prefix for `^s3://.*` (graphs exported by TF 2 import and run here)
register("StaticRegexFullMatch", "array", same_shape, _static_regex_kernel, gpu=False,
         doc="tells which strings match a regular expression")
