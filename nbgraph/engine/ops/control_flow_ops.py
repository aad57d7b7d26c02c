"""TF 1.x control flow ops and `tf.cond` / `tf.case`, built as TF 1.15 builds them.

`tf.cond(pred, true_fn, false_fn)` adds `cond/Switch` (pred, pred), the pivots `cond/switch_t` and
`cond/switch_f`, `cond/pred_id`, then builds each branch in a `CondContext`: every op the branch
function creates joins the context, an input from outside is routed through a `Switch` named
after the op (`cond/mul/Switch`), and an op without inputs gets a control edge from the branch's
pivot. `cond/Merge` forwards whichever branch ran. At run time only the taken branch runs: the
other `Switch` output is *dead* (see `engine/dataflow.py`). Ops inside a branch cannot be
fetched, as in TF.

The loop ops (`Enter`, `Exit`, `NextIteration`, `LoopCond`) are registered here too;
`tf.while_loop` lives in `while_loop.py`.
"""
from __future__ import annotations

import builtins
import collections

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..dataflow import DEAD
from ..graph import get_default_graph
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from ..tensor import Operation, Tensor
from .common import same_shape, scalar_shape

__all__ = ["cond", "case", "switch", "merge", "CondContext"]


def _switch_kernel(op):
    def k(ctx, data, pred):
        return (DEAD, data) if pred else (data, DEAD)
    return k


def _switch_shape(op):
    s = op._inputs[0]._shape
    return [s, s]


def _merge_shape(op):
    shapes = [t._shape for t in op._inputs]
    out = shapes[0]
    for s in shapes[1:]:
        if out.ndims is None or s.ndims is None or out.ndims != s.ndims:
            out = unknown_shape()
            break
        out = TensorShape([a if a == b else None for a, b in zip(out.as_list(), s.as_list())])
    return [out, TensorShape([])]


def _identity_kernel(op):
    return lambda ctx, x: x


def _merge_kernel(op):  # the dataflow executor forwards Merge's live input itself
    def k(ctx, *inputs):
        raise RuntimeError("Merge runs inside the dataflow executor")
    return k


register("Switch", "control", _switch_shape, _switch_kernel,
         doc="forwards its data to output 1 when the predicate is true, else to output 0|switch")
register("Merge", "control", _merge_shape, _merge_kernel,
         doc="forwards whichever input arrived (the branch that ran)|merge")
register("Enter", "control", same_shape, _identity_kernel, doc="passes a value into a while loop")
register("Exit", "control", same_shape, _identity_kernel, doc="passes a while loop's final value out")
register("NextIteration", "control", same_shape, _identity_kernel,
         doc="passes a value to the loop's next iteration")
register("LoopCond", "control", scalar_shape, _identity_kernel, doc="decides whether the loop goes on")


def switch(data, pred, name=None):
    """`Switch(data, pred)`: (output_false, output_true)."""
    g = get_default_graph()
    with g.name_scope(name or "Switch") as scope:
        data = convert_to_tensor(data)
        pred = convert_to_tensor(pred)
        if pred._dtype.base_dtype is not _dt.bool_:
            raise TypeError(f"Input 'pred' of 'Switch' Op has type {pred._dtype.base_dtype.name} that does not "
                            "match expected type of bool.")
        op = g.create_op("Switch", [data, pred], [data._dtype, data._dtype], name=scope)
    return op._outputs[0], op._outputs[1]


def merge(inputs, name=None):
    """`Merge(inputs)`: (output, value_index)."""
    inputs = [convert_to_tensor(x) for x in inputs]
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors")
    dtype = inputs[0]._dtype
    for t in inputs[1:]:
        if t._dtype.base_dtype != dtype.base_dtype:
            raise TypeError(f"Inputs to Merge must have the same type: {dtype.base_dtype.name}, "
                            f"{t._dtype.base_dtype.name}")
    g = get_default_graph()
    with g.name_scope(name or "Merge") as scope:
        op = g.create_op("Merge", inputs, [dtype, _dt.int32], name=scope, attrs={"T": dtype, "N": len(inputs)})
    return op._outputs[0], op._outputs[1]


class ControlFlowContext:
    """What cond branches and while loops share: the enclosing context, the values known inside."""

    def __init__(self, graph):
        self.graph = graph
        self.outer = graph._cf_context
        self.values = set()
        self.external = {}
        self._context_stack = []

    def enter(self):
        self._context_stack.append(self.graph._cf_context)
        self.graph._cf_context = self

    def exit(self):
        self.graph._cf_context = self._context_stack.pop()

    def get_while_context(self):
        """The innermost while loop around this context (itself for a loop), or None."""
        ctx = self
        while ctx is not None and not hasattr(ctx, "loop_exits"):
            ctx = ctx.outer
        return ctx

    def _mark_values(self, op):
        ctx = self
        while ctx is not None:
            ctx.values.update(op._outputs)
            ctx = ctx.outer


