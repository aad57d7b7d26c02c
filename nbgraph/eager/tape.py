"""`tf.GradientTape` and `tf.contrib.eager`'s gradient functions, on the graph gradients.

A recording tape keeps the eager ops whose inputs it watches (a watched tensor, a watched
variable's handle, or an output of an op it kept), so their input edges stay in the eager graph
(eager/context.py). `gradient(target, sources)` then runs nbgraph's one gradient machinery, the
`tf.gradients` of graph mode with the catalogue's registered gradient functions, over those
kept ops: in the eager graph each gradient op runs as it is built, so the result is values.
Gradients of gradients work the same way, with an outer tape recording the inner's work.
"""
from __future__ import annotations

import contextlib
from typing import Callable

import numpy as np

from ..engine import gradients as _gradients
from ..engine.convert import convert_to_tensor
from ..engine.graph import get_default_graph
from ..engine.ops.array_ops import reshape, stack, zeros_like
from ..engine.tensor import Tensor

__all__ = ["GradientTape", "implicit_gradients", "implicit_value_and_gradients", "gradients_function",
           "value_and_gradients_function"]


def _flatten(x) -> list:
    if isinstance(x, dict):
        return [c for k in sorted(x) for c in _flatten(x[k])]
    if isinstance(x, (list, tuple)):
        return [c for s in x for c in _flatten(s)]
    return [x]


def _pack(structure, flat: list):
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in sorted(s)}
            return {k: built[k] for k in s}
        if isinstance(s, (list, tuple)):
            items = [build(x) for x in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        return next(it)
    return build(structure)


def _eager_graph():
    g = get_default_graph()
    if not g.executing_eagerly:
        raise RuntimeError("tf.GradientTape.gradient is not supported in graph mode here: nbgraph's GradientTape "
                           "needs eager execution (tf.enable_eager_execution()); use tf.gradients in graph mode.")
    return g


class GradientTape:
    """`tf.GradientTape(persistent=False, watch_accessed_variables=True)`."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._graph = None
        self._recording = False
        self._used = False
        self._watched = set()        # tensors whose consumers this tape keeps
        self._variables = []         # watched variables, in the order first watched
        self._ops = []               # the ops it kept

    # -- recording ------------------------------------------------------------------------------
    def __enter__(self) -> "GradientTape":
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()

    def _push(self):
        if self._recording:
            raise ValueError("Tape is already recording.")
        self._graph = g = _eager_graph()
        g._tapes.append(self)
        self._recording = True

    def _pop(self):
        if not self._recording:
            raise ValueError("Tape is not recording.")
        self._graph._tapes.remove(self)
        self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops run inside are not recorded on this tape."""
        if not self._recording:
            raise ValueError("Tape must be recording when stop_recording is called.")
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self):
        """Forgets everything recorded so far (keeps recording if it was)."""
        recording = self._recording
        if recording:
            self._pop()
        self._release()
        self._variables = []
        self._used = False
        if recording:
            self._push()

    def watch(self, tensor) -> None:
        """Tensors (or variables) to differentiate with respect to."""
        if self._graph is None:
            self._graph = _eager_graph()
        for t in _flatten(tensor):
            if isinstance(t, RefVariableType()):
                self._watch_variable(t)
            elif isinstance(t, Tensor):
                if t._dtype.base_dtype not in _gradients._TRAINABLE:
                    continue  # TF: the tape only watches floating point tensors
                self._watched.add(t)
            else:
                raise ValueError(f"Passed in object of type {type(t)}, not tf.Tensor")

    def watched_variables(self) -> tuple:
        return tuple(self._variables)

    def _watch_variable(self, v):
        if v not in self._variables:
            self._variables.append(v)
        self._watched.add(v._variable)

    def _variable_accessed(self, v):
        if self._watch_accessed_variables and v.trainable:
            self._watch_variable(v)

    def _record_op(self, op) -> bool:
        watched = self._watched
        if not any(t in watched for t in op._inputs):
            return False
        self._ops.append(op)
        watched.update(op._outputs)
        return True

    def _release(self):
        if self._graph is not None and self._ops:
            self._graph._release(self._ops)
        self._ops = []
        self._watched = set()

    def __del__(self):
        try:
            if self._recording:
                self._pop()
            self._release()
        except Exception:  # noqa: interpreter shutdown
            pass

    # -- gradients ------------------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None, unconnected_gradients="none"):
        """d(sum of `target`)/d(each of `sources`), in the structure of `sources`; None where a
        source does not reach the target (or `unconnected_gradients='zero'`: zeros)."""
        self._begin()
        flat_targets = [convert_to_tensor(t) for t in _flatten(target)]
        grad_ys = None if output_gradients is None else _flatten(output_gradients)
        grads = self._gradients(flat_targets, _flatten(sources), grad_ys, unconnected_gradients)
        self._end()
        return _pack(sources, grads)

    def jacobian(self, target, sources, unconnected_gradients="none", parallel_iterations=None,
                 experimental_use_pfor=True):
        """For each source, d(each element of `target`)/d(source): shape `target.shape +
        source.shape` (one vector-Jacobian product per target element)."""
        self._begin()
        target = convert_to_tensor(target)
        flat_sources = _flatten(sources)
        value = target.numpy()
        rows = [[] for _ in flat_sources]
        for i in range(max(value.size, 0)):
            seed = np.zeros(value.size, value.dtype)
            seed[i] = 1
            grads = self._gradients([target], flat_sources, [seed.reshape(value.shape)], unconnected_gradients)
            for row, grad in zip(rows, grads):
                row.append(grad)
        out = []
        for source, row in zip(flat_sources, rows):
            if not row or all(gr is None for gr in row):
                out.append(None)
                continue
            shape = list(value.shape) + convert_to_tensor(_value_of(source)).shape.as_list()
            out.append(reshape(stack([gr if gr is not None else zeros_like(_value_of(source)) for gr in row]), shape))
        self._end()
        return _pack(sources, out)

    def _begin(self):
        if self._used:
            raise RuntimeError("GradientTape.gradient can only be called once on non-persistent tapes.")
        if self._recording and not self._persistent:
            self._pop()

    def _end(self):
        if not self._persistent:
            self._used = True
            self._release()

    def _gradients(self, flat_targets: list, xs: list, grad_ys, unconnected_gradients) -> list:
        g = self._graph if self._graph is not None else _eager_graph()
        handles = [s._variable if isinstance(s, RefVariableType()) else s for s in xs]
        for h, s in zip(handles, xs):
            if not isinstance(h, Tensor):
                raise ValueError(f"Passed in object of type {type(s)}, not tf.Tensor")
        connected = [i for i, h in enumerate(handles) if h in self._watched]
        grads = [None] * len(xs)
        if connected:
            g._tape_gradients += 1
            try:
                with g.as_default():
                    got = _gradients.gradients(flat_targets, [handles[i] for i in connected], grad_ys=grad_ys,
                                               unconnected_gradients=unconnected_gradients)
            finally:
                g._tape_gradients -= 1
            for i, gr in zip(connected, got):
                grads[i] = gr
        if _gradients.UnconnectedGradients(unconnected_gradients) is _gradients.UnconnectedGradients.ZERO:
            grads = [zeros_like(_value_of(x)) if gr is None else gr for gr, x in zip(grads, xs)]
        return grads


