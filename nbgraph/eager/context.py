"""Eager execution: the graph whose ops run the moment they are created.

`tf.enable_eager_execution()` makes an `EagerGraph` the process's default graph. Its `create_op`
(the one door every op builder goes through) builds the op as in graph mode, then runs the op's
numpy kernel at once, on the values its input EagerTensors hold, in the graph's own private
`RunContext` (which holds variable values and resources such as dataset iterators), and
replaces the op's outputs with `EagerTensor`s carrying the results. So the whole op catalogue,
variables, optimizers and datasets work eagerly with no second implementation.

The graph forgets its ops: they are not listed, not named uniquely (eager ops have no
meaningful names; a variable is `Variable:0` however many there are, as in TF) and they leave
their inputs' consumer lists again unless a `GradientTape` records them (eager/tape.py), so a
long training loop does not pile up a graph. Inside `with tf.Graph().as_default():` code builds
an ordinary graph, as in TF.
"""
from __future__ import annotations

import contextlib
import random
import weakref

import numpy as np

from ..engine import errors as _errors
from ..engine import graph as _graph_mod
from ..engine.errors import KernelError, OpError
from ..engine.kernel_failures import kernel_error_for
from ..engine.session import RunContext
from ..engine.shapes import TensorShape
from .tensor import CPU0, EagerTensor
from .variables import EagerVariable

__all__ = ["EagerGraph", "EagerRunContext", "enable_eager_execution", "eager_enabled"]

_GRAPH_ONLY = {
    "Placeholder": "tf.placeholder() is not compatible with eager execution.",
    "PlaceholderV2": "tf.placeholder() is not compatible with eager execution.",
}
# ops whose builder attaches Python objects (a dataset's functions, py_func's function) after
# creating them (engine/functions.py `bind`): they run once bound, or when first read
_LATE_SUFFIXES = ("Dataset", "DatasetV2", "OneShotIterator", "PyFunc", "PyFuncStateless")
_LATER = object()  # an output whose op runs when the value is first read
_NODE_LINE = "\n\t [[node "  # where graph mode's error text names the failing node
_HANDLE_TYPES = frozenset({"VariableV2", "Variable"})  # outputs are refs: their value is read on use


class EagerRunContext(RunContext):
    """The eager graph's kernel state. Random ops get a fresh generator per op and none is
    kept, since every eager op is a new op."""

    def rng(self, op):
        g = super().rng(op)
        self._rngs.pop(op, None)
        return g


def _eager_message(op, message: str) -> str:
    """TF's eager text: the kernel's message, then `[Op:Type]` where graph mode names the node."""
    return f"{message.split(_NODE_LINE, 1)[0]} [Op:{op._type}]"


