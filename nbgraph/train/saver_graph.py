"""The ops a `tf.train.Saver` adds to the graph, named and placed as TF 1.15 builds them, and the
SaverDef that records them (so a MetaGraphDef carries a saver real TF can run).

One shard (the default): `save/filename/input`, `save/filename`, `save/Const` (the prefix fed
at save and restore), `save/SaveV2`, `save/control_dependency` (the save tensor), `save/RestoreV2`,
one `save/Assign` per variable, `save/restore_all`.

Sharded (`sharded=True`): the variables are grouped by the device they are pinned to (sorted by
canonical device name; an unpinned variable is device ""), one shard per group. The shards are
written under a temporary prefix (`save/StringJoin`: `<prefix>_temp_<uuid>/part`), each by its
own `save/SaveV2[_i]` on that device's CPU:0 to `save/ShardedFilename[_i]`
(`..._temp_<uuid>/part-0000i-of-0000N`), then `save/MergeV2Checkpoints` merges them into
`<prefix>.index` + `<prefix>.data-0000i-of-0000N` and `save/Identity` returns the prefix.
Restoring runs one `save/RestoreV2[_i]` + `save/restore_shard[_i]` per device group under
`save/restore_all`.
"""
from __future__ import annotations

import contextlib
import uuid

from ..engine.devices import DeviceSpec, canonical_name

__all__ = ["build_saver_def", "group_by_devices"]


def group_by_devices(saveables: dict) -> list:
    """[(canonical device, [(checkpoint name, tensor), ...])] sorted by device (TF's _GroupByDevices)."""
    per_device: dict = {}
    for name in sorted(saveables):
        tensor = saveables[name]
        per_device.setdefault(canonical_name(tensor.op.device), []).append((name, tensor))
    return sorted(per_device.items(), key=lambda item: item[0])


def _cpu0(device: str) -> str:
    """TF's set_cpu0: the same job/replica/task, device CPU:0."""
    spec = DeviceSpec.from_string(device or "")
    spec.device_type, spec.device_index = "CPU", 0
    return spec.to_string()


def build_saver_def(saveables: dict, name, filename: str, reshape: bool, sharded: bool, max_to_keep,
                    keep_hours: float):
    """Adds the save/restore ops for {checkpoint name: variable tensor}; returns the SaverDef."""
    from ..engine.ops.array_ops import constant, placeholder_with_default
    from ..formats.protos import pb
    g = next(iter(saveables.values())).graph
    with g.as_default(), g.name_scope(name or "save"):
        with g.name_scope("filename") as fname_scope:
            default = constant(filename, name="input")
        fname = placeholder_with_default(default, shape=[], name=fname_scope)
        prefix = placeholder_with_default(fname, shape=[], name="Const")
        if sharded:
            per_device = group_by_devices(saveables)
            saved = _sharded_save(g, prefix, per_device)
            restore_all = _sharded_restore(g, prefix, per_device, reshape)
        else:
            items = [(n, saveables[n]) for n in sorted(saveables)]
            saved = _save(g, prefix, items)
            restore_all = _restore(g, prefix, items, reshape, "restore_all")
    return pb().SaverDef(filename_tensor_name=prefix.name, save_tensor_name=saved.name,
                         restore_op_name=restore_all.name, max_to_keep=max_to_keep or 0, sharded=sharded,
                         keep_checkpoint_every_n_hours=keep_hours, version=pb().SaverDef.V2)


def _save(g, prefix, items):
    """`SaveV2` of `items` to `prefix`; returns `control_dependency` (the prefix, after the save)."""
    from ..engine.ops.array_ops import constant
    from ..engine.ops.control_ops import with_dependencies
    names = [n for n, _ in items]
    tensors = [t for _, t in items]
    with g.name_scope("SaveV2") as save_scope:
        n_const = constant(names, name="tensor_names")
        s_const = constant([""] * len(names), name="shape_and_slices")
    save = g.create_op("SaveV2", [prefix, n_const, s_const] + tensors, [], name=save_scope,
                       attrs={"dtypes": [t.dtype.base_dtype for t in tensors]})
    return with_dependencies([save], prefix, name="control_dependency")


def _restore(g, prefix, items, reshape, name, cpu_restore=False):
    """`RestoreV2` of `items` from `prefix`, one `Assign` each, grouped in the NoOp `name`."""
    from ..engine.ops.array_ops import constant
    from ..engine.ops.control_ops import group
    from ..engine.ops.state_ops import assign
    names = [n for n, _ in items]
    tensors = [t for _, t in items]
    dtypes = [t.dtype.base_dtype for t in tensors]
    with g.device("cpu:0") if cpu_restore else contextlib.nullcontext():
        with g.name_scope("RestoreV2") as restore_scope:
            rn_const = constant(names, name="tensor_names")
            rs_const = constant([""] * len(names), name="shape_and_slices")
        restore = g.create_op("RestoreV2", [prefix, rn_const, rs_const], dtypes, name=restore_scope,
                              attrs={"dtypes": dtypes})
    assigns = []
    for t, restored in zip(tensors, restore._outputs):
        validate = not reshape and t.shape.is_fully_defined()
        assigns.append(assign(t, restored, validate_shape=validate, name="Assign").op)
    return group(*assigns, name=name)


def _sharded_save(g, prefix, per_device):
    from ..engine.ops.array_ops import constant, identity
    from ..engine.ops.index_ops import stack
    with g.name_scope("StringJoin") as join_scope:   # TF names the converted list input so
        suffix = constant(f"_temp_{uuid.uuid4().hex}/part", name="inputs_1")
    tmp_prefix = g.create_op("StringJoin", [prefix, suffix], [prefix.dtype], name=join_scope,
                             attrs={"N": 2, "separator": ""})._outputs[0]
    num_shards = constant(len(per_device), name="num_shards")
    sharded_saves, sharded_prefixes = [], []
    last_device = None
    for shard, (device, items) in enumerate(per_device):
        last_device = device
        with g.device(_cpu0(device)):
            with g.name_scope("ShardedFilename") as scope:
                shard_const = constant(shard, name="shard")
            filename = g.create_op("ShardedFilename", [tmp_prefix, shard_const, num_shards], [prefix.dtype],
                                   name=scope)._outputs[0]
            sharded_prefixes.append(filename)
            sharded_saves.append(_save(g, filename, items))
    with g.control_dependencies([s.op for s in sharded_saves]), g.device(_cpu0(last_device)):
        with g.name_scope("MergeV2Checkpoints") as scope:
            prefixes = stack(sharded_prefixes, name="checkpoint_prefixes")
        merge = g.create_op("MergeV2Checkpoints", [prefixes, prefix], [], name=scope,
                            attrs={"delete_old_dirs": True})
        with g.control_dependencies([merge]):
            return identity(prefix)


def _sharded_restore(g, prefix, per_device, reshape):
    from ..engine.ops.control_ops import group
    restores = []
    for device, items in per_device:
        with g.device(device) if device else contextlib.nullcontext():
            restores.append(_restore(g, prefix, items, reshape, "restore_shard", cpu_restore=True))
    return group(*restores, name="restore_all")