class CondContext(ControlFlowContext):
    """One branch of a `tf.cond`: `pred` is `cond/pred_id`, `pivot` the branch's switch output."""

    def __init__(self, pred, pivot, branch):
        super().__init__(pred._op._graph)
        self.pred = pred
        self.pivot = pivot
        self.branch = branch
        self.values.update((pred, pivot))
        self.external[pred] = pred

    def control_pivot(self):
        return self.pivot

    def add_value(self, val):
        """`val` as seen inside this branch: a Switch output when it comes from outside."""
        if val in self.values:
            real = self.external.get(val)
            return val if real is None else real
        result = val
        self.values.add(val)
        if self.outer is not None:
            result = self.outer.add_value(val)
            self.values.add(result)
            self.external[result] = result
        g = self.graph
        scope = g.get_name_scope()
        with g.control_dependencies(None):
            result = _switch_in(g, result, self.pred, scope)[self.branch]
        g.prevent_fetching(result._op)
        result._op._cf_context = self
        if self.outer is not None:
            self.outer.add_inner_op(result._op)
        self.values.add(result)
        self.external[val] = result
        return result

    def add_op(self, op):
        op._cf_context = self
        g = self.graph
        if not op._inputs:
            if not any(c._cf_context is self for c in op._control_inputs):
                op._add_control_input(self.pivot._op)
        else:
            refs = op._opdef.ref_inputs
            old_stack = g._name_stack
            g._name_stack = op._name  # TF builds the switches inside the op's own name scope
            try:
                for i, x in enumerate(op._inputs):
                    if i in refs:  # a variable written in the branch stays itself; its value input gates it
                        continue
                    real = self.add_value(x)
                    if real is not x:
                        op._update_input(i, real)
            finally:
                g._name_stack = old_stack
        self._mark_values(op)
        g.prevent_fetching(op)
        if self.outer is not None:
            self.outer.add_inner_op(op)

    def add_inner_op(self, op):
        self._mark_values(op)

    def process_output(self, val):
        """A branch's result: a value from outside the branch gets its own Switch (`lambda: x`)."""
        if val not in self.values:
            self.values.add(val)
            real = val
            if self.outer is not None:
                real = self.outer.add_value(val)
                self.values.add(real)
                self.external[real] = real
            g = self.graph
            real = _switch_in(g, real, self.pred, g.get_name_scope())[self.branch]
            self.external[val] = real
            return real
        return self.external.get(val, val)

    def build_branch(self, fn):
        from .control_ops import with_dependencies
        original = fn()
        if original is None:
            return None, None

        def build(v):
            if isinstance(v, Operation):
                return with_dependencies([v], self.pivot)
            return self.process_output(convert_to_tensor(v))
        return original, _map_structure(build, original)


def _switch_in(g, data, pred, scope):
    """A Switch built in the current context (TF's `_SwitchRefOrTensor`), named `<scope>/Switch`."""
    old = g._name_stack
    g._name_stack = scope
    try:
        name = g.unique_name("Switch")
    finally:
        g._name_stack = old
    with g.colocate_with(data._op, ignore_existing=True):  # TF: the Switch lives with its data
        op = g.create_op("Switch", [data, pred], [data._dtype, data._dtype], name=name + "/")
    return op._outputs[0], op._outputs[1]


# -- nest: the structures cond and while_loop accept ----------------------------------------------
def _flatten(x):
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in _flatten(x[k])]
    if isinstance(x, (list, builtins.tuple)):
        return [leaf for v in x for leaf in _flatten(v)]
    return [x]


def _pack(structure, flat):
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return type(s)((k, build(s[k])) for k in sorted(s))
        if isinstance(s, (list, builtins.tuple)):
            items = [build(v) for v in s]
            if hasattr(s, "_fields"):
                return type(s)(*items)
            return type(s)(items)
        return next(it)
    return build(structure)


def _map_structure(fn, structure):
    return _pack(structure, [fn(v) for v in _flatten(structure)])


def _same_structure(a, b):
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b) and \
            all(_same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (list, builtins.tuple)) or isinstance(b, (list, builtins.tuple)):
        return isinstance(a, (list, builtins.tuple)) and isinstance(b, (list, builtins.tuple)) and \
            len(a) == len(b) and all(_same_structure(x, y) for x, y in zip(a, b))
    return True


def _unpack_if_singleton(res):
    if isinstance(res, (list, builtins.tuple)) and len(res) == 1:
        return res[0]
    return res


