"""`tf.contrib.lookup`: hash tables and their initializers (engine/ops/lookup_ops.py)."""
from __future__ import annotations

from ..engine.ops.lookup_ops import (HashTable, KeyValueTensorInitializer, index_table_from_tensor,  # noqa: F401
                                     index_to_string_table_from_tensor)

__all__ = ["HashTable", "KeyValueTensorInitializer", "index_table_from_tensor", "index_to_string_table_from_tensor"]
