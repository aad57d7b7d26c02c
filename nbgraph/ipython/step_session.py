"""Which session the stepper evaluates in, how it names it, and what it says when a variable
is not initialised there.

`%nbgraph step X` and `Stepper(X)` without a session use the learner's own: the default session
when its graph holds X, else the open session on X's graph that the learner used last (the
engine's `Session.last_used`); only when there is none does the stepper open one of its own,
where no variable is initialised yet, and then a failure says which variables and how to fix it.
"""
from __future__ import annotations

import re
import weakref
from typing import NamedTuple

from ..engine.errors import FailedPreconditionError
from ..engine.session import BaseSession, Session, get_default_session, open_sessions

__all__ = ["Chosen", "choose_session", "fetch_name", "session_name", "uninitialised_hint"]

_steppers_own = weakref.WeakSet()   # sessions a stepper opened for itself: never the learner's


class Chosen(NamedTuple):
    """The session to step in, and why it was chosen (said in the stepper)."""

    session: BaseSession
    why: str
    own: bool


def choose_session(graph, session: BaseSession | None = None) -> Chosen:
    """`session` if given; else the default session if its graph is `graph`; else the open
    session on `graph` used most recently; else a new session of the stepper's own."""
    if session is not None:
        return Chosen(session, "the session you passed", False)
    default = get_default_session()
    if default is not None and not default.closed and default.graph is graph:
        return Chosen(default, "the default session", False)
    yours = [s for s in open_sessions() if s.graph is graph and s not in _steppers_own]
    if yours:
        return Chosen(max(yours, key=lambda s: s.last_used), "the open session on this graph you used last", False)
    own = Session(graph=graph)
    own.label = "the stepper's own; it closes at the last step"
    _steppers_own.add(own)
    return Chosen(own, "a new session of its own: no open session holds this graph", True)


def session_name(session: BaseSession) -> str:
    """`sess (Session #2)`: the learner's name for it when their namespace has one."""
    number = f"{type(session).__name__} #{session.serial}"
    names = _names_in_notebook(session)
    return f"{names[0]} ({number})" if names else number


def _names_in_notebook(obj) -> list[str]:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipywidgets without IPython
        return []
    shell = get_ipython()
    if shell is None:
        return []
    return sorted(k for k, v in list(shell.user_ns.items()) if v is obj and not k.startswith("_"))


_UNINITIALISED = re.compile(r"Attempting to use uninitialized value (\S+)")


def fetch_name(fetches) -> str:
    """How the learner would type `fetches`: their variable's name, else the tensor's name."""
    names = _names_in_notebook(fetches)
    if names:
        return names[0]
    return getattr(fetches, "name", None) or "X"


def uninitialised_hint(chosen: Chosen, plan_ops, error, fetch_expr: str = "X") -> str | None:
    """What to do when stepping failed on a variable not initialised in the session: the
    variables the plan reads that the session has not initialised, and the fix."""
    if not isinstance(error, FailedPreconditionError):
        return None
    found = _UNINITIALISED.search(error.message)
    if found is None:
        return None
    session = chosen.session
    done = session.initialized_variables()
    names = [op.name for op in plan_ops if op.type in ("VariableV2", "Variable") and op not in done]
    if not names:
        names = [found.group(1)]
    listed = ", ".join(names)
    if chosen.own:
        return (f"Not initialised: {listed}. The stepper opened a session of its own (no open session "
                f"holds this graph), and variables start uninitialised in every new session. Create a "
                f"session and initialise them: sess = tf.Session(); sess.run(tf.global_variables_initializer()) "
                f"— then step again (the stepper uses that session), or pass it: "
                f"%nbgraph step {fetch_expr} --session sess")
    name = session_name(session)
    short = name.split(" (")[0] if " (" in name else "sess"
    return (f"Not initialised in {name}: {listed}. Run {short}.run(tf.global_variables_initializer()) "
            f"first, or step in a session where they are: %nbgraph step {fetch_expr} --session OTHER")
