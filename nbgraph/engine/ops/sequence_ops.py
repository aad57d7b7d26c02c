"""`tf.reverse` and `tf.reverse_sequence` under the name the RNN builders import them by; the ops
(`ReverseV2`, `ReverseSequence`) and their gradients live in `reorder_ops.py`/`segment_grad.py`."""
from __future__ import annotations

from .reorder_ops import reverse, reverse_sequence  # noqa: F401

__all__ = ["reverse", "reverse_sequence"]
