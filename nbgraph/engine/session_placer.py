"""`SessionPlacer`: when a session places (its whole graph, or each pruned graph), what it
keeps as `PlacementRecord`s, and the `log_device_placement` lines it prints to stdout."""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

from .devices import full_name
from .errors import InvalidArgumentError
from .local_devices import DeviceAttributes, session_devices
from .placement import _CPU0, _graph_nodes, _Placer, _PlacementError

__all__ = ["SessionPlacer", "PlacementRecord"]


@dataclass(frozen=True)
class PlacementRecord:
    """Where one node went and why.

    `requested` is the node's own device string ('' when none); `assigned` the full device
    name. `reason` starts with one of: 'explicit' (its own request), 'colocated with X' (its
    colocation group's request), 'default' (no request: the first device with a kernel, GPUs
    first), 'with its consumer' (a generator joins its consumers), 'with its input' (a
    metadata op), 'feed/fetch' (`_Arg`/`_Retval` on the client CPU), 'kept' (a stateful op keeps
    its earlier device) or 'soft placement: ...' (the request could not be met)."""

    node: str
    op_type: str
    requested: str
    assigned: str
    reason: str

    def log_line(self) -> str:
        """TF's `log_device_placement` line: `name: (Type): /job:localhost/.../device:CPU:0`."""
        return f"{self.node}: ({self.op_type}): {self.assigned}"


