"""The TF 1.15 optimizers: gradient descent, momentum (and Nesterov), Adam, Adagrad, RMSProp
(plain and centered) and Adadelta — their constructor defaults, slot names (`w/Momentum`,
`w/Adam`, `w/Adam_1`, `w/RMSProp`...), hyper-parameter tensors (`Adam/learning_rate`...) and
the `Apply*` op each one runs per variable (formulas in engine/ops/training_ops.py)."""
from __future__ import annotations

from ..engine import initializers as _init
from ..engine.convert import convert_to_tensor
from ..engine.ops import training_ops
from ..engine.ops.control_ops import group
from .optimizer import Optimizer

__all__ = ["GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer", "AdagradOptimizer",
           "RMSPropOptimizer", "AdadeltaOptimizer"]


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * grad."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self):
        lr = self._call_if_callable(self._learning_rate)
        self._learning_rate_tensor = convert_to_tensor(lr, name="learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(var, self._cast(self._learning_rate_tensor, var), grad,
                                                   use_locking=self._use_locking).op


class MomentumOptimizer(Optimizer):
    """accum = accum * momentum + grad; var -= lr * accum (Nesterov: var -= lr * (grad + momentum * accum))."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._momentum_tensor = convert_to_tensor(self._call_if_callable(self._momentum), name="momentum")

    def _apply_dense(self, grad, var):
        mom = self.get_slot(var, "momentum")
        return training_ops.apply_momentum(var, mom, self._cast(self._learning_rate_tensor, var), grad,
                                           self._cast(self._momentum_tensor, var), use_locking=self._use_locking,
                                           use_nesterov=self._use_nesterov).op


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba): bias-corrected moment estimates `m` (`w/Adam`) and `v` (`w/Adam_1`);
    the powers `beta1_power`/`beta2_power` are non-slot variables updated once a step."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _get_beta_accumulators(self):
        g = self._graph_now()
        return self._get_non_slot_variable("beta1_power", g), self._get_non_slot_variable("beta2_power", g)

    def _graph_now(self):
        from ..engine.graph import get_default_graph
        return get_default_graph()

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="learning_rate")
        self._beta1_t = convert_to_tensor(self._call_if_callable(self._beta1), name="beta1")
        self._beta2_t = convert_to_tensor(self._call_if_callable(self._beta2), name="beta2")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        beta1_power, beta2_power = self._get_beta_accumulators()
        c = self._cast
        return training_ops.apply_adam(var, m, v, c(beta1_power, var), c(beta2_power, var), c(self._lr_t, var),
                                       c(self._beta1_t, var), c(self._beta2_t, var), c(self._epsilon_t, var), grad,
                                       use_locking=self._use_locking).op

    def _finish(self, update_ops, name_scope):
        from ..engine.graph import get_default_graph
        g = get_default_graph()
        with g.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with g.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
        return group(*update_ops + [update_beta1, update_beta2], name=name_scope)


class AdagradOptimizer(Optimizer):
    """accum += grad^2; var -= lr * grad / sqrt(accum); accumulators start at 0.1."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            dtype = v.dtype.base_dtype
            init = _init.Constant(self._initial_accumulator_value, dtype=dtype)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), dtype, "accumulator", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.apply_adagrad(var, acc, self._cast(self._learning_rate_tensor, var), grad,
                                          use_locking=self._use_locking).op


class RMSPropOptimizer(Optimizer):
    """ms = decay * ms + (1 - decay) * grad^2; mom = momentum * mom + lr * grad / sqrt(ms + epsilon);
    var -= mom. `centered` also tracks the mean gradient `mg` and divides by sqrt(ms - mg^2 + eps)."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay, self._momentum, self._epsilon = learning_rate, decay, momentum, epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_initializer(v, _init.Ones(dtype=v.dtype.base_dtype), v.get_shape(),
                                                    v.dtype.base_dtype, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        f = self._call_if_callable
        self._learning_rate_tensor = convert_to_tensor(f(self._learning_rate), name="learning_rate")
        self._decay_tensor = convert_to_tensor(f(self._decay), name="decay")
        self._momentum_tensor = convert_to_tensor(f(self._momentum), name="momentum")
        self._epsilon_tensor = convert_to_tensor(f(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        c = self._cast
        args = (c(self._learning_rate_tensor, var), c(self._decay_tensor, var), c(self._momentum_tensor, var),
                c(self._epsilon_tensor, var), grad)
        if self._centered:
            mg = self.get_slot(var, "mg")
            return training_ops.apply_centered_rms_prop(var, mg, rms, mom, *args, use_locking=self._use_locking).op
        return training_ops.apply_rms_prop(var, rms, mom, *args, use_locking=self._use_locking).op


class AdadeltaOptimizer(Optimizer):
    """Adadelta (Zeiler): running averages of grad^2 (`w/Adadelta`) and of update^2 (`w/Adadelta_1`)."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        f = self._call_if_callable
        self._lr_t = convert_to_tensor(f(self._lr), name="lr")
        self._rho_t = convert_to_tensor(f(self._rho), name="rho")
        self._epsilon_t = convert_to_tensor(f(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        accum, accum_update = self.get_slot(var, "accum"), self.get_slot(var, "accum_update")
        c = self._cast
        return training_ops.apply_adadelta(var, accum, accum_update, c(self._lr_t, var), c(self._rho_t, var),
                                           c(self._epsilon_t, var), grad, use_locking=self._use_locking).op
