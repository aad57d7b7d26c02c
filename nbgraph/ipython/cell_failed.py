"""`CellFailed`: raised by `%%nbgraph` after it has shown what a failing cell added, so that the
cell fails too (Run All and `nbconvert --execute` stop there). The inner cell's traceback is
already shown; this one shows as a single line."""
from __future__ import annotations

__all__ = ["CellFailed", "raise_if_failed"]


class CellFailed(Exception):
    """The code inside `%%nbgraph` raised `error` (its traceback is shown above)."""

    def __init__(self, error: BaseException):
        super().__init__(f"the %%nbgraph cell raised {type(error).__name__} (traceback above)")
        self.error = error

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a second traceback
        return [str(self)]


def raise_if_failed(result) -> None:
    """Raises `CellFailed` when IPython's `ExecutionResult` says the cell raised."""
    error = getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)
    if error is not None:
        raise CellFailed(error)
