"""`%load_ext nbgraph` / `%reload_ext nbgraph` / `%unload_ext nbgraph`.

Loading registers the `%nbgraph` magic, the rich display of graphs, tensors, operations,
variables and sessions, a post-cell hook that refreshes live widgets, short tracebacks for the
errors nbgraph raises and cell labels in "defined at" (tracebacks.py); unloading removes
exactly what loading added, so a reload never doubles anything. In the nbgraph kernel
(`NBGRAPH_KERNEL=1`) loading also turns the `tensorflow` alias on.
"""
from __future__ import annotations

import contextlib
import os
import sys

from ..engine.session import all_sessions
from ..engine.source_labels import add_source_labeller, remove_source_labeller
from . import alias
from . import display as _display
from . import tracebacks

_loaded_shells = {}          # id(shell) -> NbgraphMagics instance
_labellers = {}              # id(shell) -> its cell labeller for "(defined at Cell In[3], line 2)"
_told_about_real_tf = False
_records_before = {}
_inner_cell = False          # True while `%%nbgraph` runs its cell: that run is part of the outer one


def sessions_alive():
    """Every session still alive, oldest first, closed ones included (a `with` block closes
    before we look)."""
    return all_sessions()


def count_records():
    """{session: how many placement records it holds}, to compare with later (`new_records`)."""
    return {s: len(s.placement_log) for s in sessions_alive()}


def new_records(before):
    """The placement records made since `before = count_records()`, oldest session first."""
    out = []
    for sess in sessions_alive():
        out += sess.placement_log[before.get(sess, 0):]
    return out


@contextlib.contextmanager
def inner_cell():
    """`%%nbgraph` runs its cell with `shell.run_cell`: the hooks skip that inner run."""
    global _inner_cell
    _inner_cell = True
    try:
        yield
    finally:
        _inner_cell = False


def records_shown():
    """What was placed so far has been shown: the post-cell table starts from here."""
    _records_before.clear()
    _records_before.update(count_records())


def _before_cell(*_args):
    if not _inner_cell:
        records_shown()


def _after_cell(*_args):
    if _inner_cell:
        return
    widgets = sys.modules.get("nbgraph.ipython.widgets")
    if widgets is not None:  # only when some widget exists; never import ipywidgets for this
        widgets.refresh_all()
    magics = next(iter(_loaded_shells.values()), None)
    if magics is not None and magics.placement_display == "table":
        new = new_records(_records_before)
        if new:
            from IPython.display import HTML, display
            from ..render.cards import placement_table
            display(HTML(placement_table(new)))


REAL_TF_NOTE = ("nbgraph: a real TensorFlow is installed too; in this kernel `import tensorflow` gives "
                "nbgraph (`%nbgraph alias tensorflow off` restores it).")


def _say_once_after_the_first_cell(ipython, text):
    """Kernel start-up output reaches no cell, so a note waits for the first cell to finish."""
    def say(*_args):
        ipython.events.unregister("post_run_cell", say)
        print(text)
    ipython.events.register("post_run_cell", say)


def load_ipython_extension(ipython) -> None:
    global _told_about_real_tf
    from .magics import NbgraphMagics
    if id(ipython) in _loaded_shells:
        unload_ipython_extension(ipython)
    magics = NbgraphMagics(parent=ipython, shell=ipython)
    ipython.register_magics(magics)
    _display.register(ipython)
    ipython.events.register("pre_run_cell", _before_cell)
    ipython.events.register("post_run_cell", _after_cell)
    _loaded_shells[id(ipython)] = magics
    _labellers[id(ipython)] = tracebacks.cell_labeller(ipython)
    add_source_labeller(_labellers[id(ipython)])
    tracebacks.install(ipython, mode=lambda: magics.traceback)
    if os.environ.get("NBGRAPH_KERNEL") == "1":
        alias.enable()
        if not _told_about_real_tf and alias.real_tensorflow_installed():
            _told_about_real_tf = True
            _say_once_after_the_first_cell(ipython, REAL_TF_NOTE)


def unload_ipython_extension(ipython) -> None:
    _display.unregister(ipython)
    tracebacks.uninstall(ipython)
    labeller = _labellers.pop(id(ipython), None)
    if labeller is not None:
        remove_source_labeller(labeller)
    for event, fn in (("pre_run_cell", _before_cell), ("post_run_cell", _after_cell)):
        try:
            ipython.events.unregister(event, fn)
        except ValueError:
            pass
    mm = ipython.magics_manager
    for kind in ("line", "cell"):
        mm.magics[kind].pop("nbgraph", None)
    mm.registry.pop("NbgraphMagics", None)
    _loaded_shells.pop(id(ipython), None)


def is_loaded(ipython) -> bool:
    return id(ipython) in _loaded_shells
