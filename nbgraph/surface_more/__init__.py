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
