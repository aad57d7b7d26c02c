"""`tf.keras.optimizers`: SGD, Adam, RMSprop, Adagrad, Adadelta with Keras's arguments and defaults
(`learning_rate` or the older `lr`, epsilon 1e-7), each a `tf.train` optimizer underneath so the
training step is ordinary graph ops; `get` resolves `'adam'`, `'sgd'`... and `tf.train` objects."""
from __future__ import annotations

import nbgraph as tf

from ..engine import initializers as _init


def _lr(learning_rate, kwargs):
    lr = kwargs.pop("lr", None)
    for k in ("decay", "clipnorm", "clipvalue"):
        if kwargs.get(k):
            raise NotImplementedError(f"nbgraph's Keras optimizers do not support `{k}`")
        kwargs.pop(k, None)
    if kwargs:
        raise TypeError(f"Unexpected keyword argument passed to optimizer: {next(iter(kwargs))}")
    return learning_rate if lr is None else lr


class SGD(tf.train.MomentumOptimizer):
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        self.learning_rate = _lr(learning_rate, kwargs)
        self.momentum = momentum
        super().__init__(self.learning_rate, momentum, name=name, use_nesterov=nesterov)

    def _create_slots(self, var_list):
        if self.momentum:
            super()._create_slots(var_list)

    def _apply_dense(self, grad, var):
        if self.momentum:
            return super()._apply_dense(grad, var)
        from ..engine.ops import training_ops
        lr = self._cast(self._learning_rate_tensor, var)
        return training_ops.apply_gradient_descent(var, lr, grad, use_locking=self._use_locking).op


class Adam(tf.train.AdamOptimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name="Adam",
                 **kwargs):
        if amsgrad:
            raise NotImplementedError("nbgraph's Adam has no amsgrad variant")
        self.learning_rate = _lr(learning_rate, kwargs)
        super().__init__(self.learning_rate, beta1=beta_1, beta2=beta_2, epsilon=epsilon, name=name)


class RMSprop(tf.train.RMSPropOptimizer):
    """Keras's RMSprop: the mean square starts at zeros (tf.train's at ones)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name="RMSprop",
                 **kwargs):
        self.learning_rate = _lr(learning_rate, kwargs)
        super().__init__(self.learning_rate, decay=rho, momentum=momentum, epsilon=epsilon, centered=centered,
                         name=name)

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_initializer(v, _init.Zeros(dtype=v.dtype.base_dtype), v.get_shape(),
                                                    v.dtype.base_dtype, "rms", self._name)
        super()._create_slots(var_list)

    def _apply_dense(self, grad, var):
        if self._momentum or self._centered:
            return super()._apply_dense(grad, var)
        # Keras's own step without momentum: epsilon added outside the square root
        rms = self.get_slot(var, "rms")
        c = self._cast
        rho = c(self._decay_tensor, var)
        rms_t = tf.assign(rms, rho * rms + (1.0 - rho) * tf.square(grad), use_locking=self._use_locking)
        step = c(self._learning_rate_tensor, var) * grad / (tf.sqrt(rms_t) + c(self._epsilon_tensor, var))
        return tf.assign_sub(var, step, use_locking=self._use_locking).op


class Adagrad(tf.train.AdagradOptimizer):
    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, name="Adagrad", **kwargs):
        self.learning_rate = _lr(learning_rate, kwargs)
        super().__init__(self.learning_rate, initial_accumulator_value=initial_accumulator_value, name=name)


class Adadelta(tf.train.AdadeltaOptimizer):
    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name="Adadelta", **kwargs):
        self.learning_rate = _lr(learning_rate, kwargs)
        super().__init__(self.learning_rate, rho=rho, epsilon=epsilon, name=name)


_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad, "adadelta": Adadelta}


def get(identifier):
    """An optimizer from a name (`'adam'`), a Keras optimizer or a `tf.train` optimizer."""
    if isinstance(identifier, tf.train.Optimizer):
        return identifier
    if isinstance(identifier, str):
        key = identifier.lower()
        if key not in _BY_NAME:
            raise ValueError(f"Unknown optimizer: {identifier}")
        return _BY_NAME[key]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
