"""Rendering: graph (or the part some fetches need) -> graphviz Digraph -> SVG; HTML cards for
sessions and placement tables. No IPython here; the `ipython/` layer shows what this draws."""
from .dot import (DotNotFound, RenderTooLarge, drawn_ids, highlight_css, options, select_ops, svg_id, to_dot,  # noqa: F401
                  to_svg)
