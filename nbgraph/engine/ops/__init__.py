"""The op catalogue. Importing it registers every op type (see `engine/registry.py`)."""
from . import (array_ops, control_ops, index_ops, math_ops, nn_extra_ops, nn_ops, operators,  # noqa: F401
               random_ops, reduce_ops, slice_ops, state_ops, training_ops)
