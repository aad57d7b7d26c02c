"""Devices and the placer.

A session's devices are `CPU:0` plus *virtual* GPUs a teacher asks for
(`NBGRAPH_VIRTUAL_GPUS=N` or `use_virtual_gpus(N)`), restricted by
`ConfigProto(device_count={'GPU': k})` and `gpu_options.visible_device_list`. Virtual GPUs
execute with numpy and are always described as virtual.

The placer follows TF's rules: explicit specs are honoured, colocation groups (a variable with
its initializer, reads and assigns) share one device, ops without a GPU kernel stay on CPU, and
with `allow_soft_placement` an impossible request falls back instead of failing with TF's
`Cannot assign a device for operation ...`. A plain `Session` places the whole graph on its first
run and again after the graph grows; a session with `place_pruned_graph` (InteractiveSession)
places the pruned graph of each new (fetches, feeds) signature. With `log_device_placement`
each placement prints TF's lines to stdout, where a notebook shows them in the running cell.
"""
from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass

from .devices import DeviceSpec, full_name
from .errors import InvalidArgumentError

__all__ = ["PlacementRecord", "use_virtual_gpus", "virtual_gpu_count", "SessionPlacer", "DeviceAttributes"]

_virtual_gpus = None


def use_virtual_gpus(n: int) -> None:
    """Makes sessions created from now on see `n` virtual GPUs (0 turns them off)."""
    global _virtual_gpus
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"number of virtual GPUs must be a non-negative int, got {n!r}")
    _virtual_gpus = n


def virtual_gpu_count() -> int:
    if _virtual_gpus is not None:
        return _virtual_gpus
    raw = os.environ.get("NBGRAPH_VIRTUAL_GPUS", "0").strip() or "0"
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"NBGRAPH_VIRTUAL_GPUS must be a non-negative integer, got {raw!r}") from None
    if n < 0:
        raise ValueError(f"NBGRAPH_VIRTUAL_GPUS must be a non-negative integer, got {raw!r}")
    return n


@dataclass(frozen=True)
class PlacementRecord:
    """Where one node went and why: reason is 'explicit', 'colocated', 'default' or
    'soft placement: ...'."""

    node: str
    op_type: str
    requested: str
    assigned: str
    reason: str

    def log_line(self) -> str:
        return f"{self.node}: ({self.op_type}): {self.assigned}"


@dataclass(frozen=True)
class DeviceAttributes:
    name: str
    device_type: str
    memory_limit_bytes: int
    incarnation: int
    physical_device_desc: str = ""
    virtual: bool = False

    def __repr__(self):
        return f"_DeviceAttributes({self.name}, {self.device_type}, {self.memory_limit_bytes}, {self.incarnation})"


def session_devices(config):
    """The (type, index, description) triples a session with `config` gets."""
    out = [("CPU", 0, "")]
    n = virtual_gpu_count()
    limit = config.device_count.get("GPU") if config.device_count else None
    ids = list(range(n))
    visible = config.gpu_options.visible_device_list.strip()
    if visible:
        try:
            wanted = [int(x) for x in visible.split(",")]
        except ValueError:
            raise InvalidArgumentError(None, None, f"Could not parse entry in 'visible_device_list': '{visible}'. "
                                                   f"visible_device_list = {visible}") from None
        for w in wanted:
            if w not in ids:
                raise InvalidArgumentError(None, None, f"'visible_device_list' listed an invalid GPU id '{w}' but "
                                                       f"visible device count is {n}")
        ids = wanted
    if limit is not None:
        ids = ids[:limit]
    for i, phys in enumerate(ids):
        out.append(("GPU", i, f"device: {phys}, name: nbgraph virtual GPU (numpy), pci bus id: virtual, "
                              f"compute capability: virtual"))
    return out


