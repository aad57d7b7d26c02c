"""Graph functions: a Python function traced once into a private graph, then evaluated per call.

This is how `Dataset.map`/`filter`/`flat_map` run user functions, as TF's `Defun`/`FuncGraph`
do: the function is called once with symbolic arguments (`args_0`, `args_1`, ... placeholders
in a `FuncGraph`), building ordinary ops there. A tensor of an outer graph that the function
uses is *captured*: it becomes a placeholder inside, and the op that calls the function takes
the outer tensor as an extra input, so its value flows in at run time. Each call then runs the
private graph through the executor (the one definition of evaluation) with the session's run
context, so random ops, `py_func` and errors behave as anywhere else.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

from . import dtypes as _dt
from .errors import OpError
from .executor import Execution, build_plan, current_deadline
from .graph import Graph
from .nest import flatten, pack
from .shapes import TensorShape, unknown_shape
from .tensor import Tensor

__all__ = ["FuncGraph", "TracedFunction", "ValueFunction", "FunctionError", "trace", "bind", "bound"]

# Python objects an op runs (traced functions, py_func callables, generators). They stay out of
# `op._attrs`, which hold only what a GraphDef can (a function attr holds the function's name).
_bound: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def bind(op, **objects) -> None:
    """Attaches Python objects to `op` (its kernel reads them with `bound`)."""
    _bound.setdefault(op, {}).update(objects)
    on_bound = getattr(op._graph, "_on_bound", None)  # the eager graph runs an op waiting for these
    if on_bound is not None:
        on_bound(op)


def bound(op, name: str) -> Any:
    """The Python object `name` attached to `op`, or None."""
    return _bound.get(op, {}).get(name)


class FuncGraph(Graph):
    """A graph that builds one function body; tensors of `outer_graphs` are captured."""

    def __init__(self, name: str, outer: Graph):
        super().__init__()
        self.name = name
        self.outer_graphs = (outer,) + tuple(getattr(outer, "outer_graphs", ()))
        self.seed = outer.seed
        self.captures = {}          # outer tensor -> inner placeholder
        self.inputs = []

    def capture(self, t: Tensor) -> Tensor:
        inner = self.captures.get(t)
        if inner is None:
            with self.as_default():
                inner = self.create_op("Placeholder", [], [t.dtype.base_dtype], name=None,
                                       attrs={"dtype": t.dtype.base_dtype, "shape": t.shape})._outputs[0]
            self.captures[t] = inner
        return inner

    def create_op(self, op_type, inputs, dtypes, name=None, attrs=None, output_shapes=None):
        inputs = [self.capture(t) if t._op._graph is not self and t._op._graph in self.outer_graphs else t
                  for t in inputs]
        return super().create_op(op_type, inputs, dtypes, name=name, attrs=attrs, output_shapes=output_shapes)


class TracedFunction:
    """A traced function: `call(ctx, args, captured)` returns the flat output values."""

    def __init__(self, graph: FuncGraph, outputs: list, structure):
        self.graph = graph
        self.outputs = outputs
        self.structure = structure           # the Python structure of the outputs (tf.data nest)
        self.captured = list(graph.captures)  # outer tensors, in the order the caller passes them
        self._plan = None

    @property
    def name(self) -> str:
        return self.graph.name

    output_dtypes = property(lambda self: [t.dtype.base_dtype for t in self.outputs])
    output_shapes = property(lambda self: [t.shape for t in self.outputs])

    def call(self, ctx, args, captured_values) -> list:
        """Runs the body on `args` (flat values); an op error inside is re-raised as TF reports
        errors inside functions: the message, then `[[{{node NAME}}]]`."""
        feeds = list(self.graph.inputs) + [self.graph.captures[t] for t in self.captured]
        plan = self._plan
        if plan is None:
            # as in TF's function runtime, stateful ops (Assert, py_func, ...) run even when no
            # output depends on them
            fed = set(feeds)
            stateful = [op for op in self.graph._ops if op._opdef.stateful and op._type != "Placeholder"
                        and not (op._outputs and all(t in fed for t in op._outputs))]
            plan = self._plan = build_plan(self.graph, self.outputs, stateful, feeds)
        deadline = current_deadline()
        run = Execution(plan, ctx, list(args) + list(captured_values), deadline=deadline, records=False)
        try:  # (the nested run keeps the caller's deadline)
            for _ in run:
                pass
        except OpError as e:
            raise FunctionError(e) from None
        return run.results


class FunctionError(Exception):
    """An op inside a function failed; `message` is TF's text for it (`[[{{node X}}]]`)."""

    def __init__(self, error: OpError):
        msg = error.message
        head, sep, _ = msg.rpartition("\n\t [[node ")
        body = head if sep else msg
        name = error.op.name if error.op is not None else "?"
        self.cls = type(error)
        self.message = f"{body}\n\t [[{{{{node {name}}}}}]]"
        super().__init__(self.message)


def trace(fn: Callable, name: str, outer: Graph, arg_structure, arg_dtypes, arg_shapes,
          convert_outputs: Callable | None = None) -> TracedFunction:
    """Calls `fn` once on placeholders shaped like one element (`arg_structure` packs them) and
    returns the TracedFunction. `convert_outputs(graph, result)` turns what `fn` returned into
    (structure, flat tensors); by default a single tensor."""
    g = FuncGraph(name, outer)
    with g.as_default():
        for i, (dt, shape) in enumerate(zip(arg_dtypes, arg_shapes)):
            shape = unknown_shape() if shape is None else TensorShape(shape)
            g.inputs.append(g.create_op("Placeholder", [], [_dt.as_dtype(dt)], name=f"args_{i}",
                                        attrs={"dtype": _dt.as_dtype(dt), "shape": shape})._outputs[0])
        args = pack(arg_structure, g.inputs)
        result = fn(*args) if isinstance(args, tuple) and not hasattr(args, "_fields") else fn(args)
        structure, outputs = convert_outputs(g, result) if convert_outputs else (result, flatten(result))
        outputs = [g.capture(t) if t._op._graph is not g else t for t in outputs]
    return TracedFunction(g, outputs, structure)


class ValueFunction:
    """A no-argument function returning the value of `tensor` (in its own graph): TF's
    capture-by-value dataset factory of a one-shot iterator."""

    def __init__(self, tensor: Tensor):
        self.tensor = tensor
        self._plan = None

    name = property(lambda self: self.tensor.op.name)

    def call(self, ctx, args, captured_values) -> list:
        if self._plan is None:
            self._plan = build_plan(self.tensor.graph, [self.tensor], [], [])
        run = Execution(self._plan, ctx, [], deadline=current_deadline(), records=False)
        try:
            for _ in run:
                pass
        except OpError as e:
            raise FunctionError(e) from None
        return run.results
