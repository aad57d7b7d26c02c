"""`tf.summary`: summary ops (`scalar`, `histogram`, `image`, `audio`, `text`, `tensor_summary`,
`merge`, `merge_all`) named and tagged as TF 1.15 does, plus `FileWriter` and
`FileWriterCache` (nbgraph/formats/events.py) and the `Summary`/`Event` protos.

Each op outputs a serialized `Summary` (a scalar string) and joins the `summaries` collection;
`merge_all()` merges that collection. Run them in a session and hand the result to
`FileWriter.add_summary`, as a TF 1.x lesson does.
"""
from __future__ import annotations

import contextlib
import re

from .engine.graph import GraphKeys, get_default_graph
from .engine.ops.array_ops import constant
from .engine.convert import convert_to_tensor
from .engine import dtypes as _dt
from .formats.events import FileWriter, FileWriterCache  # noqa: F401

__all__ = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge", "merge_all",
           "FileWriter", "FileWriterCache", "get_summary_description"]

_INVALID_TAG = re.compile(r"[^-/\w\.]")


def _clean_tag(name):
    if name is None:
        return None
    new = _INVALID_TAG.sub("_", name).lstrip("/")
    return new


@contextlib.contextmanager
def _summary_scope(name, family=None, default_name=None, values=None):
    """TF's `summary_op_util.summary_scope`: yields (tag, scope)."""
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else f"{family}/{name}"
    g = get_default_graph()
    with g.name_scope(base or default_name) as scope:
        yield (scope.rstrip("/") if family is None else f"{family}/{scope.rstrip('/')}"), scope


def _collect(value, collections, default):
    g = get_default_graph()
    for key in (default if collections is None else collections):
        g.add_to_collection(key, value)
    return value


def _summary_op(op_type, scope, inputs, attrs=None):
    g = get_default_graph()
    return g.create_op(op_type, inputs, [_dt.string], name=scope, attrs=attrs or {})._outputs[0]


def scalar(name, tensor, collections=None, family=None):
    """`tf.summary.scalar`: a Summary with one `simple_value` tagged `name`."""
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        tensor = convert_to_tensor(tensor)
        if tensor.shape.ndims not in (None, 0):
            from .engine.ops.common import fmt_shape
            raise ValueError(f"tags and values not the same shape: [] != {fmt_shape(tensor.shape)} (tag '{tag}')")
        val = _summary_op("ScalarSummary", scope, [constant(tag, name="tags"), tensor])
    return _collect(val, collections, [GraphKeys.SUMMARIES])


def histogram(name, values, collections=None, family=None):
    """`tf.summary.histogram`: a histogram of `values` in TF's buckets."""
    with _summary_scope(name, family, values=[values], default_name="HistogramSummary") as (tag, scope):
        val = _summary_op("HistogramSummary", scope, [constant(tag, name="tag"), convert_to_tensor(values)])
    return _collect(val, collections, [GraphKeys.SUMMARIES])


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """`tf.summary.image`: up to `max_outputs` images of a [batch, h, w, 1|3|4] tensor, as PNG."""
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        val = _summary_op("ImageSummary", scope, [constant(tag, name="tag"), convert_to_tensor(tensor)],
                          {"max_images": max_outputs, "bad_color": _bad_color()})
    return _collect(val, collections, [GraphKeys.SUMMARIES])


def _bad_color():
    import numpy as np
    return np.array([255, 0, 0, 255], dtype=np.uint8)


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """`tf.summary.audio`: up to `max_outputs` WAV clips of a [batch, frames(, channels)] tensor."""
    with _summary_scope(name, family=family, values=[tensor]) as (tag, scope):
        rate = convert_to_tensor(sample_rate, dtype=_dt.float32, name="sample_rate")
        val = _summary_op("AudioSummaryV2", scope, [constant(tag, name="tag"), convert_to_tensor(tensor), rate],
                          {"max_outputs": max_outputs})
    return _collect(val, collections, [GraphKeys.SUMMARIES])


def _tensor_summary_op(name, tensor, metadata, collections, family=None):
    from .formats.summaries import metadata as _metadata
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        inputs = [constant(tag, name="tag"), convert_to_tensor(tensor),
                  constant(_metadata(*metadata), name="serialized_summary_metadata")]
        val = _summary_op("TensorSummaryV2", scope, inputs)
    return _collect(val, collections, [GraphKeys.SUMMARIES])


def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None,
                   family=None, display_name=None):
    """`tf.summary.tensor_summary`: the whole tensor in a Summary."""
    return _tensor_summary_op(name, tensor, ("",), collections, family)


def text(name, tensor, collections=None):
    """`tf.summary.text`: a string tensor for TensorBoard's text dashboard."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != _dt.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got {tensor.dtype.name}")
    return _tensor_summary_op(name, tensor, ("text",), collections)


def merge(inputs, collections=None, name=None):
    """`tf.summary.merge`: one Summary with the values of every input summary."""
    g = get_default_graph()
    with g.name_scope(name or "Merge"):
        inputs = [convert_to_tensor(i) for i in inputs]
        val = g.create_op("MergeSummary", inputs, [_dt.string], name=name or "MergeSummary",
                          attrs={"N": len(inputs)})._outputs[0]
    return _collect(val, collections, [])


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """`tf.summary.merge_all`: merges the `key` collection; None when it is empty."""
    summary_ops = get_default_graph().get_collection(key, scope=scope)
    if not summary_ops:
        return None
    return merge(summary_ops, name=name)


def get_summary_description(node_def):
    """`tf.summary.get_summary_description` (TensorSummary descriptions: nbgraph keeps none)."""
    if node_def.op != "TensorSummary":
        raise ValueError(f"Can't get_summary_description on {node_def.op}")
    return None


def __getattr__(name):
    if name in ("Summary", "SummaryDescription", "Event", "SessionLog", "TaggedRunMetadata", "SummaryMetadata"):
        from .formats.protos import pb
        return getattr(pb(), name)
    raise AttributeError(f"module 'nbgraph.summary' has no attribute '{name}'")
