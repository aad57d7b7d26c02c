"""`tf.layers`: TF 1.x's functional and class layers. `core.py` has dense, dropout and flatten;
convolution and pooling layers live in `convolutional.py`."""
from __future__ import annotations

from .base import Layer  # noqa: F401
from .core import Dense, Dropout, Flatten, dense, dropout, flatten  # noqa: F401
