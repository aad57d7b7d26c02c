"""Writes nbgraph/formats/op_defs.json: the OpDefs (inputs, outputs, attrs with defaults) of the
op types nbgraph registers or is likely to, read from a real TensorFlow's op registry.

Run with a TensorFlow interpreter from the repository root:
    PYTHONPATH=$PWD /tmp/tfref/bin/python scripts/dump_op_defs.py
The engine reads the JSON (no protobuf needed) to answer `Operation.get_attr` and to write
NodeDefs with every attr TF has. Attrs added after TF 1.15 are dropped (DESIGN.md §2).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

# attrs TF grew after 1.15; a TF 1.15 GraphDef never has them
AFTER_115 = {"MatMul": {"grad_a", "grad_b"}, "BatchMatMulV2": {"grad_x", "grad_y"}}

# op types teammates' areas use (training, gradients, summaries, saver, nn, data) beside the registry
EXTRA = """ApplyGradientDescent ApplyMomentum ApplyAdam ApplyAdagrad ApplyRMSProp ApplyAdadelta ApplyFtrl
ResourceApplyGradientDescent BroadcastGradientArgs ReluGrad Relu6Grad SigmoidGrad TanhGrad SqrtGrad RsqrtGrad
ReciprocalGrad SoftplusGrad EluGrad BiasAdd BiasAddGrad Conv2D Conv2DBackpropInput Conv2DBackpropFilter MaxPool
MaxPoolGrad AvgPool AvgPoolGrad ScalarSummary HistogramSummary ImageSummary AudioSummaryV2 TensorSummaryV2
TensorSummary MergeSummary SaveV2 RestoreV2 MergeV2Checkpoints StringJoin ShardedFilename ShardedFilespec Save
Restore RestoreSlice SaveSlices Switch Merge Enter Exit NextIteration LoopCond ControlTrigger LinSpace Unique
TopKV2 InTopKV2 InTopK Gather ResourceGather Split SplitV Cumprod Erf Atan2 Sinh Cosh Tan Atan Asin Acos Expm1
Softsign Selu LeakyRelu SparseSoftmaxCrossEntropyWithLogits Diag MatrixInverse MatrixDeterminant Cholesky Qr
Svd BatchMatMul Einsum Mod TruncateDiv TruncateMod Div DivNoNan IsNan IsInf IsFinite Floor ClipByValue Zeta
ReverseV2 GatherNd ScatterNd ScatterUpdate ScatterAdd ScatterSub ReadVariableOp VarHandleOp AssignVariableOp
FusedBatchNorm FusedBatchNormV3 LRN Dilation2D DepthwiseConv2dNative Maximum Minimum ArgMax Snapshot DebugIdentity
QueueEnqueueV2 QueueDequeueV2 QueueDequeueManyV2 FIFOQueueV2 RandomShuffleQueueV2 QueueCloseV2 QueueSizeV2
DecodeCSV TextLineReaderV2 ReaderReadV2 StringToNumber Multinomial RandomShuffle ParameterizedTruncatedNormal
Bucketize SegmentSum UnsortedSegmentSum SparseToDense Invert BitwiseAnd Square Conj Real Imag Complex Angle
PreventGradient CheckNumerics EnsureShape Bitcast Unpack Empty ZerosLike BroadcastTo BroadcastArgs
SpaceToDepth DepthToSpace ResizeBilinear ResizeNearestNeighbor StaticRegexFullMatch""".split()


def op_types() -> list[str]:
    names = subprocess.run([os.environ.get(
        "NBGRAPH_PYTHON", "/work/main/.venv/bin/python"), "-c",
        "import nbgraph; from nbgraph.engine import registry; print(' '.join(registry.registered()))"],
        capture_output=True, text=True, check=True, env={**os.environ}).stdout.split()
    return sorted(set(names) | set(EXTRA))


def _default(attr):
    from google.protobuf import json_format
    if not attr.HasField("default_value"):
        return None
    return json_format.MessageToDict(attr.default_value)


def _arg(arg):
    from tensorflow.python.framework import dtypes
    return {k: v for k, v in (("name", arg.name), ("type", dtypes.as_dtype(arg.type).name if arg.type else None),
                              ("type_attr", arg.type_attr), ("number_attr", arg.number_attr),
                              ("type_list_attr", arg.type_list_attr), ("is_ref", arg.is_ref)) if v}


def main() -> None:
    from tensorflow.python.framework import op_def_registry
    out = {}
    for name in op_types():
        od = op_def_registry.get(name)
        if od is None:
            continue
        drop = AFTER_115.get(name, set())
        out[name] = {"inputs": [_arg(a) for a in od.input_arg], "outputs": [_arg(a) for a in od.output_arg],
                     "attrs": [[a.name, a.type, _default(a)] for a in od.attr if a.name not in drop],
                     **({"stateful": True} if od.is_stateful else {})}
    path = os.path.join(os.path.dirname(__file__), "..", "nbgraph", "formats", "op_defs.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
        f.write("\n")
    print(f"{len(out)} op defs -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
