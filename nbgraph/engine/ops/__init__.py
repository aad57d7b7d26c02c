"""The op catalogue. Importing it registers every op type (see `engine/registry.py`) and its
gradient (see `engine/grad_registry.py`)."""
from . import (array_ops, control_ops, index_ops, math_ops, nn_ops, operators, random_ops,  # noqa: F401
               reduce_ops, slice_ops, state_ops)
from . import (conv_ops, linalg_ops, math_more_ops, matrix_ops, nn_more_ops, pool_ops,  # noqa: F401,E402
               split_gather_ops)
from . import grad_ops, array_grad, math_grad, reduce_grad, nn_grad, hessians  # noqa: F401,E402  (gradients)
from . import conv_grad, linalg_grad  # noqa: F401,E402  (gradients of the ops above)
