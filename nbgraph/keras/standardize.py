"""How `fit`/`evaluate`/`predict` check the arrays they are given, as TF 1.15's
`standardize_input_data` and `check_loss_and_target_compatibility` do: 1-D arrays become columns,
inputs must match the placeholders' rank and shape (`Error when checking input: expected
dense_input to have shape (4,) but got array with shape (3,)`), and targets must fit the losses
that mirror the output."""
from __future__ import annotations

import numpy as np

from . import losses as _losses


def _as_list(data, names, what):
    if data is None:
        return []
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError(f"No data provided for \"{missing[0]}\". Need data for each key in: {names}")
        return [np.asarray(data[n]) for n in names]
    if isinstance(data, (list, tuple)) and len(names) > 1:
        if len(data) != len(names):
            raise ValueError(f"Error when checking model {what}: the list of Numpy arrays that you are passing to "
                             f"your model is not the size the model expected. Expected to see {len(names)} "
                             f"array(s), but instead got the following list of {len(data)} arrays.")
        return [np.asarray(d) for d in data]
    return [np.asarray(data)]


def _check_arrays(arrays, tensors, names, what, check_last=True):
    """TF 1.15's `standardize_input_data`: 1-D arrays become columns, then rank and shape checks."""
    out = []
    for a, t, name in zip(arrays, tensors, names):
        shape = t.get_shape().as_list()
        if a.ndim == 1:
            a = np.expand_dims(a, 1)
        if what == "target":
            out.append(a)
            continue
        if a.ndim != len(shape):
            raise ValueError(f"Error when checking {what}: expected {name} to have {len(shape)} dimensions, but got "
                             f"array with shape {a.shape}")
        for i, (d, e) in enumerate(zip(a.shape[1:], shape[1:])):
            if e is not None and d != e and (check_last or i < len(shape) - 2):
                raise ValueError(f"Error when checking {what}: expected {name} to have shape "
                                 f"{tuple(shape[1:])} but got array with shape {a.shape[1:]}".replace(",)", ",)"))
        out.append(a)
    return out


def _check_loss_and_target(ys, loss_fns, outputs):
    """TF 1.15's `check_loss_and_target_compatibility` for the losses whose target mirrors the output."""
    key = (_losses.mean_squared_error, _losses.binary_crossentropy, _losses.categorical_crossentropy)
    for y, fn, out in zip(ys, loss_fns, outputs):
        if fn is _losses.categorical_crossentropy and y.shape[-1] == 1:
            raise ValueError(f"You are passing a target array of shape {y.shape} while using as loss "
                             "`categorical_crossentropy`. `categorical_crossentropy` expects targets to be binary "
                             "matrices (1s and 0s) of shape (samples, classes). If your targets are integer classes, "
                             "you can convert them to the expected format via:\n```\nfrom keras.utils import "
                             "to_categorical\ny_binary = to_categorical(y_int)\n```\n\nAlternatively, you can use "
                             "the loss function `sparse_categorical_crossentropy` instead, which does expect integer "
                             "targets.")
        if fn in key:
            shape = tuple(out.get_shape().as_list())
            for target_dim, out_dim in zip(y.shape[1:], shape[1:]):
                if out_dim is not None and target_dim != out_dim:
                    raise ValueError(f"A target array with shape {y.shape} was passed for an output of shape "
                                     f"{shape} while using as loss `{fn.__name__}`. This loss expects targets to "
                                     "have the same shape as the output.")
