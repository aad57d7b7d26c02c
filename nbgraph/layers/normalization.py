"""`tf.layers.BatchNormalization` / `tf.layers.batch_normalization`, as TF 1.15 builds them.

Variables `gamma`, `beta` (trainable), `moving_mean`, `moving_variance` (not trainable) in the
layer's scope. 4-D inputs normalised over the channel axis take one `FusedBatchNormV3`; other
ranks take `moments` and `batchnorm/...` ops. While training, the moving averages are updated
by `AssignMovingAvg` (`AssignSub`) ops that land in the `UPDATE_OPS` collection, so lessons run
them with `tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`. A `training`
tensor builds `tf.cond`s (named `cond`, `cond_1`, ...) as TF's `smart_cond` does."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.convert import constant_value, convert_to_tensor, make_constant
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops import nn_more_ops as _nn
from ..engine.ops.array_ops import cast, reshape
from ..engine.ops.batch_norm_ops import fused_batch_norm
from ..engine.ops.control_flow_ops import cond
from ..engine.ops.state_ops import assign_sub
from ..engine.tensor import Tensor
from .base import Layer


def _smart_cond(pred, true_fn, false_fn):
    if isinstance(pred, Tensor):
        known = constant_value(pred)
        if known is None:
            return cond(pred, true_fn, false_fn)
        pred = bool(known)
    return true_fn() if pred else false_fn()


class BatchNormalization(Layer):
    """Normalises its input over the batch (training) or by its moving averages (inference)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=_init.zeros_initializer(), gamma_initializer=_init.ones_initializer(),
                 moving_mean_initializer=_init.zeros_initializer(),
                 moving_variance_initializer=_init.ones_initializer(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("batch renormalization, virtual batches and adjustment are not supported "
                                      "by nbgraph")
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center, self.scale = center, scale
        self.beta_initializer, self.gamma_initializer = beta_initializer, gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.fused = fused
        self.updates: list = []

    def build(self, input_shape):
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError("Input has undefined rank:", input_shape)  # TF 1.15's two-argument text
        axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        axes = [a + ndims if a < 0 else a for a in axes]
        for a in axes:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis: {a}")
        if len(set(axes)) != len(axes):
            raise ValueError(f"Duplicate axis: {self.axis}")
        self._axes = axes
        if self.fused is None:
            self.fused = ndims == 4 and axes in ([1], [3])
        elif self.fused and not (ndims == 4 and axes in ([1], [3])):
            raise ValueError(f"Unsupported axis, fused batch norm only supports axis == [1] or axis == [3]")
        self._data_format = "NCHW" if axes == [1] and self.fused else "NHWC"
        dims = input_shape.as_list()
        param_shape = [dims[a] for a in axes]
        if any(d is None for d in param_shape):
            raise ValueError(f"Input has undefined `axis` dimension. Input shape: {input_shape}")
        dtype = _dt.float32 if self._dtype in (_dt.float16,) else self._dtype
        self.gamma = self.add_weight("gamma", param_shape, dtype, self.gamma_initializer, self.gamma_regularizer) \
            if self.scale else None
        self.beta = self.add_weight("beta", param_shape, dtype, self.beta_initializer, self.beta_regularizer) \
            if self.center else None
        self.moving_mean = self.add_weight("moving_mean", param_shape, dtype, self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight("moving_variance", param_shape, dtype,
                                               self.moving_variance_initializer, trainable=False)

    # -- updates ------------------------------------------------------------------------------------
    def _assign_moving_average(self, variable, value, momentum):
        g = get_default_graph()
        with g.name_scope("AssignMovingAvg") as scope:
            with g.colocate_with(variable.op):
                if isinstance(momentum, Tensor):
                    decay = 1.0 - momentum
                else:
                    decay = make_constant(_dt.as_dtype(variable.dtype.base_dtype).as_numpy_dtype(1.0 - momentum),
                                          name="decay")
                delta = (variable - cast(value, variable.dtype.base_dtype)) * decay
                return assign_sub(variable, delta, name=scope)

    def _add_update(self, t):
        op = t.op if isinstance(t, Tensor) else t
        self.updates.append(op)
        get_default_graph().add_to_collection(GraphKeys.UPDATE_OPS, op)

    # -- the two paths ------------------------------------------------------------------------------
    def call(self, inputs, training=False):
        if self.fused:
            return self._fused(inputs, training)
        ndims = inputs.get_shape().ndims
        reduction_axes = [i for i in range(ndims) if i not in self._axes]
        bshape = [1] * ndims
        for a in self._axes:
            bshape[a] = inputs.get_shape().as_list()[a]

        def bcast(v):
            if v is not None and v.get_shape().ndims != ndims and reduction_axes != list(range(ndims - 1)):
                return reshape(v, bshape)
            return v

        known = constant_value(training) if isinstance(training, Tensor) else training
        if known is not None and not bool(known):
            mean, variance = self.moving_mean, self.moving_variance
        else:
            mean, variance = _nn.moments(cast(inputs, self.moving_mean.dtype.base_dtype)
                                         if inputs.dtype.base_dtype == _dt.float16 else inputs, reduction_axes)
            batch_mean, batch_var = mean, variance
            mean = _smart_cond(training, lambda: batch_mean, lambda: convert_to_tensor(self.moving_mean))
            variance = _smart_cond(training, lambda: batch_var, lambda: convert_to_tensor(self.moving_variance))
            new_mean, new_var = mean, variance
            self._add_update(_smart_cond(training, lambda: self._assign_moving_average(self.moving_mean, new_mean,
                                                                                        self.momentum),
                                         lambda: convert_to_tensor(self.moving_mean)))
            self._add_update(_smart_cond(training, lambda: self._assign_moving_average(
                self.moving_variance, new_var, self.momentum), lambda: convert_to_tensor(self.moving_variance)))
        dt = inputs.dtype.base_dtype
        outputs = _nn.batch_normalization(inputs, bcast(cast(mean, dt) if isinstance(mean, Tensor) else mean),
                                          bcast(cast(variance, dt) if isinstance(variance, Tensor) else variance),
                                          bcast(self.beta), bcast(self.gamma), self.epsilon)
        outputs.set_shape(inputs.get_shape())
        return outputs

    def _fused(self, inputs, training):
        c = inputs.get_shape().as_list()[self._axes[0]]
        dt = self.moving_mean.dtype.base_dtype
        gamma = self.gamma if self.gamma is not None else make_constant(_dt.as_dtype(dt).as_numpy_dtype([1.0] * c))
        beta = self.beta if self.beta is not None else make_constant(_dt.as_dtype(dt).as_numpy_dtype([0.0] * c))

        def fused_training():
            return fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean, variance=self.moving_variance,
                                    epsilon=self.epsilon, data_format=self._data_format)

        def fused_inference():
            return fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean, variance=self.moving_variance,
                                    epsilon=self.epsilon, is_training=False, data_format=self._data_format)

        output, mean, variance = _smart_cond(training, fused_training, fused_inference)
        known = constant_value(training) if isinstance(training, Tensor) else training
        if known is None:
            momentum = cond(training, lambda: make_constant(_dt.as_dtype(dt).as_numpy_dtype(self.momentum)),
                            lambda: make_constant(_dt.as_dtype(dt).as_numpy_dtype(1.0)))
        else:
            momentum = convert_to_tensor(self.momentum)
        if known is None or bool(known):
            self._add_update(self._assign_moving_average(self.moving_mean, mean, momentum))
            self._add_update(self._assign_moving_average(self.moving_variance, variance, momentum))
        return output


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=_init.zeros_initializer(), gamma_initializer=_init.ones_initializer(),
                        moving_mean_initializer=_init.zeros_initializer(),
                        moving_variance_initializer=_init.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None) -> Tensor:
    """`tf.layers.batch_normalization`: normalise `inputs`; with `training` true (a bool or a bool
    tensor) by the batch's statistics, adding the moving-average updates to `UPDATE_OPS`."""
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                               beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                               moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer,
                               beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                               beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
                               renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
                               trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
                               name=name, _reuse=reuse, _scope=name,
                               dtype=inputs.dtype.base_dtype if hasattr(inputs, "dtype") else None)
    return layer.apply(inputs, training=training)
