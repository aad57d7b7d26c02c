"""`tensorflow.python.tools.inspect_checkpoint` as TF 1.15 has it: `print_tensors_in_checkpoint_file`
prints a checkpoint's tensor names (and values), or one tensor, then the total parameter count;
a failure is printed, not raised (with TF's hints for a V2 checkpoint given by a file name)."""
from __future__ import annotations

import re

import numpy as np

from .checkpoint_utils import NewCheckpointReader

__all__ = ["print_tensors_in_checkpoint_file"]


def _count_total_params(reader, count_exclude_pattern: str = "") -> int:
    var_to_shape_map = reader.get_variable_to_shape_map()
    if count_exclude_pattern:
        pattern = re.compile(count_exclude_pattern)
        kept, n_tensors, n_params = {}, 0, 0
        for name, shape in var_to_shape_map.items():
            if pattern.search(name):
                n_tensors += 1
                n_params += np.prod(shape)
            else:
                kept[name] = shape
        var_to_shape_map = kept
        print("# Excluding %d tensors (%d params) that match %s when counting." % (
            n_tensors, n_params, count_exclude_pattern))
    return np.sum([np.prod(s) for s in var_to_shape_map.values()], dtype=int)


def print_tensors_in_checkpoint_file(file_name, tensor_name, all_tensors, all_tensor_names=False,
                                     count_exclude_pattern="") -> None:
    """Prints the names (and values) of the tensors in a checkpoint, or the one named."""
    try:
        reader = NewCheckpointReader(file_name)
        if all_tensors or all_tensor_names:
            for key in sorted(reader.get_variable_to_shape_map()):
                print("tensor_name: ", key)
                if all_tensors:
                    print(reader.get_tensor(key))
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8"))
        else:
            print("tensor_name: ", tensor_name)
            print(reader.get_tensor(tensor_name))
        print("# Total number of params: %d" % _count_total_params(
            reader, count_exclude_pattern=count_exclude_pattern))
    except Exception as e:  # noqa: BLE001 - TF prints any failure
        print(str(e))
        if "corrupted compressed block contents" in str(e):
            print("It's likely that your checkpoint file has been compressed with SNAPPY.")
        if "Data loss" in str(e) and any(ext in file_name for ext in (".index", ".meta", ".data")):
            proposed = ".".join(file_name.split(".")[0:-1])
            print("\nIt's likely that this is a V2 checkpoint and you need to provide the filename\n"
                  "*prefix*.  Try removing the '.' and extension.  Try:\n"
                  f"inspect checkpoint --file_name = {proposed}")
