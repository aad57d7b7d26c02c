"""`ConfigProto`, `GPUOptions`, `GraphOptions`, `RunOptions`, `RunMetadata`: small typed records
that behave like the protobuf messages TF uses — unknown fields raise as protobuf does, fields
are settable after construction, and `print(config)` gives protobuf text format."""
from __future__ import annotations

import copy

__all__ = ["ConfigProto", "GPUOptions", "GraphOptions", "OptimizerOptions", "RunOptions", "RunMetadata",
           "StepStats", "DeviceStepStats", "NodeExecStats"]

_SCALARS = {bool: (bool, int), int: (int,), float: (float, int), str: (str, bytes)}
# the type lists in the C++ protobuf of TF 1.x's day: "1.5 has type float, but expected one of: int, long"
_EXPECTED = {bool: "int, long, bool", int: "int, long", float: "int, long, float", str: "bytes, unicode"}


class _Message:
    """Base: `FIELDS` = [(name, kind, default)] in field-number order; kind is bool/int/float/str,
    a message class, `dict` (a string->int map) or `list` (repeated)."""

    FIELDS: list = []

    def __init__(self, **kwargs):
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_set", set())
        for name, kind, default in self.FIELDS:
            if isinstance(kind, type) and issubclass(kind, _Message):
                self._values[name] = kind()
            elif kind in (dict, list):
                self._values[name] = kind()
            else:
                self._values[name] = default
        for k, v in kwargs.items():
            if k not in self._values:
                raise ValueError(f'Protocol message {type(self).__name__} has no "{k}" field.')
            self._assign(k, v, init=True)

    def _kind(self, name):
        return next(kind for n, kind, _ in self.FIELDS if n == name)

    def _assign(self, name, value, init=False):
        kind = self._kind(name)
        if isinstance(kind, type) and issubclass(kind, _Message):
            if not init:
                raise AttributeError(f'Assignment not allowed to field "{name}" in protocol message object.')
            if not isinstance(value, kind):
                raise TypeError(f"Parameter to MergeFrom() must be instance of same class: expected "
                                f"{kind.__name__} got {type(value).__name__}.")
            self._values[name] = copy.deepcopy(value)
        elif kind is dict:
            if not init:
                raise AttributeError(f'Assignment not allowed to map, or repeated field "{name}" in protocol message object.')
            for k, v in dict(value).items():
                self._check_scalar(name, str, k)
                self._check_scalar(name, int, v)
            self._values[name] = dict(value)
        elif kind is list:
            if not init:
                raise AttributeError(f'Assignment not allowed to repeated field "{name}" in protocol message object.')
            self._values[name] = list(value)
        else:
            self._check_scalar(name, kind, value)
            self._values[name] = kind(value) if kind is not str or isinstance(value, str) else value.decode()
        self._set.add(name)

    @staticmethod
    def _check_scalar(name, kind, value):
        ok = _SCALARS[kind]
        if not isinstance(value, ok) or (kind is not bool and isinstance(value, bool) and kind is not int):
            raise TypeError(f"{value!r} has type {type(value).__name__}, but expected one of: {_EXPECTED[kind]}")

    def __getattr__(self, name):
        values = object.__getattribute__(self, "_values")
        try:
            return values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        if name not in self._values:
            raise AttributeError(f'Assignment not allowed (no field "{name}" in protocol message object).')
        self._assign(name, value)

    def HasField(self, name):  # noqa: N802 - protobuf's name
        if name not in self._values:
            raise ValueError(f'Protocol message {type(self).__name__} has no field {name}.')
        v = self._values[name]
        return name in self._set or (isinstance(v, _Message) and bool(v.ListFields()))

    def ListFields(self):  # noqa: N802
        out = []
        for name, kind, default in self.FIELDS:
            v = self._values[name]
            if isinstance(v, _Message):
                if v.ListFields():
                    out.append((name, v))
            elif isinstance(v, (dict, list)):
                if v:
                    out.append((name, v))
            elif v != default:
                out.append((name, v))
        return out

    def CopyFrom(self, other):  # noqa: N802
        object.__setattr__(self, "_values", copy.deepcopy(other._values))
        object.__setattr__(self, "_set", set(other._set))

    def MergeFrom(self, other):  # noqa: N802
        for name, v in other.ListFields():
            if isinstance(v, _Message):
                self._values[name].MergeFrom(v)
            elif isinstance(v, dict):
                self._values[name].update(v)
            elif isinstance(v, list):
                self._values[name].extend(v)
            else:
                self._values[name] = v

    def Clear(self):  # noqa: N802
        type(self).__init__(self)

    def __eq__(self, other):
        return type(self) is type(other) and self.ListFields() == other.ListFields()

    def __deepcopy__(self, memo):
        new = type(self)()
        new.CopyFrom(self)
        return new

    def _text(self, indent=0):
        pad = "  " * indent
        lines = []
        for name, v in self.ListFields():
            if isinstance(v, _Message):
                lines.append(f"{pad}{name} {{")
                lines.append(v._text(indent + 1))
                lines.append(f"{pad}}}")
            elif isinstance(v, dict):
                for k in sorted(v):
                    lines += [f"{pad}{name} {{", f'{pad}  key: "{k}"', f"{pad}  value: {v[k]}", f"{pad}}}"]
            elif isinstance(v, list):
                for item in v:
                    if isinstance(item, _Message):
                        lines += [f"{pad}{name} {{", item._text(indent + 1), f"{pad}}}"]
                    else:
                        lines.append(f"{pad}{name}: {_scalar_text(item)}")
            else:
                lines.append(f"{pad}{name}: {_scalar_text(v)}")
        return "\n".join(line for line in lines if line)

    def __str__(self):
        text = self._text()
        return text + "\n" if text else ""

    __repr__ = __str__


