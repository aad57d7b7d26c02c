"""Bounded whole-graph placement for a plain `Session`, and the read-only view of its log.

A plain Session places its whole graph and again whenever the graph grows. Placement is local to
a connected component (data, control and reference edges plus colocation classes: a node's
device depends only on the nodes it is joined to), so after growth only the components that the
new ops touch are placed again, and only records that changed are appended to the session's
log: running N freshly built ops costs O(1) each and keeps N records, not N²/2.

`PlacementLog` is what `Session.placement_log` returns: a read-only, O(1) snapshot of the
append-only record list (its length is fixed when taken), comparable with a list.
"""
from __future__ import annotations

from collections.abc import Sequence

__all__ = ["PlacementLog", "GrownGraph"]


class PlacementLog(Sequence):
    """The first `len` records of a session's append-only placement log, without copying."""

    __slots__ = ("_records", "_n")

    def __init__(self, records: list):
        self._records = records
        self._n = len(records)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._records[j] for j in range(self._n)[i]]
        return self._records[range(self._n)[i]]

    def __iter__(self):
        records = self._records
        for j in range(self._n):
            yield records[j]

    def __eq__(self, other) -> bool:
        if not isinstance(other, (list, tuple, PlacementLog)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None

    def __repr__(self) -> str:
        return repr(list(self))


def _generator(op):
    """Placed in the placer's second pass (see placement.py)."""
    outs = op._outputs
    return not op._inputs and len(outs) == 1 and not outs[0].dtype.is_ref_dtype


def _classes(op):
    return op._colocation or (op._name,)


class GrownGraph:
    """What of a graph is placed already: the ops up to `placed`, each one's device, latest record
    and place in TF's record order; and which ops a graph's growth makes to be placed again."""

    def __init__(self):
        self.placed = 0             # graph._ops[:placed] hold a current placement
        self.devices = {}           # op -> assigned device
        self.records = {}           # op -> its latest PlacementRecord
        self.order = {}             # op -> sort key of TF's order (first pass, then generators)
        self._by_class = {}         # colocation class -> ops in it

    def reset(self) -> None:
        self.__init__()

    def to_place(self, graph) -> list:
        """The ops to place after the graph grew: the new ops and every placed op in their
        components, in creation order."""
        new = graph._ops[self.placed:]
        if not self.placed:
            return list(new)    # nothing placed yet: the whole graph
        by_class = self._by_class
        extra = {}
        for op in new:
            for c in _classes(op):
                extra.setdefault(c, []).append(op)
        seen = set(new)
        todo = list(new)
        segs_seen = set()
        while todo:
            op = todo.pop()
            near = [t._op for t in op._inputs]
            # control edges through their shared segments (graph_state.py), each segment once: it
            # joins its ops, its users and those of the segments around it (N nested blocks make
            # N²/2 edges but N segments)
            segs = [op._ctrl] if op._ctrl is not None else []
            segs += op._ctrl_segs or ()
            while segs:
                seg = segs.pop()
                if seg in segs_seen:
                    continue
                segs_seen.add(seg)
                near += seg.ops
                near += seg.users
                segs += seg.kids
                if seg.parent is not None:
                    segs.append(seg.parent)
            for t in op._outputs:
                near += t._consumers
            for c in _classes(op):
                near += by_class.get(c, ())
                near += extra.get(c, ())
            fresh = set(near)
            fresh -= seen
            seen |= fresh
            todo += fresh
        return sorted(seen, key=lambda o: o._id)

    def keep(self, graph, kept) -> list:
        """Takes a placement's `_Kept` list (in placer order); returns the records that are new
        or changed (the ones the session's log appends)."""
        changed = []
        for k in kept:
            op = k.op
            if op is None:
                continue
            if self.records.get(op) != k.record:
                changed.append(k.record)
            self.records[op] = k.record
            self.devices[op] = k.record.assigned
            self.order[op] = (_generator(op), op._id)
        for op in graph._ops[self.placed:]:
            for c in _classes(op):
                self._by_class.setdefault(c, []).append(op)
        self.placed = len(graph._ops)
        return changed

    def records_for(self, nodes) -> list:
        """The latest records of `nodes`, in TF's record order."""
        ops = sorted((op for op in nodes if op in self.records), key=self.order.__getitem__)
        return [self.records[op] for op in ops]
