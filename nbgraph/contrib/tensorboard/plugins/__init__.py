"""`tf.contrib.tensorboard.plugins`: `projector`."""
from . import projector

__all__ = ["projector"]
