"""Rendering: graph (or the part some fetches need) -> graphviz Digraph -> SVG; HTML cards for
sessions and placement tables. No IPython here; the `ipython/` layer shows what this draws."""
from .dot import (DotNotFound, Drawing, Exactly, Layout, RenderTimeout, RenderTooLarge, draw,  # noqa: F401
                  drawn_ids, highlight_css, inline_svg, layout, options, render_svg, select_ops, svg_id, to_dot,
                  to_svg)
