"""A Graph's building state: thread-local stacks, and the control-dependency blocks.

As in TF 1.x, the name-scope, control-dependency, device and colocation stacks of a Graph are
kept per thread (`ThreadLocalSlot`): ops a thread builds get that thread's scopes and blocks
only, and a new thread starts with empty stacks.

Nested `control_dependencies` blocks share one flat list of their distinct control ops
(outermost first) and an index of it, so entering a block takes O(its ops). TF's rule that a
block is skipped for an op one of whose inputs was made inside it is answered from creation
stamps: an op made inside a block has a larger id than the graph's id counter when the block was
entered.

Control inputs are stored shared, as `ControlSeg`s: a segment is a tuple of control ops and the
segment of the blocks around it, so the ops made inside N nested blocks all point at one chain
of N segments instead of each holding a copy of N control ops (TF makes the N²/2 edges; here
they cost O(N) to build and to walk). An op's control inputs are its segment's chain, outermost
first; its control outputs are the users of the segments holding it and of their descendants.
Walks that only need each edge's effect once (ordering, connectivity) visit each segment once.
"""
from __future__ import annotations

import threading

__all__ = ["ThreadLocalSlot", "ControlSeg", "ControlBlock", "push_block", "pop_block", "control_inputs_for",
           "note_created", "seg_ops", "iter_control_outputs", "control_outputs"]


class ThreadLocalSlot:
    """A Graph attribute whose value is per thread (`default()` in a thread that has not set it)."""

    def __init__(self, default):
        self.default = default
        self.name = None

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, graph, owner=None):
        if graph is None:
            return self
        local = graph.__dict__.get("_thread_local")
        if local is None:
            local = graph.__dict__.setdefault("_thread_local", threading.local())
        try:
            return local.__dict__[self.name]
        except KeyError:
            value = local.__dict__[self.name] = self.default()
            return value

    def __set__(self, graph, value):
        local = graph.__dict__.get("_thread_local")
        if local is None:
            local = graph.__dict__.setdefault("_thread_local", threading.local())
        local.__dict__[self.name] = value


class ControlSeg:
    """A shared run of control inputs: `ops` (a tuple, in order) after those of `parent` (the
    segment of the blocks around, or None). `users` are the ops whose control inputs end here,
    `kids` the segments whose parent this is. Every control op `c` lists the segments holding it
    in `c._ctrl_segs`, which is how its control outputs are found."""

    __slots__ = ("parent", "ops", "users", "kids")

    def __init__(self, parent, ops: tuple):
        self.parent = parent
        self.ops = ops
        self.users = []
        self.kids = []
        if parent is not None:
            parent.kids.append(self)
        for c in ops:
            segs = c._ctrl_segs
            if segs is None:
                c._ctrl_segs = [self]
            else:
                segs.append(self)

    def __repr__(self):
        return f"<ControlSeg {[c._name for c in self.ops]} after {self.parent!r}>"


def seg_ops(seg) -> tuple:
    """The control ops of the chain ending at `seg` (None: none), outermost first."""
    if seg is None:
        return ()
    if seg.parent is None:
        return seg.ops
    chain = []
    while seg is not None:
        chain.append(seg.ops)
        seg = seg.parent
    chain.reverse()
    return tuple(c for ops in chain for c in ops)


def iter_control_outputs(op):
    """The ops with `op` as a control input, each once (in no particular order): lazily, so a
    caller that stops at the first one that settles a question pays for what it read."""
    segs = op._ctrl_segs
    if not segs:
        return
    todo = list(segs)
    while todo:
        seg = todo.pop()
        yield from seg.users
        todo += seg.kids


def control_outputs(op) -> list:
    """The ops with `op` as a control input, in creation order."""
    return sorted(iter_control_outputs(op), key=_op_id)


def _op_id(op):
    return op._id


_UNSET = object()


class ControlBlock:
    """One `control_dependencies(ops)` block on a stack: `ops`, its control ops that no outer
    block has (TF's `_ControlDependenciesController`). `flat`/`index` are shared with the
    blocks around it on the same stack: the distinct control ops of this block and all outer
    ones, in order, and each one's position; `end` is this block's length of `flat`; `stamp`
    the graph's id counter when the block was entered; `created` (the outermost block's)
    holds the ops made while the stack was not empty; `outer` the block around it. `segment()`
    is the shared `ControlSeg` of `flat[:end]`, made when the first op inside needs it."""

    __slots__ = ("ops", "stamp", "flat", "index", "start", "end", "created", "outer", "_seg")

    def __init__(self, ops, stamp, outer):
        self.stamp = stamp
        self.outer = outer
        self._seg = _UNSET
        if outer is None:
            self.flat, self.index, self.created = [], {}, set()
        else:
            self.flat, self.index, self.created = outer.flat, outer.index, outer.created
        self.start = len(self.flat)
        for c in ops:  # as TF: a block keeps only the ops not already control inputs around it
            if c not in self.index:
                self.index[c] = len(self.flat)
                self.flat.append(c)
        self.end = len(self.flat)
        self.ops = self.flat[self.start:]

    def segment(self):
        """The ControlSeg of this block's and the outer blocks' control ops (None: none)."""
        if self._seg is not _UNSET:
            return self._seg
        pending = []  # blocks without a segment yet, innermost first (iterative: blocks nest deep)
        block = self
        while block is not None and block._seg is _UNSET:
            pending.append(block)
            block = block.outer
        seg = None if block is None else block._seg
        for block in reversed(pending):
            if block.ops:
                seg = ControlSeg(seg, tuple(block.ops))
            block._seg = seg
        return seg


def push_block(stack: list, ops: list, stamp: int) -> None:
    stack.append(ControlBlock(ops, stamp, stack[-1] if stack else None))


def pop_block(stack: list) -> None:
    block = stack.pop()
    flat, index = block.flat, block.index
    for c in flat[block.start:block.end]:
        del index[c]
    del flat[block.start:]


def note_created(stack: list, op) -> None:
    """Records that `op` was made inside the blocks now on `stack`."""
    if stack:
        stack[0].created.add(op)


def control_inputs_for(stack: list, input_ops: set):
    """TF's rule: a block's control inputs are skipped when an input was made inside the block
    (that input already carries them) or is itself one of them. Returns the ControlSeg of the
    new op's control inputs (None: none): the innermost block's shared one when no rule applies."""
    if not stack:
        return None
    created = stack[0].created
    newest = max((op._id for op in input_ops if op in created), default=None)
    filtered = input_ops and not input_ops.isdisjoint(stack[-1].index)
    if newest is None and not filtered:
        return stack[-1].segment()
    if newest is None:
        out = stack[-1].flat
    else:
        k = next((j for j in range(len(stack) - 1, -1, -1) if stack[j].stamp < newest), -1) + 1
        if k == len(stack):
            return None
        out = [c for block in stack[k:] for c in block.ops]  # distinct: a block keeps only new ops
    if filtered:
        out = [c for c in out if c not in input_ops]
    return ControlSeg(None, tuple(out)) if out else None
