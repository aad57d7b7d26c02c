"""`Session.steps(fetches, feed_dict)`: one run evaluated a node at a time, on request.

The engine side of the stepper widget: it owns the partial execution (the executor's
generator, drained one `StepRecord` at a time with every node's inputs and output kept), turns
a failure into a `FailedStep` instead of an exception, and closes a session opened only for
the stepping once the run is over. Widgets read it and hold view state only.
"""
from __future__ import annotations

from collections import deque
from typing import NamedTuple

from .errors import OpError
from .executor import CPU0, Execution, Plan, StepRecord

__all__ = ["Steps", "FailedStep"]


class FailedStep(NamedTuple):
    """Where a run failed: the node's step `index`, its `op`, the TF `error` it raised and the
    `device` it was placed on. It has no values (`inputs`/`output` None), like a record would."""

    index: int
    op: object
    error: OpError
    device: str
    inputs: None = None
    output: None = None
    seconds: float = 0.0


class Steps:
    """One run of a plan, a node at a time: `advance()` runs exactly one more node (never an
    earlier one again); `records` are the nodes run so far, `error` the failure (or None)."""

    def __init__(self, session, execution: Execution, *, close_when_done: bool = False):
        self.session = session
        self.plan: Plan = execution.plan
        self.records: list[StepRecord] = []
        self.error: FailedStep | None = None
        self._execution = execution
        self._iter = iter(execution)
        self._close_when_done = close_when_done
        # a control-flow plan runs a loop's body once per iteration: how many nodes it executes
        # is known only once it has run, so `total` runs it to the end ahead of the stepping and
        # keeps what it yields (records, then the failure if any) for `advance` to hand out
        self._ahead: deque | None = None
        self._ahead_error: OpError | None = None

    @property
    def total(self) -> int:
        """How many nodes the run executes (a node that fails included). A plain plan says so
        up front; a plan with a while loop is run to its end first, since each iteration runs
        the body's nodes again."""
        if not self.plan.control_flow:
            return len(self.plan.steps)
        if self._ahead is None:
            self._run_ahead()
        failed = self.error is not None or self._ahead_error is not None
        return len(self.records) + len(self._ahead) + int(failed)

    def _run_ahead(self) -> None:
        self._ahead = deque()
        while True:
            try:
                self._ahead.append(next(self._iter))
            except StopIteration:
                return
            except OpError as e:
                self._ahead_error = e
                return

    def _next_record(self) -> StepRecord:
        if self._ahead is None:
            return next(self._iter)
        if self._ahead:
            return self._ahead.popleft()
        if self._ahead_error is not None:
            error, self._ahead_error = self._ahead_error, None
            raise error
        raise StopIteration

    @property
    def ops(self) -> list:
        """The executed operations, in order."""
        return self.plan.ops

    @property
    def fetch_tensors(self) -> list:
        return list(self.plan.fetch_tensors)

    @property
    def over(self) -> bool:
        """Every node ran, or one failed."""
        return self.error is not None or len(self.records) >= self.total

    @property
    def finished(self) -> bool:
        """Every node ran without an error."""
        return self.error is None and len(self.records) == self.total

    def advance(self) -> bool:
        """Runs exactly one more node; False when the run is already over."""
        if self.over:
            return False
        try:
            self.records.append(self._next_record())
        except StopIteration:
            return False
        except OpError as e:
            # the step that raised, not `e.op`: TF's text names the reader (`v/read`) of an
            # uninitialised variable, while the executor stopped at the variable itself
            index = len(self.records)
            op = e.op if self.plan.control_flow else self.plan.steps[index].op
            self.error = FailedStep(index, op, e, self._execution.devices.get(op, CPU0))
        if self._close_when_done and self.over:
            self.session.close()
        return True

    def run_to(self, index: int) -> None:
        """Runs nodes until step `index` has run, or the run is over."""
        while len(self.records) <= index and self.advance():
            pass
