"""More TF 1.15 optimizers: FTRL-proximal (`FtrlOptimizer`), proximal gradient descent and
proximal Adagrad, and Adagrad dual averaging (`AdagradDAOptimizer`) — TF's constructor
defaults and checks, slot names (`w/Ftrl`, `w/Ftrl_1`, `w/ProximalAdagrad`, `w/AdagradDA`,
`w/AdagradDA_1`), hyper-parameter tensors and `Apply*` ops (engine/ops/training_more_ops.py)."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.convert import convert_to_tensor
from ..engine.graph import get_default_graph
from ..engine.ops import training_more_ops as T
from ..engine.ops.array_ops import cast, identity
from .optimizer import Optimizer

__all__ = ["FtrlOptimizer", "ProximalGradientDescentOptimizer", "ProximalAdagradOptimizer", "AdagradDAOptimizer"]


class FtrlOptimizer(Optimizer):
    """FTRL-proximal (McMahan et al.): slots `accum` (starting at `initial_accumulator_value`)
    and `linear` (zeros); `ApplyFtrl`, or `ApplyFtrlV2` with l2 shrinkage."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0):
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError(f"initial_accumulator_value {initial_accumulator_value:f} needs to be positive or zero")
        if learning_rate_power > 0.0:
            raise ValueError(f"learning_rate_power {learning_rate_power:f} needs to be negative or zero")
        if l1_regularization_strength < 0.0:
            raise ValueError(f"l1_regularization_strength {l1_regularization_strength:f} needs to be positive or "
                             "zero")
        if l2_regularization_strength < 0.0:
            raise ValueError(f"l2_regularization_strength {l2_regularization_strength:f} needs to be positive or "
                             "zero")
        if l2_shrinkage_regularization_strength < 0.0:
            raise ValueError(f"l2_shrinkage_regularization_strength {l2_shrinkage_regularization_strength:f} needs "
                             "to be positive or zero")
        self._learning_rate, self._learning_rate_power = learning_rate, learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2, self._l2_shrinkage = (l1_regularization_strength, l2_regularization_strength,
                                                  l2_shrinkage_regularization_strength)
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            dt = v.dtype.base_dtype
            self._get_or_make_slot_with_initializer(v, _init.Constant(self._initial_accumulator_value, dtype=dt),
                                                    v.get_shape(), dt, "accum", self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        c = self._call_if_callable
        self._learning_rate_tensor = convert_to_tensor(c(self._learning_rate), name="learning_rate")
        self._l1_tensor = convert_to_tensor(c(self._l1), name="l1_regularization_strength")
        self._l2_tensor = convert_to_tensor(c(self._l2), name="l2_regularization_strength")
        self._l2_shrinkage_tensor = convert_to_tensor(c(self._l2_shrinkage),
                                                      name="l2_shrinkage_regularization_strength")
        self._learning_rate_power_tensor = convert_to_tensor(c(self._learning_rate_power),
                                                             name="learning_rate_power")

    def _apply_dense(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        args = [self._cast(t, var) for t in (self._learning_rate_tensor, self._l1_tensor, self._l2_tensor)]
        if self._l2_shrinkage <= 0.0:
            return T.apply_ftrl(var, accum, linear, grad, *args, self._cast(self._learning_rate_power_tensor, var),
                                use_locking=self._use_locking).op
        return T.apply_ftrl_v2(var, accum, linear, grad, *args, self._cast(self._l2_shrinkage_tensor, var),
                               self._cast(self._learning_rate_power_tensor, var), use_locking=self._use_locking).op


class ProximalGradientDescentOptimizer(Optimizer):
    """A gradient step, then the l1/l2 proximal map: `ApplyProximalGradientDescent`."""

    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate, self._l1, self._l2 = learning_rate, l1_regularization_strength, l2_regularization_strength

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._l1_tensor = convert_to_tensor(self._l1, name="l1_regularization_strength")
        self._l2_tensor = convert_to_tensor(self._l2, name="l2_regularization_strength")

    def _apply_dense(self, grad, var):
        return T.apply_proximal_gradient_descent(var, self._learning_rate_tensor, self._l1_tensor, self._l2_tensor,
                                                 grad, use_locking=self._use_locking).op


class ProximalAdagradOptimizer(Optimizer):
    """An Adagrad step, then the l1/l2 proximal map: slot `accumulator`, `ApplyProximalAdagrad`."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._initial_accumulator_value = learning_rate, initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            dt = v.dtype.base_dtype
            self._get_or_make_slot_with_initializer(v, _init.Constant(self._initial_accumulator_value, dtype=dt),
                                                    v.get_shape(), dt, "accumulator", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._l1_tensor = convert_to_tensor(self._l1, name="l1_regularization_strength")
        self._l2_tensor = convert_to_tensor(self._l2, name="l2_regularization_strength")

    def _apply_dense(self, grad, var):
        return T.apply_proximal_adagrad(var, self.get_slot(var, "accumulator"), self._learning_rate_tensor,
                                        self._l1_tensor, self._l2_tensor, grad, use_locking=self._use_locking).op


class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging: slots `gradient_accumulator` (zeros) and `gradient_squared_accumulator`;
    the step is `global_step + 1` (the optimizer reads `global_step`, `minimize(global_step=...)`
    increments it)."""

    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False,
                 name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: "
                             f"{initial_gradient_squared_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._global_step = learning_rate, global_step
        self._initial = initial_gradient_squared_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            dt = v.dtype.base_dtype
            self._zeros_slot(v, "gradient_accumulator", self._name)
            self._get_or_make_slot_with_initializer(v, _init.Constant(self._initial, dtype=dt), v.get_shape(), dt,
                                                    "gradient_squared_accumulator", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._learning_rate, name="learning_rate")
        g = get_default_graph()
        with g.colocate_with(self._learning_rate_tensor.op):
            self._global_step_on_worker = identity(self._global_step) + 1

    def _apply_dense(self, grad, var):
        g_acc = self.get_slot(var, "gradient_accumulator")
        gg_acc = self.get_slot(var, "gradient_squared_accumulator")
        global_step = identity(self._global_step_on_worker)
        dt = var.dtype.base_dtype
        return T.apply_adagrad_da(var, g_acc, gg_acc, grad, cast(self._learning_rate_tensor, dt),
                                  cast(convert_to_tensor(self._l1), dt), cast(convert_to_tensor(self._l2), dt),
                                  cast(global_step, _dt.int64) if global_step.dtype.base_dtype != _dt.int64
                                  else global_step, use_locking=self._use_locking).op
