"""`tf.feature_column` as TF 1.15 offers it: numeric, bucketized, vocabulary-list, identity and hash-bucket
categorical, indicator, embedding and crossed columns; `input_layer` and `linear_model`."""
from __future__ import annotations

from .columns import (bucketized_column, categorical_column_with_hash_bucket,  # noqa: F401
                      categorical_column_with_identity,
                      categorical_column_with_vocabulary_list, embedding_column, indicator_column, numeric_column)
from .crossed import crossed_column  # noqa: F401
from .layers import input_layer, linear_model  # noqa: F401
