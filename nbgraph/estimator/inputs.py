"""`tf.estimator.inputs.numpy_input_fn` and `pandas_input_fn`: input functions that batch numpy
arrays (or a pandas DataFrame) for an Estimator, with TF 1.15's arguments, checks and messages.

TF 1.15 fed the rows through a FIFO (or random-shuffle) queue filled by a queue runner; here the
same batches come from a `tf.data` pipeline (slices, repeated `num_epochs` times, shuffled
through a `queue_capacity` buffer, batched), which the Estimator's monitored session runs the
same way: the last batch of a finite input may be short, and the input's end stops the loop."""
from __future__ import annotations

import collections
from typing import Callable

import numpy as np

_TARGET_KEY = "__target_key__"


def _check_shuffle(shuffle):
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set it as "
                         f"True for training); got {shuffle}")


def _unique_key(data: dict, key: str) -> str:
    while key in data:
        key += "_n"
    return key


def _batches(columns: "collections.OrderedDict", batch_size, num_epochs, shuffle, queue_capacity) -> dict:
    """The dict of batched tensors `get_next()` gives for these columns."""
    from ..data.dataset_ops import Dataset
    ds = Dataset.from_tensor_slices(dict(columns)).repeat(num_epochs)
    if shuffle:
        ds = ds.shuffle(queue_capacity)
    return ds.batch(batch_size).make_one_shot_iterator().get_next()


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                   num_threads=1) -> Callable:
    """An input_fn giving `(features, labels)` batches of numpy data: `x` a dict of arrays (or one
    array, which then is the features tensor itself), `y` an array, a dict of arrays or None."""
    _check_shuffle(shuffle)

    def input_fn():
        if isinstance(x, dict):
            if not x:
                raise ValueError("x cannot be an empty dict")
            data = collections.OrderedDict(sorted(((k, np.asarray(v)) for k, v in x.items()), key=lambda t: t[0]))
        elif isinstance(x, np.ndarray):
            if x.size == 0:
                raise ValueError("x cannot be an empty array")
            data = collections.OrderedDict([("__direct_np_input__", x)])
        else:
            raise TypeError(f"x must be a dict or array; got {type(x).__name__}")
        feature_keys = list(data)
        if y is None:
            target_keys = None
        elif isinstance(y, dict):
            if not y:
                raise ValueError("y cannot be empty dict, use None instead.")
            ordered_y = collections.OrderedDict(sorted(((k, np.asarray(v)) for k, v in y.items()),
                                                       key=lambda t: t[0]))
            target_keys = list(ordered_y)
            duplicate = set(feature_keys) & set(target_keys)
            if duplicate:
                raise ValueError(f"{len(duplicate)} duplicate keys are found in both x and y: {duplicate}")
            data.update(ordered_y)
        else:
            target_keys = _unique_key(data, _TARGET_KEY)
            data[target_keys] = np.asarray(y)
        if len({v.shape[0] for v in data.values()}) != 1:
            x_shapes = {k: data[k].shape for k in feature_keys}
            if target_keys is None:
                y_shapes = None
            elif isinstance(target_keys, str):
                y_shapes = np.asarray(y).shape
            else:
                y_shapes = {k: data[k].shape for k in target_keys}
            raise ValueError("Length of tensors in x and y is mismatched. All elements in x and y must have the same "
                             f"length.\nShapes in x: {x_shapes}\nShapes in y: {y_shapes}\n")
        batch = _batches(data, batch_size, num_epochs, shuffle, queue_capacity)
        features = batch["__direct_np_input__"] if isinstance(x, np.ndarray) else {k: batch[k] for k in feature_keys}
        if target_keys is None:
            return features
        if isinstance(target_keys, str):
            return features, batch[target_keys]
        return features, {k: batch[k] for k in target_keys}

    return input_fn


def pandas_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1,
                    target_column="target") -> Callable:
    """An input_fn giving batches of a pandas DataFrame's columns (features keyed by column name)
    and of `y` (a Series, or a DataFrame whose columns become a dict of labels)."""
    try:
        import pandas as pd
    except ImportError:
        raise TypeError("pandas_input_fn should not be called without pandas installed") from None
    _check_shuffle(shuffle)
    if not isinstance(target_column, str):
        raise TypeError("target_column must be a string type")
    x = x.copy()
    y_columns = None
    if y is not None:
        if target_column in x:
            raise ValueError(f"Cannot use name {target_column} for target column: DataFrame already has a column "
                             f"with that name: {x.columns}")
        if not np.array_equal(x.index, y.index):
            raise ValueError(f"Index for x and y are mismatched.\nIndex for x: {x.index}\nIndex for y: {y.index}\n")
        if isinstance(y, pd.DataFrame):
            y_columns = [(column, _unique_key(x, column)) for column in list(y)]
            for column, key in y_columns:
                x[key] = y[column]
        else:
            x[target_column] = y

    def input_fn():
        columns = collections.OrderedDict((str(c), x[c].values) for c in x.columns)
        features = dict(_batches(columns, batch_size, num_epochs, shuffle, queue_capacity))
        if y is None:
            return features
        if y_columns is not None:
            return features, {k: features.pop(key) for k, key in y_columns}
        return features, features.pop(target_column)

    return input_fn
