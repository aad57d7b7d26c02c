"""The numpy-only graph engine: TF 1.x graphs, ops, variables, sessions and placement.

Nothing here imports IPython, ipywidgets or graphviz (a test checks it)."""
from . import ops  # noqa: F401  (registers the op catalogue)
from .executor import Execution, StepRecord, build_plan  # noqa: F401
from .graph import Graph, get_default_graph, reset_default_graph  # noqa: F401
from .session import InteractiveSession, Session, get_default_session, open_sessions  # noqa: F401
from .tensor import Operation, Tensor  # noqa: F401
