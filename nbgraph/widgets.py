"""The widgets: `from nbgraph.widgets import GraphView, Stepper, PlacementLog, LessonTutor`."""
from .ipython.widgets import GraphView, PlacementLog, Stepper  # noqa: F401
from .tutor.widget import LessonTutor  # noqa: F401
