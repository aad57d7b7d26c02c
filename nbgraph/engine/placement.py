"""The placer: which device each node of a graph runs on, by TF 1.15's rules. (The devices a
session has are in `local_devices.py`; when a session places and what it prints, in
`session_placer.py`.)

The placer is TF 1.15's (`common_runtime/placer.cc` + `colocation_graph.cc`):

* Colocation groups: nodes joined by a reference edge (an `Assign` and its variable), then
  nodes sharing a `loc:@name` class (`tf.colocate_with`, a variable's `read`/initializer). A
  group's requested device is the field-by-field merge of its members' (`/job:`, `/replica:`,
  `/task:`, type, index); its device types are those every member has a kernel for (ops
  without a GPU kernel - `Print`, `Assert`, string tensors - are CPU only).
* Nodes are placed in creation order, except *generators* (no inputs, one output that is not
  a ref: `Const`, `Placeholder`; not `VariableV2`), which wait for a second pass and then go
  with their consumers when all of those share a device. The first device that fits wins:
  GPUs before CPUs, then by name. Feed/fetch nodes (`_Arg`/`_Retval`) sit on the client CPU.
* A request no device satisfies fails with TF's `Cannot assign a device for operation ...`,
  unless `allow_soft_placement`, which drops the device type and index and takes the first
  device that fits; the record says why.

A plain `Session` places the whole graph on its first run and again after the graph grows (so
one impossible pin fails every run); a session with `place_pruned_graph` (InteractiveSession)
places the pruned graph of each new (feeds, fetches, targets) signature, with TF's
`_arg_<node>_<out>_<i>` / `_retval_<node>_<out>_<i>` nodes. With `log_device_placement` the
session prints `Device mapping:` at creation and one `name: (Type): device` line per placed node
to stdout, where TF's `printf` went - so a notebook shows them in the cell that ran.
"""
from __future__ import annotations

from itertools import chain

from . import dtypes as _dt
from .devices import DeviceSpec, full_name
from .graph_state import iter_control_outputs
from .local_devices import virtual_gpu_count

__all__ = ["has_gpu_kernel"]

_CPU0 = full_name("CPU", 0)
# Ops TF registers on GPU for string tensors too (host-memory kernels); other string ops are CPU only.
_STRING_ON_GPU = frozenset({"Identity", "Placeholder", "NoOp", "StopGradient"})
# Ops TF's placer puts with their input ("Heuristic B": metadata-only ops).
_METADATA_OPS = frozenset({"Shape", "ShapeN", "Rank", "Size"})
def has_gpu_kernel(op) -> bool:
    """Whether TF has a GPU kernel for `op` (no: Print, Assert, most ops on string tensors)."""
    if not op._opdef.gpu:
        return False
    if op._type in _STRING_ON_GPU:
        return True
    return not any(t.dtype.base_dtype is _dt.string for t in (*op._inputs, *op._outputs))


# -- the graph the placer sees ----------------------------------------------------------------------
class _Node:
    """One node of the graph being placed: an Operation, or an `_Arg`/`_Retval` feed/fetch node."""

    __slots__ = ("name", "type", "op", "requested", "inputs", "ref_inputs", "consumers", "classes",
                 "generator", "types", "assigned", "preset_reason", "uid", "control_outputs")

    def __init__(self, uid, name, type_, op, requested, types, generator, classes):
        self.uid = uid
        self.name = name
        self.type = type_
        self.op = op
        self.requested = requested
        self.types = types          # device types with a kernel
        self.generator = generator
        self.classes = classes      # colocation classes (names without loc:@)
        self.inputs = []            # data inputs, as _Nodes
        self.ref_inputs = []        # _Nodes feeding a ref input
        self.consumers = []         # _Nodes with a data edge from this one
        self.control_outputs = None  # op -> _Node, to read the op's control outputs when needed
        self.assigned = None        # device name once placed (or preset)
        self.preset_reason = None


