"""`tf.print` (TF 1.15's `PrintV2` op) and `tf.strings.format` (`StringFormat`).

`tf.strings.format` fills a template's placeholders with tensors summarized as TF's
`SummarizeValue(print_v2=True)` writes them (numpy-like, `...` past `summarize` items at each end of
a dimension). `tf.print` builds one such string and prints it when run: to stderr by default, to
stdout with `output_stream=sys.stdout`, to the log with `tf.logging.info`/`warning`/`error`, or
appended to a file given as `file://<path>`.
"""
from __future__ import annotations

import sys

import numpy as np

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.formatting import fmt_value
from ..engine.grad_registry import NotDifferentiable
from ..engine.graph import Tensor, get_default_graph, graph_of
from ..engine.ops.common import KernelError
from ..engine.registry import register
from ..engine.shapes import TensorShape

__all__ = ["print_v2", "string_format", "summarize_v2"]


def _item(v) -> str:
    if isinstance(v, bytes):
        return '"' + v.decode("utf-8", "backslashreplace") + '"'
    return fmt_value(v)


def summarize_v2(value, n: int = 3) -> str:
    """TF's `Tensor::SummarizeValue(n, print_v2=true)`: `[[1 2 3]\\n [4 5 6]]`, with `...` in place of
    the middle of any dimension longer than `2n` (none elided when `n < 0`)."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return _item(arr.reshape(-1)[0])

    def rows(a):
        size = a.shape[0]
        if n >= 0 and size > 2 * n:
            return list(range(n)) + [None] + list(range(size - n, size))
        return list(range(size))

    def rec(a, depth):
        if a.ndim == 1:
            return "[" + " ".join("..." if i is None else _item(a[i]) for i in rows(a)) + "]"
        sep = "\n" * (a.ndim - 1) + " " * (depth + 1)
        return "[" + sep.join("..." if i is None else rec(a[i], depth + 1) for i in rows(a)) + "]"
    return rec(arr, 0)


def _format_kernel(op):
    template, placeholder, n = op._attrs["template"], op._attrs["placeholder"], op._attrs["summarize"]
    pieces = template.split(placeholder)

    def k(ctx, *xs):
        out = pieces[0]
        for x, piece in zip(xs, pieces[1:]):
            out += summarize_v2(x, n) + piece
        return np.array(out.encode(), dtype=object)
    return k


register("StringFormat", "io", lambda op: [TensorShape([])], _format_kernel, gpu=False, stateful=False,
         doc="formats tensors into a template string")


def string_format(template: str, inputs, placeholder: str = "{}", summarize: int = 3, name=None) -> Tensor:
    """`tf.strings.format(template, inputs)`: a scalar string with each `placeholder` replaced by a tensor."""
    if isinstance(inputs, (Tensor,)) or not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    count = template.count(placeholder)
    if count != len(inputs):
        raise ValueError(f"The template expects {count} tensors, but the inputs only has {len(inputs)}. Please "
                         "ensure the number of placeholders in template matches inputs length.")
    g = graph_of(list(inputs))
    with g.as_default(), g.name_scope(name or "StringFormat") as scope:
        xs = [convert_to_tensor(x) for x in inputs]
        return g.create_op("StringFormat", xs, [_dt.string], name=scope,
                           attrs={"template": template, "placeholder": placeholder, "summarize": summarize,
                                  "T": [x.dtype.base_dtype for x in xs]})._outputs[0]


def _stream_attr(stream) -> str:
    from .. import tf_logging
    if stream is sys.stdout:
        return "stdout"
    if stream is sys.stderr:
        return "stderr"
    for level in ("info", "warning", "error"):
        if stream is getattr(tf_logging, level, None):
            return f"log({level})"
    if isinstance(stream, str) and stream.startswith("file://"):
        return stream
    raise ValueError(f"Unsupported output stream, logging level, or file.{stream}. Supported streams are "
                     "sys.stdout, sys.stderr, tf.logging.info, tf.logging.warning, tf.logging.error. File needs "
                     "to be in the form of 'file://<filepath>'.")


def _print_kernel(op):
    stream, end = op._attrs["output_stream"], op._attrs["end"]

    def k(ctx, text):
        s = fmt_value(np.asarray(text).reshape(-1)[0]) + end
        if stream in ("stdout", "stderr"):
            out = sys.stdout if stream == "stdout" else sys.stderr  # looked up now: notebooks swap them
            out.write(s)
            out.flush()
        elif stream.startswith("log("):
            import logging
            logging.getLogger("tensorflow").log(getattr(logging, stream[4:-1].upper()), s.rstrip("\n"))
        else:
            try:
                with open(stream[len("file://"):], "a", encoding="utf-8") as f:
                    f.write(s)
            except OSError as e:
                raise KernelError(f"{stream[len('file://'):]}; {e.strerror}") from None
    return k


register("PrintV2", "io", lambda op: [], _print_kernel, gpu=False, stateful=True, doc="prints a string")
NotDifferentiable("StringFormat")
NotDifferentiable("PrintV2")


def print_v2(*inputs, **kwargs):
    """`tf.print(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\\n", name=None)`: a
    `PrintV2` op that prints the inputs (tensors summarized, Python objects with `str`) when run."""
    output_stream = kwargs.pop("output_stream", sys.stderr)
    name = kwargs.pop("name", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", "\n")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {kwargs}")
    stream = _stream_attr(output_stream)
    g = get_default_graph()
    if len(inputs) == 1 and isinstance(inputs[0], Tensor) and inputs[0].dtype.base_dtype == _dt.string \
            and inputs[0].shape.ndims == 0:
        text = inputs[0]
    else:
        tensors: list = []
        placeholder = "{}"
        if any("{}" in str(x) for x in inputs if not isinstance(x, Tensor)):
            placeholder = "{__nbgraph_print_placeholder__}"

        def render(x):
            if isinstance(x, Tensor) or hasattr(x, "_as_graph_element"):
                tensors.append(x)
                return placeholder
            if isinstance(x, dict):
                return _Raw("{" + ", ".join(f"{k!r}: {render(v)}" for k, v in x.items()) + "}")
            if isinstance(x, (list, tuple)) and any(isinstance(v, Tensor) for v in x):
                body = ", ".join(str(render(v)) for v in x)
                return _Raw(f"[{body}]" if isinstance(x, list) else f"({body}{',' if len(x) == 1 else ''})")
            return _Raw(str(x))
        template = sep.join(str(render(x)) for x in inputs)
        text = string_format(template, tensors, placeholder=placeholder, summarize=summarize)
    with g.as_default():
        return g.create_op("PrintV2", [text], [], name=name or "PrintV2",
                           attrs={"output_stream": stream, "end": end})


class _Raw(str):
    """Text already rendered (its `repr` is itself, so nested dicts print as TF's do)."""

    def __repr__(self) -> str:
        return str(self)
