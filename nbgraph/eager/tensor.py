"""`EagerTensor`: a Tensor that holds its value, printed as TF 1.15's eager tensors print.

With eager execution on, every op runs as it is created (eager/context.py) and its outputs are
EagerTensors: `print(t)` is `tf.Tensor([1 2], shape=(2,), dtype=int32)`, `t.numpy()` the value,
and numpy, Python numbers, `bool`, `len`, iteration and formatting read the value. It stays a
`Tensor` subclass so every op builder and gradient function of the catalogue takes it as input.
"""
from __future__ import annotations

import itertools
import os
import sys

import numpy as np

from ..engine.shapes import TensorShape
from ..engine.tensor import Tensor

__all__ = ["EagerTensor", "numpy_text"]

_PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_ids = itertools.count(1)
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


def _from_user() -> bool:
    """True when the attribute is asked for by code outside nbgraph (the engine still reads an
    eager tensor's op and name; a learner gets TF's AttributeError)."""
    f = sys._getframe(2)
    return not f.f_code.co_filename.startswith(_PKG_DIR)


def _scalar_text(value) -> str:
    """A 0-d value as numpy 1.x (TF 1.15's numpy) printed a scalar: `1.5`, `True`, `b'hi'`."""
    return str(value[()]) if isinstance(value, np.ndarray) else str(value)


def numpy_text(value, is_repr: bool = False) -> str:
    """TF's `ops.numpy_text`: the value's numpy text, a newline first when it spans lines."""
    if not isinstance(value, np.ndarray) or value.dtype == object and value.ndim == 0:
        text = _scalar_text(value)
    elif value.ndim == 0:
        text = _scalar_text(value)
    else:
        text = repr(value) if is_repr else str(value)
    return "\n" + text if "\n" in text else text


class EagerTensor(Tensor):
    """An op's output computed when the op was created: a value, with a Tensor's face."""

    __slots__ = ("_value", "_eager_id")

    def __init__(self, op, value_index, dtype, value):
        super().__init__(op, value_index, dtype)
        self._value = value
        self._eager_id = next(_ids)

    # -- the value ---------------------------------------------------------------------------
    def _numpy(self):
        value = self._value
        if value is None or not isinstance(value, (np.ndarray, np.generic)):  # a variable handle, a dataset
            return self._op._graph.read_value(self)
        return value

    def numpy(self):
        """The value as numpy: an ndarray, a numpy scalar for a 0-d tensor (as TF returns)."""
        v = self._numpy()
        return v[()] if isinstance(v, np.ndarray) and v.ndim == 0 else v

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def ndim(self) -> int:
        return self.shape.ndims

    @property
    def device(self) -> str:
        return CPU0

    def cpu(self) -> "EagerTensor":
        return self

    # -- what TF forbids in eager mode ---------------------------------------------------------
    @property
    def name(self):
        if _from_user():
            raise AttributeError("Tensor.name is meaningless when eager execution is enabled.")
        return f"{self._op._name}:{self._value_index}"

    @property
    def op(self):
        if _from_user():
            raise AttributeError("Tensor.op is meaningless when eager execution is enabled.")
        return self._op

    @property
    def graph(self):
        if _from_user():
            raise AttributeError("Tensor.graph is meaningless when eager execution is enabled.")
        return self._op._graph

    def eval(self, feed_dict=None, session=None):
        raise NotImplementedError("eval is not supported when eager execution is enabled, is .numpy() what "
                                  "you're looking for?")

    def consumers(self):
        raise NotImplementedError("Tensor.consumers is meaningless when eager execution is enabled.")

    # -- printing --------------------------------------------------------------------------------
    def __str__(self):
        return f"tf.Tensor({numpy_text(self._numpy())}, shape={self.shape}, dtype={self._dtype.name})"

    def __repr__(self):
        return (f"<tf.Tensor: id={self._eager_id}, shape={self.shape}, dtype={self._dtype.name}, "
                f"numpy={numpy_text(self._numpy(), is_repr=True)}>")

    def __format__(self, format_spec):
        return self.numpy().__format__(format_spec)

    # -- Python and numpy read the value ---------------------------------------------------------
    def __array__(self, dtype=None, copy=None):
        v = np.asarray(self._numpy())
        return v if dtype is None else v.astype(dtype)

    def __bool__(self):
        return bool(self._numpy())

    def __int__(self):
        return int(self._numpy())

    def __float__(self):
        return float(self._numpy())

    def __index__(self):
        return int(np.asarray(self._numpy()).__index__())

    def __complex__(self):
        return complex(self._numpy())

    def __len__(self):
        shape = self.shape
        if shape.ndims == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return shape.as_list()[0]

    def __iter__(self):
        shape = self.shape
        if shape.ndims == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        for i in range(shape.as_list()[0]):
            yield self[i]

    def __reduce__(self):
        return (np.asarray, (self.numpy(),))