def _graph_nodes(ops, fed=(), fetches=(), args=None):
    """_Nodes for `ops` (creation order), plus `_Arg` nodes for the fed tensors some op reads
    and `_Retval` nodes for `fetches` (both in sorted-name order, as DirectSession sorts them)."""
    ops = sorted(ops, key=lambda o: o._id)
    node_of = {}
    nodes = []
    fed = set(fed)
    for op in ops:
        outs = op._outputs
        generator = not op._inputs and len(outs) == 1 and not outs[0].dtype.is_ref_dtype
        types = ("GPU", "CPU") if has_gpu_kernel(op) else ("CPU",)
        n = _Node(len(nodes), op._name, op._type, op, op._device, types, generator, op._colocation or (op._name,))
        node_of[op] = n
        nodes.append(n)
    arg_of = {}
    for i, t in enumerate(sorted(fed, key=lambda t: t.name)):
        readers = [node_of[c] for c in t._consumers if c in node_of and t in c._inputs]
        if not readers:
            continue
        name = f"_arg_{t._op._name}_{t._value_index}_{i}"
        n = _Node(len(nodes), name, "_Arg", None, "", ("CPU",), False, (name,))
        arg_of[t] = n
        nodes.append(n)
    for op in ops:
        n = node_of[op]
        refs = op._opdef.ref_inputs
        for j, t in enumerate(op._inputs):
            src = arg_of.get(t) if t in fed else node_of.get(t._op)
            if src is None:
                continue
            n.inputs.append(src)
            src.consumers.append(n)
            if j in refs:
                n.ref_inputs.append(src)
        n.control_outputs = node_of  # read lazily: N nested blocks make N²/2 control edges
    for i, t in enumerate(sorted(fetches, key=lambda t: t.name)):
        name = f"_retval_{t._op._name}_{t._value_index}_{i}"
        n = _Node(len(nodes), name, "_Retval", None, "", ("CPU",), False, (name,))
        src = node_of[t._op]
        n.inputs.append(src)
        src.consumers.append(n)
        nodes.append(n)
    return nodes


# -- the colocation graph (TF's Member / ColocationGraph) -------------------------------------------
class _Member:
    __slots__ = ("parent", "rank", "spec", "types", "possible", "assigned")

    def __init__(self, uid, spec, types, assigned=None):
        self.parent = uid
        self.rank = 0
        self.spec = spec            # the group's requested (merged) DeviceSpec
        self.types = list(types)    # device types every member supports, in priority order
        self.possible = None        # cached candidate devices
        self.assigned = assigned


class _PlacementError(Exception):
    """`assigning`: raised while choosing a node's device (TF prefixes those messages with
    `Cannot assign a device for operation X: `), not while building the colocation groups."""

    def __init__(self, node, message, assigning=False):
        super().__init__(message)
        self.node = node
        self.message = message
        self.assigning = assigning


def _merge_names(target: DeviceSpec, other: DeviceSpec, soft: bool) -> DeviceSpec:
    """TF's DeviceNameUtils::MergeDevNames: fills unset fields, fails on a conflict (a type or
    index conflict under soft placement clears the type and index instead)."""
    out = target.copy()
    for field, word in (("job", "jobs"), ("replica", "replicas"), ("task", "tasks")):
        theirs = getattr(other, field)
        if theirs is not None:
            mine = getattr(out, field)
            if mine is not None and mine != theirs:
                raise ValueError(f"Cannot merge devices with incompatible {word}: '{target.to_string()}' and "
                                 f"'{other.to_string()}'")
            setattr(out, field, theirs)
    if other.device_type is not None:
        if out.device_type is not None and out.device_type != other.device_type:
            if not soft:
                raise ValueError(f"Cannot merge devices with incompatible types: '{target.to_string()}' and "
                                 f"'{other.to_string()}'")
            out.device_type = out.device_index = None
            return out
        out.device_type = other.device_type
    if other.device_index is not None:
        if out.device_index is not None and out.device_index != other.device_index:
            if not soft:
                raise ValueError(f"Cannot merge devices with incompatible ids: '{target.to_string()}' and "
                                 f"'{other.to_string()}'")
            out.device_index = None
            return out
        out.device_index = other.device_index
    return out


