"""`tf.map_fn`, `tf.scan`, `tf.foldl`, `tf.foldr`, built as TF 1.15's functional_ops.py builds them:
the elements are unstacked into TensorArrays (`map/TensorArray`, `map/TensorArrayUnstack/...`), a
`tf.while_loop` with `maximum_iterations=n` calls `fn` once per element (`map/while/...`), the
results are written to TensorArrays and stacked (`map/TensorArrayStack/...`). Gradients flow
through the loop and the TensorArrays like any other graph.
"""
from __future__ import annotations

from ..convert import convert_to_tensor
from ..graph import get_default_graph
from ..shapes import TensorShape
from .control_flow_ops import _flatten, _pack, _same_structure
from .tensor_array_ops import TensorArray
from .while_loop import while_loop

__all__ = ["map_fn", "scan", "foldl", "foldr"]


def _is_sequence(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def _length(elems_flat):
    """n: the static first dimension when known, else `shape(elems[0])[0]`."""
    from .array_ops import shape
    n = elems_flat[0]._shape[0].value if elems_flat[0]._shape.ndims else None
    return n if n else shape(elems_flat[0])[0]


def _static_length(elems_flat):
    n = None
    for e in elems_flat:
        if e._shape.ndims is None:
            continue
        if e._shape.ndims < 1:
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        v = e._shape[0].value
        if n is not None and v is not None and v != n:
            raise ValueError(f"Dimensions {n} and {v} are not compatible")
        n = v if v is not None else n
    return n


def _set_lengths(results, elems_flat):
    n = _static_length(elems_flat)
    for r in results:
        if r._shape.ndims is not None:
            r.set_shape(TensorShape([n]).concatenate(r._shape[1:]))


def _caching_device():
    """TF sets the variable scope's caching device for the loop (so variables read once per run)."""
    from ..variables import get_variable_scope
    scope = get_variable_scope()
    if getattr(scope, "caching_device", None) is None and hasattr(scope, "set_caching_device"):
        scope.set_caching_device(lambda op: op.device)
        return scope
    return None


def _restore_caching_device(scope):
    if scope is not None:
        scope.set_caching_device(None)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False, infer_shape=True,
           name=None):
    """`tf.map_fn`: `fn` applied to each element of `elems` along its first dimension, stacked."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    if not parallel_iterations:
        parallel_iterations = 10
    input_is_sequence = _is_sequence(elems)
    input_flatten = (lambda x: _flatten(x)) if input_is_sequence else (lambda x: [x])
    input_pack = (lambda x: _pack(elems, x)) if input_is_sequence else (lambda x: x[0])
    if dtype is None:
        output_is_sequence, output_flatten, output_pack = input_is_sequence, input_flatten, input_pack
    else:
        output_is_sequence = _is_sequence(dtype)
        output_flatten = (lambda x: _flatten(x)) if output_is_sequence else (lambda x: [x])
        output_pack = (lambda x: _pack(dtype, x)) if output_is_sequence else (lambda x: x[0])
    elems_flat = input_flatten(elems)
    g = get_default_graph()
    with g.name_scope(name or "map"):
        scope = _caching_device()
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        dtype = dtype or input_pack([e._dtype for e in elems_flat])
        dtype_flat = output_flatten(dtype)
        static = elems_flat[0]._shape
        if static.ndims is not None and static.ndims < 1:
            if len(elems_flat) == 1:
                raise ValueError("elems must be a 1+ dimensional Tensor, not a scalar")
            raise ValueError("elements in elems must be 1+ dimensional Tensors, not scalars")
        n = _length(elems_flat)
        elems_ta = [TensorArray(dtype=e._dtype, size=n, dynamic_size=False, infer_shape=True) for e in elems_flat]
        elems_ta = [ta.unstack(e) for ta, e in zip(elems_ta, elems_flat)]
        from .array_ops import constant
        i = constant(0)
        accs_ta = [TensorArray(dtype=dt, size=n, dynamic_size=False, infer_shape=infer_shape) for dt in dtype_flat]

        def compute(i, tas):
            packed_values = input_pack([ta.read(i) for ta in elems_ta])
            packed_fn_values = fn(packed_values)
            if output_is_sequence != _is_sequence(packed_fn_values) or (
                    output_is_sequence and not _same_structure(dtype, packed_fn_values)):
                raise ValueError("The two structures don't have the same nested structure.\n\n"
                                 f"First structure: {dtype}\n\nSecond structure: {packed_fn_values}")
            flat_fn_values = output_flatten(packed_fn_values)
            tas = [ta.write(i, v) for ta, v in zip(tas, flat_fn_values)]
            return i + 1, tas

        _, r_a = while_loop(lambda i, _: i < n, compute, (i, accs_ta), parallel_iterations=parallel_iterations,
                            back_prop=back_prop, swap_memory=swap_memory, maximum_iterations=n)
        results_flat = [r.stack() for r in r_a]
        _set_lengths(results_flat, elems_flat)
        _restore_caching_device(scope)
        return output_pack(results_flat)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, infer_shape=True,
         reverse=False, name=None):
    """`tf.scan`: the running results of `a = fn(a, x)` over the elements of `elems`, stacked."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    input_is_sequence = _is_sequence(elems)
    input_flatten = (lambda x: _flatten(x)) if input_is_sequence else (lambda x: [x])
    input_pack = (lambda x: _pack(elems, x)) if input_is_sequence else (lambda x: x[0])
    if initializer is None:
        output_flatten, output_pack = input_flatten, input_pack
    else:
        out_seq = _is_sequence(initializer)
        output_flatten = (lambda x: _flatten(x)) if out_seq else (lambda x: [x])
        output_pack = (lambda x: _pack(initializer, x)) if out_seq else (lambda x: x[0])
    elems_flat = input_flatten(elems)
    g = get_default_graph()
    from .array_ops import constant
    with g.name_scope(name or "scan"):
        scope = _caching_device()
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        n = _length(elems_flat)
        elems_ta = [TensorArray(dtype=e._dtype, size=n, dynamic_size=False, infer_shape=True) for e in elems_flat]
        elems_ta = [ta.unstack(e) for ta, e in zip(elems_ta, elems_flat)]
        if initializer is None:
            a_flat = [ta.read(n - 1 if reverse else 0) for ta in elems_ta]
            i = constant(1)
        else:
            a_flat = [convert_to_tensor(x) for x in output_flatten(initializer)]
            i = constant(0)
        accs_ta = [TensorArray(dtype=a._dtype, size=n, element_shape=a._shape if infer_shape else None,
                               dynamic_size=False, infer_shape=infer_shape) for a in a_flat]
        if initializer is None:
            accs_ta = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            packed_elems = input_pack([ta.read(i) for ta in elems_ta])
            packed_a = output_pack(a_flat)
            a_out = fn(packed_a, packed_elems)
            flat_a_out = output_flatten(a_out)
            if len(flat_a_out) != len(a_flat):
                raise ValueError("The two structures don't have the same number of elements.")
            tas = [ta.write(i, v) for ta, v in zip(tas, flat_a_out)]
            return (i - 1 if reverse else i + 1), flat_a_out, tas

        if reverse:
            initial_i = n - 1 - i
            condition = lambda i, _1, _2: i >= 0  # noqa: E731
        else:
            initial_i = i
            condition = lambda i, _1, _2: i < n  # noqa: E731
        _, _, r_a = while_loop(condition, compute, (initial_i, a_flat, accs_ta),
                               parallel_iterations=parallel_iterations, back_prop=back_prop,
                               swap_memory=swap_memory, maximum_iterations=n)
        results_flat = [r.stack() for r in r_a]
        _set_lengths(results_flat, elems_flat)
        _restore_caching_device(scope)
        return output_pack(results_flat)


