"""`%nbgraph lesson [name]`: the tutor adds its own subcommand to the `%nbgraph` magic (the
ipython layer never imports the tutor). `nbgraph.load_ipython_extension` imports this module;
importing it registers the subcommand."""
from __future__ import annotations

from IPython.core.error import UsageError
from IPython.display import display

from ..ipython.magics import register_subcommand, subcommand_parser
from .lesson import lessons

__all__ = ["lesson_command"]


def lesson_command(magics, args) -> None:
    """Opens the lesson tutor on lesson `args.name` (default: the original lesson)."""
    from .widget import LessonTutor  # ipywidgets: only when a tutor is opened
    name = args.name
    if name is not None and name not in lessons():
        raise UsageError(f"unknown lesson {name!r} (lessons: {', '.join(lessons())})")
    display(LessonTutor(name, shell=magics.shell))


register_subcommand("lesson", subcommand_parser("lesson", "Open the lesson tutor (default: the original lesson).",
                                                (["name"], {"nargs": "?",
                                                            "help": "lesson name (see nbgraph.tutor.lessons())"})),
                    lesson_command, after="reset")
