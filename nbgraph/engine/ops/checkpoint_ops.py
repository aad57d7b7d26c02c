"""Checkpoint ops: `SaveV2` writes tensors to a V2 checkpoint at a prefix, `RestoreV2` reads
them back (by name, with the dtypes in its `dtypes` attr). `tf.train.Saver` builds them; the
file format is `nbgraph/formats/bundle.py` (loaded when a save or restore first runs)."""
from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError, OpError
from ..registry import register
from .common import KernelError, no_outputs, unknown


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
