"""`tf.train`: checkpoints and graph files (this branch's part; the optimizers join it).

Saver in `saver.py`, the `checkpoint` state file in `checkpoint_management.py`, readers in
`checkpoint_utils.py`; GraphDef and MetaGraphDef files in `nbgraph/formats/meta_graph.py`.
"""
from __future__ import annotations

from ..formats.events import summary_iterator  # noqa: F401
from ..formats.meta_graph import export_meta_graph, import_meta_graph, write_graph  # noqa: F401
from .checkpoint_management import (CheckpointState, checkpoint_exists, get_checkpoint_mtimes,  # noqa: F401
                                    get_checkpoint_state, latest_checkpoint, meta_graph_filename,
                                    remove_checkpoint, update_checkpoint_state)
from .checkpoint_utils import (CheckpointReader, NewCheckpointReader, list_variables, load_checkpoint,  # noqa: F401
                               load_variable)
from .saver import Saver  # noqa: F401
