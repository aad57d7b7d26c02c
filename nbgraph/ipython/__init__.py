"""The IPython layer: `%load_ext nbgraph` (magics, rich display, inline placement logs) and the
ipywidgets views."""