def _compatible(a: DeviceSpec, b: DeviceSpec) -> bool:
    for f in ("job", "replica", "task", "device_type", "device_index"):
        x, y = getattr(a, f), getattr(b, f)
        if x is not None and y is not None and x != y:
            return False
    return True


_EMPTY = DeviceSpec()
_parsed = {}


def _parse(requested):
    """The DeviceSpec of a requested device string (None when it does not parse); cached, so do
    not mutate the result."""
    if not requested:
        return _EMPTY
    spec = _parsed.get(requested)
    if spec is None:
        try:
            spec = DeviceSpec.from_string(requested)
        except (ValueError, TypeError):
            return None
        if len(_parsed) < 4096:
            _parsed[requested] = spec
    return spec


class _Placer:
    """One run of TF's placer over `nodes` on `devices` ((type, index) pairs)."""

    def __init__(self, nodes, devices, soft):
        self.nodes = nodes
        self.devices = devices
        # (type, index) for the local task; (type, index, "/job:ps/replica:0/task:1") on a cluster
        self.names = {d: full_name(d[0], d[1]) if len(d) == 2 else f"{d[2]}/device:{d[0]}:{d[1]}" for d in devices}
        self.where = {d: ("localhost", 0, 0) if len(d) == 2 else _task_fields(d[2]) for d in devices}
        self.by_name = {v: k for k, v in self.names.items()}
        self.soft = soft
        self.members = []
        self.origin = {}             # root uid -> name of a member whose request shaped the group
        self.records = []            # (node, assigned, reason)
        self.fallback = {}           # root uid -> soft-placement reason
        self._cpu_only = None        # root uid -> types without a GPU kernel (for reasons)
        self._unconstrained = {}     # device types -> candidate devices for a group without a request

    # -- union-find ------------------------------------------------------------------------
    def root(self, uid):
        m = self.members[uid]
        if m.parent != uid:
            m.parent = self.root(m.parent)
        return m.parent

    def initialize(self):
        for n in self.nodes:
            if n.assigned is not None:
                spec = DeviceSpec.from_string(n.assigned)
                self.members.append(_Member(n.uid, spec, n.types, assigned=n.assigned))
                self.origin[n.uid] = n.name
                continue
            spec = _parse(n.requested)
            if spec is None:
                raise _PlacementError(n, f"Malformed device specification '{n.requested}' in node: {n.name}")
            self.members.append(_Member(n.uid, spec.copy() if n.requested else spec, n.types))
            if spec.has_details():
                self.origin[n.uid] = n.name
        # reference edges first: an op taking a ref input goes where the ref comes from
        for n in self.nodes:
            for src in n.ref_inputs:
                s_root, d_root = self.root(src.uid), self.root(n.uid)
                if s_root == d_root:
                    continue
                sm, dm = self.members[s_root], self.members[d_root]
                if not _compatible(sm.spec, dm.spec):
                    dm.spec = sm.spec.copy()   # TF ignores the consumer's request on a ref edge
                    self.origin[d_root] = self.origin.get(s_root, src.name)
                try:
                    self.colocate(src, n)
                except _PlacementError as e:
                    raise _PlacementError(n, "Nodes were connected by a reference connection (requiring them to be "
                                             "on the same device), but the two nodes were assigned two different "
                                             f"devices: {e.message}") from None
        # then the colocation classes (loc:@name; a node without any is its own class)
        group_root = {}
        for n in self.nodes:
            for cls in n.classes:
                first = group_root.setdefault(cls, n)
                if first is n:
                    continue
                try:
                    self.colocate(n, first)
                except _PlacementError:
                    if not self.soft:
                        raise
                    # under soft placement TF ignores a colocation request it cannot honour

    def colocate(self, x, y):
        xr, yr = self.root(x.uid), self.root(y.uid)
        if xr == yr:
            return
        xm, ym = self.members[xr], self.members[yr]
        if xm.rank < ym.rank:
            new, old, new_id, old_id = ym, xm, yr, xr
        else:
            new, old, new_id, old_id = xm, ym, xr, yr
        try:
            spec = _merge_names(new.spec, old.spec, self.soft)
        except ValueError as e:
            raise _PlacementError(x, f"Cannot colocate nodes {_coloc_ref(x)} and {_coloc_ref(y)}: {e}") from None
        types = [t for t in new.types if t in old.types]
        if not types:
            raise _PlacementError(x, f"Cannot colocate nodes {_coloc_ref(x)} and {_coloc_ref(y)} because no device "
                                     f"type supports both of those nodes and the other nodes colocated with them.")
        if xm.rank == ym.rank:
            new.rank += 1
        old.parent = new_id
        new.spec, new.types = spec, types
        new.assigned = new.assigned or old.assigned
        if new_id not in self.origin and old_id in self.origin:
            self.origin[new_id] = self.origin[old_id]

    # -- devices -----------------------------------------------------------------------------
    def matching(self, spec):
        return [d for d in self.devices
                if spec.job in (None, self.where[d][0]) and spec.replica in (None, self.where[d][1])
                and spec.task in (None, self.where[d][2])
                and spec.device_type in (None, d[0]) and spec.device_index in (None, d[1])]

    def supported(self, devices, types):
        """TF's FilterSupportedDevices: devices of a supported type, GPUs first, then by name."""
        rank = {"GPU": 0, "CPU": 1}
        return sorted((d for d in devices if d[0] in types), key=lambda d: (rank.get(d[0], 2), self.names[d]))

    def devices_for(self, node):
        r = self.root(node.uid)
        m = self.members[r]
        if m.possible is not None:
            return m.possible
        spec = m.spec
        if spec.has_details():
            found = self.supported(self.matching(spec), m.types)
            if not found and self.soft:
                relaxed = spec.replace(device_type=None, device_index=None)
                found = self.supported(self.matching(relaxed), m.types)
                if found:
                    self.fallback[r] = self.soft_reason(spec, r)
            if not found:
                raise _PlacementError(node, self.cannot_assign(node, spec, m), assigning=True)
        else:
            key = tuple(m.types)
            found = self._unconstrained.get(key)
            if found is None:
                found = self._unconstrained[key] = self.supported(self.devices, m.types)
        m.possible = found
        return found

    def soft_reason(self, spec, root):
        if self.matching(spec):
            return f"soft placement: no {spec.device_type} kernel for {self.cpu_only_types(root)}"
        return f"soft placement: {spec.to_string()} does not exist"

    def cpu_only_types(self, root):
        if self._cpu_only is None:
            self._cpu_only = {}
            for n in self.nodes:
                if "GPU" not in n.types:
                    self._cpu_only.setdefault(self.root(n.uid), set()).add(n.type)
        return ", ".join(sorted(self._cpu_only.get(root, ()))) or "this group"

    def cannot_assign(self, node, spec, m):
        own = _parse(node.requested)
        if own is not None and own == spec:
            if not self.matching(spec):
                names = ", ".join(sorted(self.names.values()))
                gpu = ""
                if (spec.device_type or "").lower() == "gpu" and virtual_gpu_count() == 0:
                    gpu = " The requested device appears to be a GPU, but CUDA is not enabled."
                return (f"{_node_ref(node)} was explicitly assigned to {node.requested} but available devices are "
                        f"[ {names} ]. Make sure the device specification refers to a valid device.{gpu}")
            if spec.device_type is not None:
                return (f"Could not satisfy explicit device specification '{node.requested}' because no supported "
                        f"kernel for {spec.device_type} devices is available.")
            return f"Could not satisfy explicit device specification '{node.requested}'"
        return (f"Could not satisfy explicit device specification '{node.requested}' because the node "
                f"{_coloc_ref(node)} was colocated with a group of nodes that required incompatible device "
                f"'{spec.to_string()}'")

    def assign(self, node, device, reason):
        node.assigned = self.names[device]
        m = self.members[self.root(node.uid)]
        m.possible = [device]
        m.assigned = node.assigned
        self.records.append((node, node.assigned, reason))

    def reason(self, node, default):
        r = self.root(node.uid)
        if r in self.fallback:
            return self.fallback[r]
        m = self.members[r]
        if not m.spec.has_details():
            if default == "default" and any(d[0] == "GPU" for d in self.devices) and "GPU" not in m.types:
                return f"default: no GPU kernel for {self.cpu_only_types(r)}"
            return default
        own = _parse(node.requested)
        if getattr(node.op, "_device_colocated", False):  # the device came with colocate_with
            return f"colocated with {self.origin.get(r, '?')}"
        if own is not None and own.has_details() and _compatible(own, m.spec):
            return "explicit"
        return f"colocated with {self.origin.get(r, '?')}"

    # -- TF's Placer::Run ----------------------------------------------------------------------
    def run(self):
        self.initialize()
        second = []
        for n in self.nodes:
            if n.assigned is not None:
                self.records.append((n, n.assigned, n.preset_reason))
                r = self.members[self.root(n.uid)]
                r.possible = [self.by_name[n.assigned]]
                continue
            if n.generator:
                second.append(n)
                continue
            devices = self.devices_for(n)
            device, why = devices[0], "default"
            if n.type in _METADATA_OPS and n.inputs and n.inputs[0].assigned in (self.names[d] for d in devices):
                device, why = self.by_name[n.inputs[0].assigned], "with its input"
            self.assign(n, device, self.reason(n, why))
        for n in second:
            devices = self.devices_for(n)
            device, why = devices[0], "default"
            target = _consumers_device(n)
            if target is not None and self.by_name[target] in devices:
                device, why = self.by_name[target], "with its consumer"
            self.assign(n, device, self.reason(n, why))
        return self.records