class SessionPlacer:
    """Places a session's graph (or pruned graphs) and keeps the records."""

    def __init__(self, session):
        self.session = session
        cfg = session._config
        self.devices = session_devices(cfg)
        self.records = []
        self._by_op = {}
        self._placed_version = 0
        self._placed_keys = set()
        self._lock = threading.Lock()
        if cfg.log_device_placement:
            descs = [f"{full_name(t, i)} -> {d}" for t, i, d in self.devices if d]
            if descs:
                _emit("Device mapping:\n" + "\n".join(descs) + "\n")
            else:
                _emit("Device mapping: no known devices.\n")

    def device_attributes(self):
        return [DeviceAttributes(full_name(t, i), t, 268435456 if t == "CPU" else 1 << 30,
                                 hash((t, i, id(self))) & 0x7FFFFFFFFFFFFFFF, d, virtual=t == "GPU")
                for t, i, d in self.devices]

    # -- entry point --------------------------------------------------------------------------
    def place(self, plan):
        cfg = self.session._config
        pruned = cfg.graph_options.place_pruned_graph
        with self._lock:
            if pruned:
                key = id(plan)
                if key not in self._placed_keys:
                    self._place_nodes(plan.nodes)
                    self._placed_keys.add(key)
            else:
                g = self.session._graph
                if g.version != self._placed_version:
                    self._place_nodes(g.get_operations())
                    self._placed_version = g.version
            missing = [op for op in plan.nodes if op not in self._by_op]
            if missing:  # ops added to a graph another way (e.g. a control input) get placed now
                self._place_nodes(missing)
            if not plan.devices:
                plan.devices = {op: self._by_op[op].assigned for op in plan.nodes}
            else:
                plan.devices.update({op: self._by_op[op].assigned for op in plan.nodes})

    # -- the placer ---------------------------------------------------------------------------
    def _place_nodes(self, ops):
        cfg = self.session._config
        soft = cfg.allow_soft_placement
        groups = {}
        for op in ops:
            groups.setdefault(_group_key(op), []).append(op)
        decided = {}
        for key, members in groups.items():
            decided[key] = self._place_group(members, soft)
        records = []
        for op in _log_order(ops):
            assigned, reason = decided[_group_key(op)]
            own = op._device
            if reason == "colocated" and own:
                reason = "explicit"
            elif reason in ("explicit",) and not own:
                reason = "colocated"
            records.append(PlacementRecord(op.name, op.type, op._device, assigned, reason))
        for r, op in zip(records, _log_order(ops)):
            self._by_op[op] = r
        self.records.extend(records)
        if cfg.log_device_placement:
            _emit("".join(r.log_line() + "\n" for r in records))

    def _place_group(self, members, soft):
        spec = DeviceSpec()
        explicit = None
        for op in members:
            if op._device:
                s = DeviceSpec.from_string(op._device)
                if explicit is not None and s.device_type and spec.device_type and (
                        s.device_type != spec.device_type or (s.device_index is not None and spec.device_index is not None
                                                              and s.device_index != spec.device_index)):
                    if not soft:
                        raise _error(op, f"Cannot colocate nodes {{{{colocation_node {explicit.name}}}}} and "
                                         f"{{{{colocation_node {op.name}}}}}: Cannot merge devices with incompatible "
                                         f"types: '{explicit._device}' and '{op._device}'")
                    continue
                spec.merge_from(s)
                explicit = explicit or op
        gpu_ok = all(op._opdef.gpu for op in members)
        available = [(t, i) for t, i, _ in self.devices]
        if explicit is None:
            if gpu_ok and ("GPU", 0) in available:
                return full_name("GPU", 0), "default"
            return full_name("CPU", 0), "default"
        matches = [(t, i) for t, i in available
                   if (spec.device_type is None or spec.device_type == t)
                   and (spec.device_index is None or spec.device_index == i)
                   and (spec.job in (None, "localhost")) and spec.replica in (None, 0) and spec.task in (None, 0)]
        supported = [(t, i) for t, i in matches if t == "CPU" or gpu_ok]
        if supported:
            t, i = supported[0]
            return full_name(t, i), "explicit"
        requested = spec.to_string()
        if not soft:
            if matches:
                bad = next(op for op in members if not op._opdef.gpu)
                raise _error(bad, f"Cannot assign a device for operation {bad.name}: Could not satisfy explicit "
                                  f"device specification '{requested}' because no supported kernel for "
                                  f"{spec.device_type} devices is available.")
            names = ", ".join(full_name(t, i) for t, i in available)
            raise _error(explicit, f"Cannot assign a device for operation {explicit.name}: {{{{node {explicit.name}}}}}"
                                   f"was explicitly assigned to {requested} but available devices are [ {names} ]. "
                                   f"Make sure the device specification refers to a valid device.")
        if matches:
            why = f"soft placement: no {spec.device_type} kernel for {next(op.type for op in members if not op._opdef.gpu)}"
        else:
            why = f"soft placement: {requested} does not exist"
        if gpu_ok and ("GPU", 0) in available and spec.device_type != "GPU":
            return full_name("GPU", 0), why
        if gpu_ok and spec.device_type == "GPU" and any(t == "GPU" for t, _ in available) and not matches:
            return full_name("GPU", 0), why
        return full_name("CPU", 0), why


def _group_key(op):
    return op._colocation[0] if op._colocation else op.name


def _log_order(ops):
    """TF's log order: ops with inputs in creation order, then the input-less ones."""
    with_inputs = [op for op in ops if op._inputs or op._control_inputs]
    sources = [op for op in ops if not (op._inputs or op._control_inputs)]
    return with_inputs + sources


def _error(op, message):
    from .errors import op_error
    return op_error(InvalidArgumentError, op, message)


def _emit(text):
    sys.stdout.write(text)
    sys.stdout.flush()
