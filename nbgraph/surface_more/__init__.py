"""TF 1.15 utility names added in the surfb round (templates, printing, py_function, io, data)."""
from __future__ import annotations


def install(ns: dict) -> None:
    """Puts this package's names into the `nbgraph` namespace `ns` (and its sub-namespaces)."""
    from . import template
    ns["make_template"] = template.make_template
    ns["get_local_variable"] = template.get_local_variable
    from . import printing
    ns["print"] = printing.print_v2
    ns["strings"].format = printing.string_format
    from .py_function import py_function
    ns["py_function"] = py_function
    from . import data_more
    data = ns["data"]
    data.FixedLengthRecordDataset = data_more.FixedLengthRecordDataset
    data.Options = data_more.Options
    for n in ("shuffle_and_repeat", "map_and_batch", "TFRecordWriter"):
        setattr(data.experimental, n, getattr(data_more, n))
    from . import io_more
    from ..engine.ops.io_ops import matching_files
    io, strings = ns["io"], ns["strings"]
    for n in ("serialize_tensor", "parse_tensor", "encode_base64", "decode_base64"):
        setattr(io, n, getattr(io_more, n))
        ns.setdefault(n, getattr(io_more, n))
    io.matching_files = matching_files
    ns["matching_files"] = matching_files
    strings.regex_full_match = io_more.regex_full_match
    for n in ("timestamp", "add_check_numerics_ops", "verify_tensor_all_finite", "assert_variables_initialized"):
        ns[n] = getattr(io_more, n)
    debugging = ns.get("debugging")
    if debugging is not None and not hasattr(debugging, "assert_all_finite"):
        debugging.assert_all_finite = io_more.verify_tensor_all_finite
