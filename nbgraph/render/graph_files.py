"""Drawing graphs that come from files or protos: a GraphDef, a MetaGraphDef, or a path to a
`.pb`/`.pbtxt`/`.meta` file is imported (names unchanged) into a fresh nbgraph Graph, which
`to_dot` then draws like any other. Op types nbgraph cannot run are drawn all the same."""
from __future__ import annotations

import os

__all__ = ["GRAPH_FILE_SUFFIXES", "is_graph_source", "graph_from_source"]

GRAPH_FILE_SUFFIXES = (".pb", ".pbtxt", ".meta", ".pb.txt")


def is_graph_source(target) -> bool:
    """True for a GraphDef/MetaGraphDef message or a path naming a graph file."""
    if isinstance(target, (str, os.PathLike)):
        return os.fspath(target).endswith(GRAPH_FILE_SUFFIXES)
    return type(target).__name__ in ("GraphDef", "MetaGraphDef") and hasattr(target, "SerializeToString")


def graph_from_source(target):
    """A fresh nbgraph Graph holding the nodes of a GraphDef, MetaGraphDef or graph file."""
    from ..engine.graph import Graph
    from ..formats.importer import import_graph_def
    from ..formats.meta_graph import read_graph_file
    if isinstance(target, (str, os.PathLike)):
        path = os.fspath(target)
        if not os.path.isfile(path):
            raise ValueError(f"no graph file at {path!r}")
        target = read_graph_file(path, "MetaGraphDef" if path.endswith(".meta") else "GraphDef")
    graph_def = target.graph_def if hasattr(target, "graph_def") else target
    g = Graph()
    with g.as_default():
        import_graph_def(graph_def, name="", _opaque_unknown=True)
    return g