def _scalar_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(v) if isinstance(v, float) else str(v)


class GPUOptions(_Message):
    FIELDS = [("per_process_gpu_memory_fraction", float, 0.0), ("allocator_type", str, ""),
              ("deferred_deletion_bytes", int, 0), ("allow_growth", bool, False),
              ("visible_device_list", str, ""), ("polling_active_delay_usecs", int, 0),
              ("polling_inactive_delay_msecs", int, 0), ("force_gpu_compatible", bool, False)]


class OptimizerOptions(_Message):
    L1, L0 = 0, -1
    OFF, ON_1, ON_2, DEFAULT = -1, 1, 2, 0
    FIELDS = [("do_common_subexpression_elimination", bool, False), ("do_constant_folding", bool, False),
              ("opt_level", int, 0), ("do_function_inlining", bool, False), ("global_jit_level", int, 0)]


class GraphOptions(_Message):
    FIELDS = [("enable_recv_scheduling", bool, False), ("optimizer_options", OptimizerOptions, None),
              ("build_cost_model", int, 0), ("infer_shapes", bool, False), ("place_pruned_graph", bool, False),
              ("enable_bfloat16_sendrecv", bool, False), ("timeline_step", int, 0),
              ("build_cost_model_after", int, 0)]


class ConfigProto(_Message):
    FIELDS = [("device_count", dict, None), ("intra_op_parallelism_threads", int, 0),
              ("placement_period", int, 0), ("device_filters", list, None),
              ("inter_op_parallelism_threads", int, 0), ("gpu_options", GPUOptions, None),
              ("allow_soft_placement", bool, False), ("log_device_placement", bool, False),
              ("use_per_session_threads", bool, False), ("graph_options", GraphOptions, None),
              ("operation_timeout_in_ms", int, 0), ("isolate_session_state", bool, False)]


class RunOptions(_Message):
    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = 0, 1, 2, 3
    FIELDS = [("trace_level", int, 0), ("timeout_in_ms", int, 0), ("inter_op_thread_pool", int, 0),
              ("output_partition_graphs", bool, False), ("report_tensor_allocations_upon_oom", bool, False)]


class NodeExecStats(_Message):
    FIELDS = [("node_name", str, ""), ("all_start_micros", int, 0), ("op_start_rel_micros", int, 0),
              ("op_end_rel_micros", int, 0), ("all_end_rel_micros", int, 0), ("timeline_label", str, ""),
              ("scheduled_micros", int, 0), ("thread_id", int, 0)]


class DeviceStepStats(_Message):
    FIELDS = [("device", str, ""), ("node_stats", list, None)]


class StepStats(_Message):
    FIELDS = [("dev_stats", list, None)]


class RunMetadata(_Message):
    # `placement` is nbgraph's: the PlacementRecords behind a run, filled when the RunOptions ask
    # for FULL_TRACE or output_partition_graphs (where TF would return the placed graphs).
    FIELDS = [("step_stats", StepStats, None), ("partition_graphs", list, None), ("placement", list, None)]


def _timeline_label(op):
    """TF's `name = Type(input, input, ^control)`."""
    inputs = [t._as_node_def_input() for t in op._inputs] + [f"^{c.name}" for c in op._control_inputs]
    return f"{op.name} = {op.type}({', '.join(inputs)})"


def fill_step_stats(run_metadata, records, start):
    """Fills `run_metadata.step_stats` from a traced run's `StepRecord`s (TF's per-device stats)."""
    by_device = {}
    t = start
    for rec in records:
        micros = int(rec.seconds * 1e6)
        stats = NodeExecStats(node_name=rec.op.name, all_start_micros=int(t * 1e6), op_start_rel_micros=0,
                              op_end_rel_micros=micros, all_end_rel_micros=micros,
                              timeline_label=_timeline_label(rec.op))
        by_device.setdefault(rec.device, []).append(stats)
        t += rec.seconds
    run_metadata.step_stats.dev_stats.extend(
        DeviceStepStats(device=d, node_stats=n) for d, n in by_device.items())