def _consumers_device(node):
    """The device every consumer (data or control edge) of `node` is on; None when it has none,
    one is not placed yet, or they differ. Stops at the first that settles it."""
    node_of = node.control_outputs
    ctrl = iter_control_outputs(node.op) if node_of else ()
    found = None
    for c in chain(node.consumers, (node_of[o] for o in ctrl if o in node_of)):
        if c.assigned is None or (found is not None and c.assigned != found):
            return None
        found = c.assigned
    return found


def _task_fields(prefix):
    """('ps', 0, 1) for `/job:ps/replica:0/task:1`."""
    spec = DeviceSpec.from_string(prefix)
    return spec.job, spec.replica, spec.task


def _node_ref(node):
    """What TF 1.15's error interpolation makes of `{{node x}}`: `node x (defined at f.py:3) `."""
    where = getattr(node.op, "_defined_at", None) if node.op is not None else None
    return f"node {node.name}{f' (defined at {where})' if where else ''} "


def _coloc_ref(node):
    """What TF 1.15 makes of `{{colocation_node x}}`: `node x (defined at f.py:3) placed on device
    <the device blocks active when x was created> `."""
    where = getattr(node.op, "_defined_at", None) if node.op is not None else None
    if node.requested:
        devices = f"Device assignments active during op '{node.name}' creation:\n  with tf.device({node.requested})"
    else:
        devices = f"No device assignments were active during op '{node.name}' creation."
    return f"node {node.name}{f' (defined at {where})' if where else ''} placed on device {devices} "
