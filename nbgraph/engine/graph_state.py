"""A Graph's building state: thread-local stacks, and the control-dependency blocks.

As in TF 1.x, the name-scope, control-dependency, device and colocation stacks of a Graph are
kept per thread (`ThreadLocalSlot`): ops a thread builds get that thread's scopes and blocks
only, and a new thread starts with empty stacks.

Nested `control_dependencies` blocks share one flat list of their distinct control ops
(outermost first) and an index of it, so creating an op inside N nested blocks takes O(its
control inputs) rather than O(N²) list membership tests. TF's rule that a block is skipped for
an op one of whose inputs was made inside it is answered from creation stamps: an op made inside
a block has a larger id than the graph's id counter when the block was entered.
"""
from __future__ import annotations

import threading

__all__ = ["ThreadLocalSlot", "ControlBlock", "push_block", "pop_block", "control_inputs_for", "note_created"]


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


class ControlBlock:
    """One `control_dependencies(ops)` block on a stack: `ops`, its control ops that no outer
    block has (TF's `_ControlDependenciesController`). `flat`/`index` are shared with the
    blocks around it on the same stack: the distinct control ops of this block and all outer
    ones, in order, and each one's position; `end` is this block's length of `flat`; `stamp`
    the graph's id counter when the block was entered; `created` (the outermost block's)
    holds the ops made while the stack was not empty."""

    __slots__ = ("ops", "stamp", "flat", "index", "start", "end", "created")

    def __init__(self, ops, stamp, outer):
        self.stamp = stamp
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


def control_inputs_for(stack: list, input_ops: set) -> list:
    """TF's rule: a block's control inputs are skipped when an input was made inside the block
    (that input already carries them) or is itself one of them. The list returned may be the
    blocks' own: the caller copies it and never changes it."""
    if not stack:
        return []
    created = stack[0].created
    newest = max((op._id for op in input_ops if op in created), default=None)
    if newest is None:
        out = stack[-1].flat  # not copied: the Operation copies its control inputs at once
    else:
        k = next((j for j in range(len(stack) - 1, -1, -1) if stack[j].stamp < newest), -1) + 1
        if k == len(stack):
            return []
        seen = {}
        for block in stack[k:]:
            for c in block.ops:
                seen.setdefault(c)
        out = list(seen)
    if input_ops and not input_ops.isdisjoint(stack[-1].index):
        out = [c for c in out if c not in input_ops]
    return out
