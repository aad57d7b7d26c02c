"""`tf.feature_column.input_layer` and `tf.feature_column.linear_model`: a dict of raw features
through a list of columns to a model's dense input, or to a linear model's `[batch, units]`
weighted sum, with TF 1.15's variable names (`input_layer/<column>/embedding_weights`,
`linear_model/<column>/weights`, `linear_model/bias_weights`), columns taken in name order."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.graph import get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops import reduce_ops as _r
from ..engine.ops.array_ops import cast, concat, expand_dims, reshape, shape, stack
from ..engine.ops.index_ops import gather
from ..engine.ops.nn_ops import add_n
from ..engine.shapes import TensorShape
from ..engine.tensor import Tensor
from ..engine.variables import get_variable, variable_scope
from . import columns as fc

_DENSE = (fc.NumericColumn, fc.BucketizedColumn, fc.IndicatorColumn, fc.EmbeddingColumn)
_IDS = (fc.VocabularyListCategoricalColumn, fc.IdentityCategoricalColumn, fc.BucketizedColumn,
        fc.HashedCategoricalColumn)


def _ids_columns() -> tuple:
    from .crossed import CrossedColumn
    return _IDS + (CrossedColumn,)


def _check_columns(feature_columns) -> list:
    if isinstance(feature_columns, _DENSE + _ids_columns()):
        feature_columns = [feature_columns]
    feature_columns = list(feature_columns or [])
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    names = set()
    for column in feature_columns:
        if not isinstance(column, _DENSE + _ids_columns()):
            raise ValueError(f"Items of feature_columns must be a _FeatureColumn. Given (type {type(column)}): "
                             f"{column}.")
        if column.name in names:
            raise ValueError(f"Duplicate feature column name found for columns: {column} and "
                             f"{[c for c in feature_columns if c.name == column.name][0]}. This usually means "
                             "that these columns refer to same base feature. Either one must be discarded or a "
                             "duplicated but renamed item must be inserted in features dict.")
        names.add(column.name)
    return feature_columns


def _flatten(tensor: Tensor, num_elements: int) -> Tensor:
    """`[batch, ...]` -> `[batch, num_elements]`, keeping a static batch size where there is one."""
    batch = tensor.get_shape()[0] if tensor.get_shape().ndims else None
    out = reshape(tensor, stack([shape(tensor)[0], num_elements]))
    batch_value = getattr(batch, "value", batch)
    out.set_shape(TensorShape([batch_value, num_elements]))
    return out


def input_layer(features: dict, feature_columns, weight_collections=None, trainable=True, cols_to_vars=None,
                cols_to_output_tensors=None) -> Tensor:
    """The dense input of a model: each column's block, flattened, concatenated in name order."""
    feature_columns = _check_columns(feature_columns)
    for column in feature_columns:
        if not isinstance(column, _DENSE):
            raise ValueError("Items of feature_columns must be a _DenseColumn. You can wrap a categorical column "
                             f"with an embedding_column or indicator_column. Given: {column}")
    with variable_scope(None, default_name="input_layer", values=list(features.values())):
        blocks = []
        for column in sorted(feature_columns, key=lambda c: c.name):
            with variable_scope(None, default_name=column.name):
                before = set(get_default_graph().get_collection("variables"))
                block = _flatten(column.get_dense_tensor(features), column.num_elements())
                if cols_to_vars is not None:
                    cols_to_vars[column] = [v for v in get_default_graph().get_collection("variables")
                                            if v not in before]
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = block
                blocks.append(block)
        return concat(blocks, 1)


def _weighted_sum(column, features, units, sparse_combiner, trainable):
    if isinstance(column, _ids_columns()):
        ids = column.get_ids(features)
        weights = get_variable("weights", [column.num_buckets, units], dtype=_dt.float32,
                               initializer=_init.zeros_initializer(), trainable=trainable)
        valid = cast(_m.greater_equal(ids, 0), _dt.float32)
        rows = gather(weights, _m.maximum(ids, 0)) * expand_dims(valid, -1)
        total = _r.reduce_sum(rows, -2)
        if sparse_combiner == "sum":
            return total, weights
        count = _r.reduce_sum(valid, -1, keepdims=True)
        if sparse_combiner == "sqrtn":
            count = _m.sqrt(count)
        from ..engine.ops.nn_extra_ops import div_no_nan
        return div_no_nan(total, count), weights
    n = column.num_elements()
    weights = get_variable("weights", [n, units], dtype=_dt.float32, initializer=_init.zeros_initializer(),
                           trainable=trainable)
    dense = _flatten(column.get_dense_tensor(features), n)
    from ..engine.ops.reduce_ops import matmul
    return matmul(dense, weights, name="weighted_sum"), weights


def linear_model(features: dict, feature_columns, units=1, sparse_combiner="sum", weight_collections=None,
                 trainable=True, cols_to_vars=None) -> Tensor:
    """A linear model's `[batch, units]` prediction: every column times its weights (categorical
    columns: the weights of their ids, combined by `sparse_combiner`), summed, plus `bias_weights`."""
    from ..engine.ops.conv_ops import bias_add
    feature_columns = _check_columns(feature_columns)
    if sparse_combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError(f"sparse_combiner must be one of 'mean', 'sqrtn' or 'sum', given {sparse_combiner!r}")
    with variable_scope(None, default_name="linear_model") as vs:
        model_name = vs.name.split("/")[-1]
    g = get_default_graph()
    # TF 1.15 runs a Keras layer named like the scope: a second name scope `linear_model_1`
    with variable_scope(vs, auxiliary_name_scope=False), g.name_scope(model_name):
        with g.name_scope(model_name):
            sums = []
            for column in sorted(feature_columns, key=lambda c: c.name):
                with variable_scope(None, default_name=column.name):
                    total, weights = _weighted_sum(column, features, units, sparse_combiner, trainable)
                    sums.append(total)
                    if cols_to_vars is not None:
                        cols_to_vars[column] = [weights]
            no_bias = add_n(sums, name="weighted_sum_no_bias")
            bias = get_variable("bias_weights", [units], dtype=_dt.float32, initializer=_init.zeros_initializer(),
                                trainable=trainable)
            if cols_to_vars is not None:
                cols_to_vars["bias"] = [bias]
            return bias_add(no_bias, bias, name="weighted_sum")

