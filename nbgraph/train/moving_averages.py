"""`tf.train.ExponentialMovingAverage` and `assign_moving_average`, as TF 1.15 builds them:
a shadow variable `<var>/ExponentialMovingAverage` per averaged variable (initialised to the
variable's initial value, not trainable), updated by `shadow -= (shadow - var) * (1 - decay)`
in `AssignMovingAvg` ops grouped under the EMA's name; with `num_updates` the decay is
`min(decay, (1 + n) / (10 + n))`."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops.array_ops import cast
from ..engine.ops.control_ops import group
from ..engine.ops.math_ops import minimum
from ..engine.ops.state_ops import assign_sub
from ..engine.tensor import Tensor
from ..engine.variables import RefVariable, Variable, global_variables


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """`variable -= (variable - value) * (1 - decay)`, as `AssignMovingAvg`."""
    if zero_debias:
        raise NotImplementedError("nbgraph's assign_moving_average does not zero-debias (pass zero_debias=False)")
    g = get_default_graph()
    with g.name_scope(name or "AssignMovingAvg") as scope:
        decay = convert_to_tensor(1.0 - decay, name="decay")
        if decay.dtype.base_dtype != variable.dtype.base_dtype:
            decay = cast(decay, variable.dtype.base_dtype)
        return assign_sub(variable, (variable - value) * decay, name=scope)


class ExponentialMovingAverage:
    """Keeps moving averages of variables: `apply(var_list)` makes the shadows and returns the op
    that updates them; `average(var)` is a variable's shadow."""

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        if zero_debias:
            raise NotImplementedError("nbgraph's ExponentialMovingAverage does not zero-debias")
        self._decay, self._num_updates, self._name = decay, num_updates, name
        self._averages: dict = {}

    name = property(lambda self: self._name)

    def apply(self, var_list=None):
        """Creates the shadow variables of `var_list` (default: the trainable variables) and
        returns the op that updates every average."""
        g = get_default_graph()
        if var_list is None:
            var_list = g.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        for var in var_list:
            if var.dtype.base_dtype not in (_dt.float16, _dt.float32, _dt.float64):
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var in self._averages:  # a second apply() updates the same shadow
                continue
            # TF makes variables in an init_scope: no control dependencies of the caller's block
            with g.control_dependencies(None), g.name_scope(None):
                if isinstance(var, RefVariable):
                    with g.colocate_with(var.op):
                        avg = Variable(var.initialized_value(), name=f"{var.op.name}/{self._name}",
                                       trainable=False)
                else:
                    avg = Variable(lambda v=var: _zeros_like(v), name=f"{var.op.name}/{self._name}",
                                   trainable=False)
            self._averages[var] = avg
            if isinstance(var, RefVariable):
                g.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
        with g.name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                num_updates = cast(self._num_updates, _dt.float32, name="num_updates")
                decay = minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [assign_moving_average(self._averages[var], var, decay, zero_debias=False)
                       for var in var_list]
            return group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var` (None if `var` is not averaged)."""
        return self._averages.get(var)

    def average_name(self, var) -> str:
        if var in self._averages:
            return self._averages[var].op.name
        return f"{var.op.name}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None) -> dict:
        """{checkpoint name: variable}: averaged variables restored from their shadows' names."""
        name_map = {}
        if moving_avg_variables is None:
            moving_avg_variables = get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES)
            moving_avg_variables += get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES)
        moving_avg_variables = set(moving_avg_variables)
        for v in moving_avg_variables:
            name_map[self.average_name(v)] = v
        for v in list(set(global_variables()) - moving_avg_variables):
            if v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map


def _zeros_like(t: Tensor):
    from ..engine.ops.array_ops import zeros
    return zeros(t.get_shape().as_list(), t.dtype.base_dtype)


__all__ = ["ExponentialMovingAverage", "assign_moving_average"]