def _value_of(x):
    return x.value() if isinstance(x, RefVariableType()) else x


def RefVariableType():  # noqa: N802 - the class, imported late (engine.variables imports the catalogue's builders)
    from ..engine.variables import RefVariable
    return RefVariable


# -- tf.contrib.eager's function transformers -------------------------------------------------
def implicit_value_and_gradients(f: Callable) -> Callable:
    """`tfe.implicit_value_and_gradients(f)`: a function returning (f's value, [(gradient,
    variable)]) for the trainable variables f reads."""
    def grad_fn(*args, **kwargs):
        with GradientTape() as tape:
            end = f(*args, **kwargs)
        variables = list(tape.watched_variables())
        if not variables:
            raise ValueError("No trainable variables were accessed while the function was being computed.")
        grads = tape.gradient(end, variables)
        return end, list(zip(grads, variables))
    return grad_fn


def implicit_gradients(f: Callable) -> Callable:
    """`tfe.implicit_gradients(f)`: a function returning [(gradient, variable)]."""
    vg = implicit_value_and_gradients(f)
    return lambda *args, **kwargs: vg(*args, **kwargs)[1]


def value_and_gradients_function(f: Callable, params=None) -> Callable:
    """`tfe.value_and_gradients_function(f, params=None)`: (f's value, gradients w.r.t. its
    arguments, or the ones named/numbered in `params`)."""
    import inspect
    names = list(inspect.signature(f).parameters)

    def decorated(*args, dy=None, **kwargs):
        if params is None:
            chosen = list(range(len(args)))
        else:
            chosen = [p if isinstance(p, int) else names.index(p) for p in params]
        args = list(args)
        with GradientTape() as tape:
            for i in chosen:
                args[i] = convert_to_tensor(args[i])
                tape.watch(args[i])
            value = f(*args, **kwargs)
        grads = tape.gradient(value, [args[i] for i in chosen], output_gradients=dy)
        return value, grads
    return decorated


def gradients_function(f: Callable, params=None) -> Callable:
    """`tfe.gradients_function(f, params=None)`: the gradients of f w.r.t. its arguments."""
    vg = value_and_gradients_function(f, params)
    return lambda *args, **kwargs: vg(*args, **kwargs)[1]
