"""`tf.train.init_from_checkpoint(ckpt_dir_or_file, assignment_map)`: replaces the initializers
of chosen variables with values read from a checkpoint (a `checkpoint_initializer` RestoreV2 op
and an `Assign`, as TF 1.15's checkpoint_utils builds them); the variables take those values
when their initializers run (`global_variables_initializer`). `assignment_map` maps checkpoint
names to variables or variable names, or checkpoint scopes (`'old/'`) to variable scopes
(`'new/'`; `'/'` is the root), with TF's checks and texts."""
from __future__ import annotations

from ..engine.graph import get_default_graph
from ..engine.variables import RefVariable, _store
from .checkpoint_utils import _prefix, load_checkpoint

__all__ = ["init_from_checkpoint"]


def _set_checkpoint_initializer(variable, ckpt_file, tensor_name, name="checkpoint_initializer"):
    from ..engine.ops.array_ops import constant
    from ..engine.ops.state_ops import assign
    g = variable.graph
    base = variable.dtype.base_dtype
    with g.as_default(), g.device("/cpu:0"):
        with g.name_scope(name) as scope:
            prefix = constant(ckpt_file, name="prefix")
            names = constant([tensor_name], name="tensor_names")
            slices = constant([""], name="shape_and_slices")
        restore = g.create_op("RestoreV2", [prefix, names, slices], [base], name=scope,
                              attrs={"dtypes": [base]})._outputs[0]
    restore.set_shape(variable.get_shape())
    with g.as_default(), g.colocate_with(variable.op):
        variable._initializer_op = assign(variable, restore)  # a Tensor, as TF 1.15 leaves it
    variable._initial_value = restore


def init_from_checkpoint(ckpt_dir_or_file, assignment_map) -> None:
    """Initialises the variables `assignment_map` names from the checkpoint `ckpt_dir_or_file`."""
    ckpt_file = _prefix(ckpt_dir_or_file)
    variable_map = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    store_vars = _store(get_default_graph()).vars
    for tensor_name_in_ckpt, current in sorted(assignment_map.items(), key=lambda kv: kv[0]):
        var = current if isinstance(current, RefVariable) else store_vars.get(current)
        if var is not None:
            if tensor_name_in_ckpt not in variable_map:
                raise ValueError(f"Tensor {tensor_name_in_ckpt} is not found in {ckpt_dir_or_file} checkpoint "
                                 f"{variable_map}")
            if not var.get_shape().is_compatible_with(variable_map[tensor_name_in_ckpt]):
                raise ValueError(f"Shape of variable {var.name} ({var.get_shape()}) doesn't match with shape of "
                                 f"tensor {tensor_name_in_ckpt} ({variable_map[tensor_name_in_ckpt]}) from checkpoint "
                                 "reader.")
            _set_checkpoint_initializer(var, ckpt_file, tensor_name_in_ckpt)
            continue
        scopes = current[:current.rindex("/")] if "/" in current else ""
        if not tensor_name_in_ckpt.endswith("/"):
            raise ValueError(f"Assignment map with scope only name {scopes} should map to scope only "
                             f"{tensor_name_in_ckpt}. Should be 'scope/': 'other_scope/'.")
        scope_variables = sorted(n for n in store_vars if not scopes or n.startswith(scopes + "/"))
        for var_name in scope_variables:
            full = var_name[len(scopes):]
            if current != "/":
                full = full[1:]
            if tensor_name_in_ckpt != "/":
                full = tensor_name_in_ckpt + full
            full = full[:-1] if full.endswith("/") else full
            if full not in variable_map:
                raise ValueError(f"Tensor {full} ({var_name[len(scopes) + 1:]} in {tensor_name_in_ckpt}) is not "
                                 f"found in {ckpt_dir_or_file} checkpoint")
            _set_checkpoint_initializer(store_vars[var_name], ckpt_file, full)