# -- tf.cond --------------------------------------------------------------------------------------
def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """`tf.cond`: the value of `true_fn()` when `pred` is true, else of `false_fn()`; only the
    taken branch runs."""
    if fn1 is not None:
        if true_fn is not None:
            raise TypeError("cond(): true_fn and fn1 may not be set simultaneously.")
        true_fn = fn1
    if fn2 is not None:
        if false_fn is not None:
            raise TypeError("cond(): false_fn and fn2 may not be set simultaneously.")
        false_fn = fn2
    if not callable(true_fn):
        raise TypeError("true_fn must be callable.")
    if not callable(false_fn):
        raise TypeError("false_fn must be callable.")
    if isinstance(pred, (bool, np.bool_)):
        raise TypeError("pred must not be a Python bool")
    g = get_default_graph()
    if g.executing_eagerly:  # TF 1.15: eager cond calls the taken branch, as Python
        result = true_fn() if pred else false_fn()
        if not strict and isinstance(result, (list, tuple)) and len(result) == 1:
            result = result[0]
        return result
    with g.name_scope(name or "cond"):
        pred = convert_to_tensor(pred)
        if pred._shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {pred._shape.ndims} for "
                             f"'{g.get_name_scope()}/Switch' (op: 'Switch') with input shapes: "
                             f"{_fmt(pred._shape)}, {_fmt(pred._shape)}.")
        p_2, p_1 = switch(pred, pred)
        from .array_ops import identity
        pivot_1 = identity(p_1, name="switch_t")
        pivot_2 = identity(p_2, name="switch_f")
        pred = identity(pred, name="pred_id")
        for t in (p_1, p_2, pivot_1, pivot_2, pred):
            g.prevent_fetching(t._op)
        results = []
        for pivot, branch, fn, label in ((pivot_1, 1, true_fn, "true_fn"), (pivot_2, 0, false_fn, "false_fn")):
            ctx = CondContext(pred, pivot, branch)
            ctx.enter()
            try:
                original, res = ctx.build_branch(fn)
            finally:
                ctx.exit()
            if original is None:
                raise ValueError(f"{label} must have a return value.")
            results.append((original, res))
        (orig_t, res_t), (orig_f, res_f) = results
        if not _same_structure(orig_t, orig_f):
            raise ValueError("Incompatible return values of true_fn and false_fn: The two structures don't have "
                             f"the same nested structure.\n\nFirst structure: {orig_t}\n\nSecond structure: {orig_f}")
        flat_t, flat_f = _flatten(res_t), _flatten(res_f)
        if not flat_t:
            raise ValueError("true_fn and false_fn must return at least one result.")
        for x, y in zip(flat_t, flat_f):
            if x._dtype.base_dtype != y._dtype.base_dtype:
                raise ValueError("Outputs of true_fn and false_fn must have the same type: "
                                 f"{x._dtype.base_dtype.name}, {y._dtype.base_dtype.name}")
        merges = [merge([f, t])[0] for f, t in zip(flat_f, flat_t)]
        merges = _pack(orig_t, merges)
        return merges if strict else _unpack_if_singleton(merges)


def _fmt(shape):
    from .common import fmt_shape
    return fmt_shape(shape)


# -- tf.case --------------------------------------------------------------------------------------
def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """`tf.case`: the action of the first true predicate (nested `cond`s, as TF builds them)."""
    if not isinstance(pred_fn_pairs, (list, builtins.tuple, dict)):
        raise TypeError("fns must be a list, tuple, or dict")
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    elif isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    predicates, actions = [], []
    for pair in pred_fn_pairs:
        if not isinstance(pair, builtins.tuple) or len(pair) != 2:
            raise TypeError("Each entry in pred_fn_pairs must be a 2-tuple")
        pred, fn = pair
        if isinstance(pred, Tensor):
            if pred._dtype.base_dtype is not _dt.bool_:
                raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
        else:
            raise TypeError(f"pred must be a Tensor, got: {pred!r}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
        predicates.append(pred)
        actions.append(fn)
    g = get_default_graph()
    with g.name_scope(name or "case"):
        if default is None:
            default, predicates, actions = _default_action(predicates, actions)
        fn = default
        for pred, action in reversed(list(zip(predicates, actions))):
            fn = _bind_cond(pred, action, fn, strict)
        if exclusive:
            with g.control_dependencies([_assert_at_most_n_true(predicates, 1, "Input error: exclusive=True")]):
                return fn()
        return fn()


def _assert_at_most_n_true(predicates, n, msg):
    """TF's check that at most `n` of the predicates hold (an Assert on their stacked count)."""
    from .array_ops import cast
    from .control_ops import Assert
    from .index_ops import stack
    from .math_ops import less_equal
    from .reduce_ops import reduce_sum
    from ..convert import convert_to_tensor
    preds_c = stack(predicates, name="preds_c")
    num_true = reduce_sum(cast(preds_c, _dt.int32), name="num_true_conds")
    condition = less_equal(num_true, convert_to_tensor(n, dtype=_dt.int32, name="n_true_conds"))
    names = ", ".join(p.name for p in predicates)
    return Assert(condition, [f"{msg}: more than {n} conditions ({names}) evaluated as True:", preds_c],
                  summarize=len(predicates))


def _bind_cond(pred, action, otherwise, strict):
    return lambda: cond(pred, action, otherwise, strict=strict)


def _default_action(predicates, actions):
    if not predicates:
        raise ValueError("No predicates provided")
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]
    others_p, others_a = predicates[:k], actions[:k]

    def default_action():
        from .control_ops import Assert
        from .index_ops import stack
        others_msg = (f"Implementation error: selected default action #{k} was called, but some of other "
                      f"predicates are True: ")
        default_msg = ["Input error: None of conditions evaluated as True:", stack(predicates_all, name="preds_c")]
        with get_default_graph().control_dependencies([_assert_at_most_n_true(others_p, 0, others_msg),
                                                       Assert(predicate, default_msg)]):
            return action()
    predicates_all = list(predicates)
    return default_action, others_p, others_a