def _fold(kind, fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name):
    if not callable(fn):
        raise TypeError("fn must be callable.")
    g = get_default_graph()
    from .array_ops import constant
    with g.name_scope(name or kind):
        scope = _caching_device()
        elems_flat = [convert_to_tensor(e, name="elem") for e in _flatten(elems)]
        n = _length(elems_flat)
        tas = [TensorArray(dtype=e._dtype, size=n, dynamic_size=False, infer_shape=True).unstack(e)
               for e in elems_flat]
        elems_ta = _pack(elems, tas) if _is_sequence(elems) else tas[0]

        def read(i):
            return _pack(elems, [ta.read(i) for ta in tas]) if _is_sequence(elems) else elems_ta.read(i)

        if kind == "foldl":
            if initializer is None:
                a, i = read(0), constant(1)
            else:
                a, i = initializer, constant(0)

            def compute(i, a):
                return [i + 1, fn(a, read(i))]
            cond = lambda i, a: i < n  # noqa: E731
        else:
            if initializer is None:
                i = n - 1
                a = read(i)
            else:
                i, a = n, initializer

            def compute(i, a):
                i -= 1
                return [i, fn(a, read(i))]
            cond = lambda i, a: i > 0  # noqa: E731
        _, r_a = while_loop(cond, compute, [i, a], parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        _restore_caching_device(scope)
        return r_a


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """`tf.foldl`: `fn(...fn(fn(initializer, x0), x1)..., xn)` over the first dimension of `elems`."""
    return _fold("foldl", fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """`tf.foldr`: like foldl, from the last element to the first."""
    return _fold("foldr", fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name)
