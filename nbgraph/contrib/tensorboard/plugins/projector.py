"""`tf.contrib.tensorboard.plugins.projector` as TF 1.x has it: TensorBoard's `ProjectorConfig`
protos and `visualize_embeddings(summary_writer, config)`, which writes the config as text to
`projector_config.pbtxt` in the writer's log directory for TensorBoard's projector tab.

The protos come from TensorBoard (nbgraph's `tensorboard` extra)."""
from __future__ import annotations

import os

try:
    from google.protobuf import text_format as _text_format
    from tensorboard.plugins.projector.projector_config_pb2 import (EmbeddingInfo, ProjectorConfig,
                                                                    SpriteMetadata)
except ImportError as e:  # pragma: no cover - the extra is part of the test install
    raise ImportError("tf.contrib.tensorboard.plugins.projector needs TensorBoard's protos: "
                      "pip install 'nbgraph[tensorboard]'") from e

__all__ = ["EmbeddingInfo", "ProjectorConfig", "SpriteMetadata", "visualize_embeddings", "PROJECTOR_FILENAME"]

PROJECTOR_FILENAME = "projector_config.pbtxt"


def visualize_embeddings(summary_writer, config) -> None:
    """Stores `config` (a ProjectorConfig) in the log directory of `summary_writer`."""
    from ....gfile import GFile
    logdir = summary_writer.get_logdir()
    if logdir is None:
        raise ValueError("Summary writer must have a logdir")
    with GFile(os.path.join(logdir, PROJECTOR_FILENAME), "w") as f:
        f.write(_text_format.MessageToString(config))
