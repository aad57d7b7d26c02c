"""String hashing as TF 1.15 does it: `StringToHashBucketFast` (FarmHash's Fingerprint64 of each
string, modulo `num_buckets`), behind `tf.string_to_hash_bucket_fast` /
`tf.strings.to_hash_bucket_fast` and the feature columns' hash buckets. The fingerprints come
from the `pyfarmhash` package (the same FarmHash TensorFlow links)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of
from ..grad_registry import NotDifferentiable
from ..registry import register
from .common import KernelError, same_shape

__all__ = ["string_to_hash_bucket_fast", "fingerprint64"]


def fingerprint64(value: bytes) -> int:
    """FarmHash Fingerprint64 of a byte string, as an unsigned 64-bit int."""
    try:
        import farmhash
    except ImportError:
        raise KernelError("string hashing needs the 'pyfarmhash' package (pip install pyfarmhash)") from None
    return farmhash.fingerprint64(value)


def _hash_kernel(op):
    buckets = int(op._attrs["num_buckets"])

    def k(ctx, x):
        a = np.asarray(x, dtype=object)
        flat = [fingerprint64(v if isinstance(v, bytes) else str(v).encode()) % buckets for v in a.reshape(-1)]
        return np.array(flat, dtype=np.int64).reshape(a.shape)
    return k


register("StringToHashBucketFast", "array", same_shape, _hash_kernel, gpu=False,
         doc="hashes each string into a bucket of")
NotDifferentiable("StringToHashBucketFast")


def string_to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002 - TF's argument name
    """Each string's FarmHash fingerprint modulo `num_buckets` (int64, same shape)."""
    if num_buckets < 1:
        raise ValueError(f"Value for attr 'num_buckets' of {num_buckets} must be at least minimum 1")
    g = graph_of([input])
    with g.as_default(), g.name_scope(name or "StringToHashBucketFast") as scope:
        t = convert_to_tensor(input, dtype=_dt.string, name="input")
        return g.create_op("StringToHashBucketFast", [t], [_dt.int64], name=scope,
                           attrs={"num_buckets": int(num_buckets)})._outputs[0]
