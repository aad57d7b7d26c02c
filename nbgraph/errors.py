"""`tf.errors`: the error classes and codes (re-exported from the engine)."""
from .engine.errors import *  # noqa: F401,F403
from .engine.errors import OpError  # noqa: F401
