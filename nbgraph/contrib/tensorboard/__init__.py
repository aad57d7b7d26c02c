"""`tf.contrib.tensorboard`: its `plugins.projector` (embedding projector configs), which word2vec
lessons write next to their checkpoints."""
from . import plugins

__all__ = ["plugins"]
