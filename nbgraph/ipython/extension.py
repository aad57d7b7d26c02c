"""`%load_ext nbgraph` / `%reload_ext nbgraph` / `%unload_ext nbgraph`.

Loading registers the `%nbgraph` magic, the rich display of graphs, tensors, operations,
variables and sessions, and a post-cell hook that refreshes live widgets; unloading removes
exactly what loading added, so a reload never doubles anything. In the nbgraph kernel
(`NBGRAPH_KERNEL=1`) loading also turns the `tensorflow` alias on.
"""
from __future__ import annotations

import os
import sys

from . import alias
from . import display as _display

_loaded_shells = set()
_told_about_real_tf = False


def _refresh_widgets(*_args):
    widgets = sys.modules.get("nbgraph.ipython.widgets")
    if widgets is not None:  # only when some widget exists; never import ipywidgets for this
        widgets.refresh_all()


def load_ipython_extension(ipython) -> None:
    global _told_about_real_tf
    from .magics import NbgraphMagics
    if id(ipython) in _loaded_shells:
        unload_ipython_extension(ipython)
    ipython.register_magics(NbgraphMagics(ipython))
    _display.register(ipython)
    ipython.events.register("post_run_cell", _refresh_widgets)
    _loaded_shells.add(id(ipython))
    if os.environ.get("NBGRAPH_KERNEL") == "1":
        alias.enable()
        if not _told_about_real_tf and alias.real_tensorflow_installed():
            _told_about_real_tf = True
            print("nbgraph: a real TensorFlow is installed too; in this kernel `import tensorflow` "
                  "gives nbgraph (`%nbgraph alias tensorflow off` restores it).")


def unload_ipython_extension(ipython) -> None:
    _display.unregister(ipython)
    try:
        ipython.events.unregister("post_run_cell", _refresh_widgets)
    except ValueError:
        pass
    mm = ipython.magics_manager
    for kind in ("line", "cell"):
        mm.magics[kind].pop("nbgraph", None)
    mm.registry.pop("NbgraphMagics", None)
    _loaded_shells.discard(id(ipython))


def is_loaded(ipython) -> bool:
    return id(ipython) in _loaded_shells