class SessionPlacer:
    """Places a session's graph (or pruned graphs) and keeps every placement as records.

    `records`: every `PlacementRecord` in the order TF would have printed them (append-only);
    `_by_op`: the latest record of each Operation; `devices`: the session's (type, index, desc)."""

    def __init__(self, session):
        self.session = session
        cfg = session._config
        remote = getattr(session, "_remote", None)
        # a cluster session (`tf.Session(server.target)`) places over every task's devices
        self.devices = remote.devices(cfg) if remote is not None else session_devices(cfg)
        self.client_device = remote.client_device if remote is not None else _CPU0
        self.records = []
        self._by_op = {}
        self._placed_version = None
        self._full = []                # the latest whole-graph placement (_Kept)
        self._full_devices = {}
        self._pruned = {}              # signature -> (records, {op: device})
        self._stateful = {}            # op -> device, kept across placements (TF's stateful placements)
        self._incarnations = [(hash((d[0], d[1], id(self))) & 0x7FFFFFFFFFFFFFFF) for d in self.devices]
        self._lock = threading.Lock()
        if cfg.log_device_placement:
            descs = [f"{name} -> {d[2]}" for name, d in zip(self.device_names, self.devices) if d[2]]
            if descs:
                _emit("Device mapping:\n" + "".join(line + "\n" for line in descs))
            else:
                _emit("Device mapping: no known devices.\n")

    def device_attributes(self):
        return [DeviceAttributes(name, d[0], 268435456 if d[0] == "CPU" else 1 << 30, inc, d[2],
                                 virtual=d[0] == "GPU")
                for name, d, inc in zip(self.device_names, self.devices, self._incarnations)]

    @property
    def device_names(self):
        return [full_name(d[0], d[1]) if len(d) == 3 else f"{d[3]}/device:{d[0]}:{d[1]}" for d in self.devices]

    # -- entry point --------------------------------------------------------------------------
    def place(self, plan):
        """Places what `plan` runs (the whole graph, or the pruned graph of its signature) unless
        that is already placed; fills `plan.devices` and `plan.placement`. Raises TF's
        InvalidArgumentError when a request cannot be met without soft placement (on every run,
        as the placement is retried)."""
        g = self.session._graph
        if plan.__dict__.get("_placed_stamp") == (g.version, g._structure_version):
            return  # placed at this graph version already: nothing to do (the per-run fast path)
        fed = set(plan.feeds)
        fetches = list(dict.fromkeys(t for t in plan.fetch_tensors if t not in fed))
        targets = list(getattr(plan, "targets", ()))
        if not fetches and not targets:
            return  # TF's Python client does not call the runtime at all
        cfg = self.session._config
        g = self.session._graph
        with self._lock:
            if not cfg.graph_options.place_pruned_graph and plan.__dict__.get("_placed_at") == \
                    (self._placed_version, g.version, g._structure_version):
                plan._placed_stamp = (g.version, g._structure_version)
                return  # this plan already holds the current whole-graph placement
            if cfg.graph_options.place_pruned_graph:
                if plan.__dict__.get("_placed_sig") in self._pruned:
                    plan._placed_stamp = (g.version, g._structure_version)
                    return  # this plan's signature is placed and the plan holds it
                sig = (tuple(sorted(t.name for t in fed)), tuple(sorted(t.name for t in fetches)),
                       tuple(sorted(op.name for op in targets)), g._structure_version)
                placed = self._pruned.get(sig)
                if placed is None:
                    ops = [op for op in plan.nodes
                           if not (op._type in ("Placeholder", "PlaceholderWithDefault") and op._outputs[0] in fed)]
                    kept = self._run_placer(ops, fed, fetches)
                    placed = self._pruned[sig] = ([k.record for k in kept],
                                                  {k.op: k.record.assigned for k in kept if k.op is not None})
                records, devices = placed
            else:
                version = (g.version, g._structure_version)
                if self._placed_version != version:
                    self._full = self._run_placer(g.get_operations(), (), ())
                    self._full_devices = {k.op: k.record.assigned for k in self._full}
                    self._placed_version = version
                devices = self._full_devices
                nodes = set(plan.nodes)
                records = [k.record for k in self._full if k.op in nodes]
            plan.devices = {op: devices.get(op, self.client_device) for op in plan.nodes}
            plan.placement = records
            if cfg.graph_options.place_pruned_graph:
                plan._placed_sig = sig
            else:
                plan._placed_at = (self._placed_version, g.version, g._structure_version)
            plan._placed_stamp = (g.version, g._structure_version)

    def _run_placer(self, ops, fed, fetches):
        cfg = self.session._config
        nodes = _graph_nodes(ops, fed, fetches)
        for n in nodes:
            if n.op is None:
                n.assigned, n.preset_reason = self.client_device, "feed/fetch: on the client CPU"
            elif n.op in self._stateful:
                n.assigned, n.preset_reason = self._stateful[n.op], "kept: a stateful op keeps its earlier device"
        placer = _Placer(nodes, [(d[0], d[1]) if len(d) == 3 else (d[0], d[1], d[3]) for d in self.devices],
                         cfg.allow_soft_placement)
        try:
            placer.run()
        except _PlacementError as e:
            self._keep(placer.records, cfg)  # TF printed the lines placed before the failure
            message = e.message
            if e.assigning:
                message = f"Cannot assign a device for operation {e.node.name}: {message}"
            raise _error(e.node.op, message) from None
        kept = self._keep(placer.records, cfg)
        for n in nodes:
            if n.op is not None and n.op._opdef.stateful:  # one definition: the registry's
                self._stateful[n.op] = n.assigned
        return kept

    def _keep(self, placed, cfg):
        out = []
        for node, assigned, reason in placed:
            rec = PlacementRecord(node.name, node.type, node.requested, assigned, reason)
            out.append(_Kept(node.op, rec))
            if node.op is not None:
                self._by_op[node.op] = rec
        self.records.extend(k.record for k in out)
        if cfg.log_device_placement and out:
            _emit("".join(k.record.log_line() + "\n" for k in out))
        return out


class _Kept:
    __slots__ = ("op", "record")

    def __init__(self, op, record):
        self.op = op
        self.record = record


def _error(op, message):
    from .errors import op_error
    if op is None:  # a feed/fetch node: no graph op to name
        return InvalidArgumentError(None, None, message)
    return op_error(InvalidArgumentError, op, message)


def _emit(text):
    sys.stdout.write(text)
    sys.stdout.flush()
