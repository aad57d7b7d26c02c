"""`%load_ext nbgraph` / `%reload_ext nbgraph` / `%unload_ext nbgraph`.

Loading registers the `%nbgraph` magic and the rich display of graphs, tensors, operations,
variables and sessions; unloading removes exactly what loading added, so a reload never
doubles anything.
"""
from __future__ import annotations

from . import display as _display

_loaded_shells = set()


def load_ipython_extension(ipython) -> None:
    from .magics import NbgraphMagics
    magics = NbgraphMagics(ipython)
    ipython.register_magics(magics)  # replaces an earlier registration of the same name
    _display.register(ipython)
    _loaded_shells.add(id(ipython))


def unload_ipython_extension(ipython) -> None:
    _display.unregister(ipython)
    mm = ipython.magics_manager
    for kind in ("line", "cell"):
        mm.magics[kind].pop("nbgraph", None)
    mm.registry.pop("NbgraphMagics", None)
    _loaded_shells.discard(id(ipython))


def is_loaded(ipython) -> bool:
    return id(ipython) in _loaded_shells
