"""The op catalogue. Importing it registers every op type (see `engine/registry.py`)."""
from . import (array_ops, control_ops, index_ops, math_ops, nn_ops, operators, random_ops,  # noqa: F401
               reduce_ops, slice_ops, state_ops, summary_ops, io_ops)
