"""The lesson tutor: find lessons, step through their cells, compare with recorded outputs."""
from .lesson import CellResult, LessonRunner, lesson_path, lessons  # noqa: F401


def __getattr__(name):
    if name == "LessonTutor":  # the widget pulls in ipywidgets: only when asked for
        from .widget import LessonTutor
        return LessonTutor
    raise AttributeError(f"module 'nbgraph.tutor' has no attribute {name!r}")
