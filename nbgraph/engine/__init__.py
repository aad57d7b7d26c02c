"""The numpy-only graph engine: TF 1.x graphs, ops, variables, sessions and placement.

Nothing here imports IPython, ipywidgets or graphviz (a test checks it). The op catalogue
(`engine/ops/`) is a leaf: it imports the core, the core never imports it; `nbgraph/__init__.py`
loads it once, which fills the registry (see ARCHITECTURE.md)."""
from .executor import Execution, Placement, Plan, Step, StepRecord, build_plan  # noqa: F401
from .graph import Graph, get_default_graph, reset_default_graph  # noqa: F401
from .session import (InteractiveSession, Session, all_sessions, get_default_session, open_sessions,  # noqa: F401
                      reset)
from .stepping import FailedStep, Steps  # noqa: F401
from .tensor import Operation, Tensor  # noqa: F401
