"""`tf.train`: checkpoints and graph files (this branch's part; the optimizers join it).

Saver and the checkpoint readers live in `saver.py` / `checkpoint_utils.py`; GraphDef and
MetaGraphDef files in `nbgraph/formats/meta_graph.py`.
"""
from __future__ import annotations

from ..formats.meta_graph import export_meta_graph, import_meta_graph, write_graph  # noqa: F401
