"""Tracebacks a learner can read: their cell and TF's message, not nbgraph's own frames.

An error nbgraph raises on the learner's behalf (`tf.errors.OpError`, and the `ValueError`,
`TypeError`, `RuntimeError`, `KeyError`/`IndexError` that building a graph or calling `run`
raises, as TF does) would show two to ten frames of nbgraph's source (`session.py`,
`executor.py`, ...) between the learner's line and TF's message. Loading the extension installs
an IPython custom exception handler (`shell.set_custom_exc`) that shows such an error with the
frames inside nbgraph (and the library frames it called) left out, and a note after the message
saying so; the error itself is left as it was, so `%debug` and `%tb` still see every frame. `%nbgraph traceback
full` (or `%config NbgraphMagics.traceback = 'full'`) shows everything again.

It also tells the engine how to name a notebook cell in "(defined at ...)": IPython compiles a
cell under a file name such as `<ipython-input-3-…>` or `/tmp/ipykernel_…/2237552615.py`;
`cell_labeller(shell)` turns it into IPython's own label, `Cell In[3], line 2`.
"""
from __future__ import annotations

import os
import sys
import sysconfig
import types
from typing import Callable

from ..engine.errors import OpError

__all__ = ["USER_FACING", "cell_labeller", "install", "uninstall", "visible_traceback", "HIDDEN_NOTE"]

# what nbgraph raises for the learner's mistakes, as TF does; anything else (an AttributeError
# inside nbgraph, say) is a bug in nbgraph and keeps its whole traceback
USER_FACING = (OpError, ValueError, TypeError, RuntimeError, LookupError)

_NBGRAPH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_LIBRARY_DIRS = tuple({os.path.abspath(p) + os.sep for p in
                       (sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib"))})

HIDDEN_NOTE = "({n} frame{s} inside nbgraph left out: %nbgraph traceback full shows them)"


def cell_labeller(shell) -> Callable[[str, int], str | None]:
    """A `source_labels` labeller: `Cell In[3], line 2` for a file IPython compiled a cell as."""
    def label(filename: str, line: int) -> str | None:
        compiler = getattr(shell, "compile", None)
        known = getattr(compiler, "_filename_map", {})
        if filename not in known:
            return None
        named = compiler.format_code_name(filename) if hasattr(compiler, "format_code_name") else None
        kind, name = named or ("Cell", f"In[{known[filename]}]")
        return f"{kind} {name}, line {line}"
    return label


def _inside_nbgraph(filename: str) -> bool:
    return os.path.abspath(filename).startswith(_NBGRAPH_DIR)


def _library(filename: str) -> bool:
    return os.path.abspath(filename).startswith(_LIBRARY_DIRS)


def visible_traceback(tb: types.TracebackType | None) -> tuple[types.TracebackType | None, int]:
    """(the traceback without the frames inside nbgraph nor the library frames nbgraph called,
    how many frames it left out). The learner's frames stay, those nbgraph called back too
    (a `tf.cond` branch function, a `py_func`)."""
    kept, hidden, called_by_nbgraph = [], 0, False
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if _inside_nbgraph(filename):
            called_by_nbgraph = True
            hidden += 1
        elif called_by_nbgraph and _library(filename):
            hidden += 1
        else:
            kept.append(tb)
        tb = tb.tb_next
    out = None
    for t in reversed(kept):
        out = types.TracebackType(out, t.tb_frame, t.tb_lasti, t.tb_lineno)
    return out, hidden


def _all_nbgraph(tb) -> bool:
    seen = False
    while tb is not None:
        if not _inside_nbgraph(tb.tb_frame.f_code.co_filename):
            return False
        seen, tb = True, tb.tb_next
    return seen


def _shortened(value) -> bool:
    """True for a learner-facing error that nbgraph raised (its last frame is inside nbgraph)."""
    if not isinstance(value, USER_FACING) or isinstance(value, RecursionError):
        return False
    tb = value.__traceback__
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    return last is not None and _inside_nbgraph(last.tb_frame.f_code.co_filename)


class _HiddenChain:
    """While a traceback is formatted, leaves out a cause or context that arose and was handled
    entirely inside nbgraph (nothing of the learner's in it); puts it back afterwards."""

    def __init__(self, value):
        self.value = value
        self.saved = []

    def __enter__(self):
        e, seen = self.value, set()
        while e is not None and id(e) not in seen:
            seen.add(id(e))
            nxt = e.__cause__ or (None if e.__suppress_context__ else e.__context__)
            if nxt is not None and _all_nbgraph(nxt.__traceback__):
                self.saved.append((e, e.__cause__, e.__suppress_context__))
                e.__cause__, e.__suppress_context__ = None, True
                break
            e = nxt
        return self

    def __exit__(self, *exc):
        for e, cause, suppress in self.saved:
            e.__cause__, e.__suppress_context__ = cause, suppress


class _Note:
    """A PEP 678 note on the exception while IPython formats it (IPython prints notes after the
    message); taken off again afterwards, so the learner's exception is left as it was."""

    def __init__(self, value, note):
        self.value, self.note = value, note

    def __enter__(self):
        if self.note is not None:
            self.had = hasattr(self.value, "__notes__")
            self.value.__notes__ = [*getattr(self.value, "__notes__", []), self.note]
        return self

    def __exit__(self, *exc):
        if self.note is None:
            return
        if self.had:
            self.value.__notes__ = self.value.__notes__[:-1]
        else:
            del self.value.__notes__


def _handler(mode: Callable[[], str], previous):
    """IPython's custom exception handler (see `install`)."""
    def handle(shell, etype, value, tb, tb_offset=None):
        if mode() == "full" or not _shortened(value):
            if previous is not None and isinstance(value, previous[0]):
                return previous[1](etype, value, tb, tb_offset=tb_offset)
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
            return None
        shown, hidden = visible_traceback(tb)
        note = HIDDEN_NOTE.format(n=hidden, s="" if hidden == 1 else "s") if hidden else None
        with _HiddenChain(value), _Note(value, note):
            shell.showtraceback((etype, value, shown), tb_offset=tb_offset, running_compiled_code=True)
        sys.last_traceback = tb   # %debug and %tb see every frame
        return None
    return handle


_installed = {}   # id(shell) -> (handler, the custom exceptions and handler it replaced)


def install(shell, mode: Callable[[], str]) -> None:
    """Shows learner-facing errors raised inside nbgraph without nbgraph's frames while
    `mode()` is 'short'. An earlier custom handler keeps the exceptions it handled."""
    uninstall(shell)
    previous = None
    if shell.custom_exceptions:
        previous = (shell.custom_exceptions, shell.CustomTB)
    handler = _handler(mode, previous)
    types_ = USER_FACING + (tuple(previous[0]) if previous else ())
    shell.set_custom_exc(types_, handler)
    _installed[id(shell)] = (shell.CustomTB, previous)


def uninstall(shell) -> None:
    """Puts back the custom exception handling `install` found (none, usually)."""
    mine = _installed.pop(id(shell), None)
    if mine is None:
        return
    handler, previous = mine
    if shell.CustomTB is not handler:
        return   # someone replaced ours since: leave theirs alone
    if previous is None:
        shell.set_custom_exc((), None)   # IPython's own start: no custom exceptions
    else:
        shell.custom_exceptions, shell.CustomTB = previous