class EagerGraph(_graph_mod.Graph):
    """The default graph while eager execution is on: each op runs as it is created."""

    executing_eagerly = True
    _variable_class = EagerVariable  # what `tf.Variable(...)` makes (engine/variables.py asks)

    def __init__(self):
        super().__init__()
        self._ctx = EagerRunContext()
        self._tapes = []            # the recording GradientTapes, innermost last (eager/tape.py)
        self._tape_refs = {}        # op -> how many live tapes hold it (its input edges stay)
        self._tape_gradients = 0    # >0 while a tape builds a gradient: tf.gradients is allowed
        self._waiting = weakref.WeakSet()  # ops created but not run yet (_LATE_SUFFIXES)

    @property
    def seed(self):
        return self._seed

    @seed.setter
    def seed(self, value):
        # TF's eager context: setting the seed restarts the sequence of op seeds
        self._seed = value
        self._seed_rng = random.Random(value)

    def _op_seed(self) -> int:
        return self._seed_rng.randint(0, (1 << 31) - 1)

    @property
    def version(self):
        return 0  # eager ops never enter a graph: a Session on it is "empty", as in TF

    def control_dependencies(self, control_inputs):
        """TF's eager `control_dependencies`: nothing to order, ops already ran in program order."""
        return contextlib.nullcontext()

    def unique_name(self, name, mark_as_used=True):
        stack = self._name_stack
        return f"{stack}/{name}" if stack else name

    def create_op(self, op_type, inputs, dtypes, name=None, attrs=None, output_shapes=None):
        if op_type in _GRAPH_ONLY:
            raise RuntimeError(_GRAPH_ONLY[op_type])
        inputs = list(inputs)
        consumers = [len(t._consumers) for t in inputs]
        try:
            op = super().create_op(op_type, inputs, dtypes, name, attrs, output_shapes)
        except ValueError as e:
            if output_shapes is not None or "must be from the same graph" in str(e) or "not a valid" in str(e):
                raise
            for t, n in zip(inputs, consumers):  # the op the shape function refused is gone
                del t._consumers[n:]
            # eager TF infers no shapes: the kernel itself reports what does not fit
            op = super().create_op(op_type, inputs, dtypes, name, attrs, [TensorShape(None)] * len(dtypes))
        self._ops.pop()
        if self._ops_by_name.get(op._name) is op:
            del self._ops_by_name[op._name]
        try:
            self._execute(op)
        except BaseException:
            _drop_edges(op)
            raise
        if not self._record(op):
            _drop_edges(op)
        return op

    # -- running one op ----------------------------------------------------------------------
    def read_value(self, t):
        """The current value behind `t` (a variable handle is read from this graph's state)."""
        value = t._value
        if value is _LATER:
            self._waiting.discard(t._op)
            self._run(t._op)
            return t._value
        if value is not None or t._op._type not in _HANDLE_TYPES:
            return value
        try:
            value = self._ctx.variables[t._op]
        except KeyError:
            raise _errors.FailedPreconditionError(
                None, t._op, f"Error while reading resource variable {t._op._name} from Container: "
                             "localhost. This could mean that the variable was uninitialized.") from None
        return value.copy() if isinstance(value, np.ndarray) else value

    def _execute(self, op):
        """Gives `op` EagerTensor outputs and runs it, now or (a dataset, whose Python functions
        its builder attaches after creating it) when its value is first read."""
        later = op._type.endswith(_LATE_SUFFIXES)
        handle = op._type in _HANDLE_TYPES
        op._outputs = tuple(_eager(t, _LATER if later else None, keep_ref=handle) for t in op._outputs)
        if later:
            self._waiting.add(op)
        elif not handle:
            self._run(op)

    def _on_bound(self, op):
        """`bind(op, ...)` gave a waiting op what its kernel needs: run it now (a py_func's
        function has its effects when called, as in TF)."""
        if op in self._waiting:
            self._waiting.discard(op)
            self._run(op)

    def _run(self, op):
        refs = op._opdef.ref_inputs
        args = [self.read_value(t) if isinstance(t, EagerTensor) else _not_eager(op, t)
                for j, t in enumerate(op._inputs) if j not in refs]
        if op._kernel is None:
            op._kernel = op._opdef.make_kernel(op)
        try:
            with np.errstate(all="ignore"):
                out = op._kernel(self._ctx, *args)
        except KernelError as e:
            raise e.cls(None, op, _eager_message(op, e.message)) from None
        except (OpError, KeyboardInterrupt):
            raise
        except Exception as e:  # numpy failures become the op's TF error
            err = kernel_error_for(op, args, CPU0, e)
            raise type(err)(None, op, _eager_message(op, err.message)) from None
        outs = op._outputs
        values = (out,) if len(outs) == 1 else tuple(out or ())
        if refs:  # a state op returns the variable's own buffer: a value must not change later
            values = tuple(v.copy() if isinstance(v, np.ndarray) else v for v in values)
        for t, v in zip(outs, values):
            t._value = v
            if isinstance(v, np.ndarray):
                t._shape = TensorShape(v.shape)

    # -- what the tapes keep -------------------------------------------------------------------
    def _record(self, op) -> bool:
        """Offers `op` to the recording tapes; True when one keeps it (its input edges stay)."""
        kept = 0
        for tape in self._tapes:
            if tape._record_op(op):
                kept += 1
        if kept:
            self._tape_refs[op] = self._tape_refs.get(op, 0) + kept
        return kept > 0

    def _release(self, ops):
        """A tape is done with `ops`: the ones no other tape holds leave their inputs' consumers."""
        for op in ops:
            n = self._tape_refs.get(op, 0) - 1
            if n > 0:
                self._tape_refs[op] = n
                continue
            self._tape_refs.pop(op, None)
            _drop_edges(op)


def _drop_edges(op) -> None:
    """`op` leaves its inputs' consumer lists (nothing will differentiate through it)."""
    for t in op._inputs:
        while op in t._consumers:
            t._consumers.remove(op)


def _eager(t, value, keep_ref=False) -> EagerTensor:
    """The EagerTensor that takes graph tensor `t`'s place, holding `value` (eager values have
    no `_ref` dtypes: only a variable's handle keeps its ref type, for the state ops)."""
    et = EagerTensor(t._op, t._value_index, t._dtype if keep_ref else t._dtype.base_dtype, value)
    et._shape = t._shape
    return et


def _not_eager(op, t):
    raise ValueError(f"Tensor {t} of a graph was given to the eager op {op._type}: build it in eager mode "
                     "or run it in that graph's Session.")


def eager_enabled() -> bool:
    """True once `tf.enable_eager_execution()` ran in this process."""
    return _graph_mod._default_graph_factory is EagerGraph


def enable_eager_execution(config=None, device_policy=None, execution_mode=None) -> None:
    """`tf.enable_eager_execution()`: from now on ops run as they are created. TF's rule: only at
    program startup, before any graph was used (calling it again once on is allowed)."""
    if eager_enabled():
        return
    if _graph_mod._global_default_graph is not None:
        raise ValueError("tf.enable_eager_execution must be called at program startup.")
    _graph_mod._default_graph_factory = EagerGraph
    _graph_mod._global_default_graph = EagerGraph()
