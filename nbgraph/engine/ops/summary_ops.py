"""Summary ops: `ScalarSummary`, `HistogramSummary`, `ImageSummary`, `AudioSummaryV2`,
`TensorSummaryV2`, `MergeSummary`. Each outputs a scalar string: a serialized `Summary` proto,
built by `nbgraph/formats/summaries.py` (protobuf is loaded when a summary first runs).
The public functions (`tf.summary.scalar`...) are in `nbgraph/summary.py`."""
from __future__ import annotations

from ..registry import register
from .common import KernelError, scalar_shape


def _kernel(build_name, *attr_names):
    def make(op):
        attrs = [op._attrs[n] for n in attr_names]

        def k(ctx, *inputs):
            from ...formats import summaries
            try:
                return getattr(summaries, build_name)(*inputs, *attrs)
            except ValueError as e:
                raise KernelError(str(e)) from None
        return k
    return make


register("ScalarSummary", "io", scalar_shape, _kernel("scalar"), gpu=False,
         doc="serializes a Summary with one scalar per tag")
register("HistogramSummary", "io", scalar_shape, _kernel("histogram"), gpu=False,
         doc="serializes a Summary with a histogram of the values")
register("ImageSummary", "io", scalar_shape, _kernel("image", "max_images"), gpu=False,
         doc="serializes a Summary with PNG images")
register("AudioSummaryV2", "io", scalar_shape, _kernel("audio", "max_outputs"), gpu=False,
         doc="serializes a Summary with WAV clips")
register("TensorSummaryV2", "io", scalar_shape, _kernel("tensor"), gpu=False,
         doc="serializes a Summary holding a whole tensor")
register("MergeSummary", "io", scalar_shape, _kernel("merge"), gpu=False,
         doc="merges serialized Summaries into one")
