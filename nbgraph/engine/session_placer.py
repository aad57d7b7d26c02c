"""`SessionPlacer`: when a session places (its whole graph, or each pruned graph), what it
keeps as `PlacementRecord`s, and the `log_device_placement` lines it prints to stdout."""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from typing import NamedTuple

from .devices import full_name
from .errors import InvalidArgumentError, op_error
from .executor import Placement
from .local_devices import DeviceAttributes, session_devices
from .placement import _CPU0, _graph_nodes, _Placer, _PlacementError
from .placement_log import GrownGraph

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
        self._whole = GrownGraph()     # the whole-graph placement, placed again only where it grew
        self._pruned = {}              # signature -> (records, {op: device})
        self._plans = {}               # plan -> _PlanPlacement: what each plan was last given
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

    def latest(self, op) -> PlacementRecord | None:
        """The latest record of `op` (None: not placed by this session yet)."""
        return self._by_op.get(op)

    @property
    def device_names(self):
        return [full_name(d[0], d[1]) if len(d) == 3 else f"{d[3]}/device:{d[0]}:{d[1]}" for d in self.devices]

    # -- entry point --------------------------------------------------------------------------
    def place(self, plan) -> Placement:
        """Places what `plan` runs (the whole graph, or the pruned graph of its signature) unless
        that is already placed, and returns where its nodes went (`Placement`). Raises TF's
        InvalidArgumentError when a request cannot be met without soft placement (on every run,
        as the placement is retried)."""
        g = self.session._graph
        stamp = (g.version, g._structure_version)
        known = self._plans.get(plan)
        if known is not None and known.stamp == stamp:
            return known.placement  # placed at this graph version already (the per-run fast path)
        fed = set(plan.feeds)
        fetches = list(dict.fromkeys(t for t in plan.fetch_tensors if t not in fed))
        targets = list(plan.targets)
        if not fetches and not targets:
            return _NOTHING  # TF's Python client does not call the runtime at all
        cfg = self.session._config
        with self._lock:
            if not cfg.graph_options.place_pruned_graph and known is not None and \
                    known.placed_at == (self._placed_version, *stamp):
                self._plans[plan] = known._replace(stamp=stamp)
                return known.placement  # this plan already holds the current whole-graph placement
            if cfg.graph_options.place_pruned_graph:
                if known is not None and known.sig in self._pruned:
                    self._plans[plan] = known._replace(stamp=stamp)
                    return known.placement  # this plan's signature is placed and the plan holds it
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
                placed_at = None
            else:
                sig = None
                if self._placed_version != stamp:
                    self._place_whole_graph(g, cfg)
                    self._placed_version = stamp
                devices = self._whole.devices
                records = self._whole.records_for(plan.nodes)
                placed_at = (self._placed_version, *stamp)
            placement = Placement({op: devices.get(op, self.client_device) for op in plan.nodes}, records)
            self._plans[plan] = _PlanPlacement(stamp, placed_at, sig, placement)
        return placement

    def _place_whole_graph(self, g, cfg):
        """Places what the graph's growth touched (all of it after a structure change, or when
        every line is printed); the log gains only the records that are new or changed."""
        whole = self._whole
        if cfg.log_device_placement or self._placed_version is None or \
                self._placed_version[1] != g._structure_version:
            whole.reset()
            ops = g.get_operations()
        else:
            ops = whole.to_place(g)
        kept = self._run_placer(ops, (), (), log=False)
        self.records.extend(whole.keep(g, kept))

    def _run_placer(self, ops, fed, fetches, log=True):
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
            self._keep(placer.records, cfg, log)  # TF printed the lines placed before the failure
            message = e.message
            if e.assigning:
                message = f"Cannot assign a device for operation {e.node.name}: {message}"
            # TF 1.15: the placer's error ends `[[name]]`, which names no op (e.op is None)
            raise InvalidArgumentError(None, None, f"{message}\n\t [[{e.node.name}]]") from None
        kept = self._keep(placer.records, cfg, log)
        for n in nodes:
            if n.op is not None and n.op._opdef.stateful:  # one definition: the registry's
                self._stateful[n.op] = n.assigned
        return kept

    def _keep(self, placed, cfg, log=True):
        out = []
        for node, assigned, reason in placed:
            rec = PlacementRecord(node.name, node.type, node.requested, assigned, reason)
            out.append(_Kept(node.op, rec))
            if node.op is not None:
                self._by_op[node.op] = rec
        if log:
            self.records.extend(k.record for k in out)
        if cfg.log_device_placement and out:
            _emit("".join(k.record.log_line() + "\n" for k in out))
        return out


_NOTHING = Placement({}, [])


class _PlanPlacement(NamedTuple):
    """The placement a plan was given, and at which graph version (`stamp`), whole-graph
    placement (`placed_at`) or pruned signature (`sig`)."""

    stamp: tuple
    placed_at: tuple | None
    sig: tuple | None
    placement: Placement


class _Kept:
    __slots__ = ("op", "record")

    def __init__(self, op, record):
        self.op = op
        self.record = record


def _emit(text):
    sys.stdout.write(text)
    sys.stdout.flush()
