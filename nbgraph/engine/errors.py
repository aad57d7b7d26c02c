"""The `tf.errors` classes: `OpError` and its code-specific subclasses.

Runtime failures name the op that failed (`.op`, `.node_def`) and their first line is TF's
message; like TF 1.x, the message ends with a `[[node NAME (defined at FILE:LINE) ]]` line.
"""
from __future__ import annotations

OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = 0, 1, 2, 3, 4, 5
ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION = 6, 7, 8, 9
ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS = 10, 11, 12, 13, 14, 15
UNAUTHENTICATED = 16


class _NodeDef:
    """The bits of a NodeDef an error handler reads (`e.node_def.name`)."""

    __slots__ = ("name", "op", "device")

    def __init__(self, op):
        self.name = op.name
        self.op = op.type
        self.device = op.device

    def __repr__(self):
        return f'name: "{self.name}"\nop: "{self.op}"'


class OpError(Exception):
    """A runtime error while executing a graph; `.op` is the operation that failed."""

    error_code = UNKNOWN

    def __init__(self, node_def, op, message, error_code=None):
        super().__init__(message)
        self._node_def = node_def
        self._op = op
        self._message = message
        if error_code is not None:
            self.error_code = error_code

    @property
    def message(self):
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def node_def(self):
        return self._node_def

    def __str__(self):
        return self._message

    def __reduce__(self):
        return type(self), (self._node_def, self._op, self._message)


def _subclass(name, code, doc):
    def __init__(self, node_def, op, message, *args, **kwargs):
        OpError.__init__(self, node_def, op, message, code)

    cls = type(name, (OpError,), {"__init__": __init__, "__doc__": doc, "error_code": code})
    return cls


CancelledError = _subclass("CancelledError", CANCELLED, "An operation or step was cancelled.")
UnknownError = _subclass("UnknownError", UNKNOWN, "An unknown error.")
InvalidArgumentError = _subclass("InvalidArgumentError", INVALID_ARGUMENT,
                                 "An op received an invalid argument.")
DeadlineExceededError = _subclass("DeadlineExceededError", DEADLINE_EXCEEDED,
                                  "A deadline expired before the operation could complete.")
NotFoundError = _subclass("NotFoundError", NOT_FOUND, "A requested entity was not found.")
AlreadyExistsError = _subclass("AlreadyExistsError", ALREADY_EXISTS, "An entity already exists.")
PermissionDeniedError = _subclass("PermissionDeniedError", PERMISSION_DENIED, "Permission denied.")
UnauthenticatedError = _subclass("UnauthenticatedError", UNAUTHENTICATED, "Unauthenticated.")
ResourceExhaustedError = _subclass("ResourceExhaustedError", RESOURCE_EXHAUSTED,
                                   "Some resource has been exhausted.")
FailedPreconditionError = _subclass("FailedPreconditionError", FAILED_PRECONDITION,
                                    "The system is not in a state to execute an operation.")
AbortedError = _subclass("AbortedError", ABORTED, "The operation was aborted.")
OutOfRangeError = _subclass("OutOfRangeError", OUT_OF_RANGE,
                            "An operation iterated past the valid input range.")
UnimplementedError = _subclass("UnimplementedError", UNIMPLEMENTED,
                               "The operation is not implemented.")
InternalError = _subclass("InternalError", INTERNAL, "An internal error.")
UnavailableError = _subclass("UnavailableError", UNAVAILABLE, "The runtime is unavailable.")
DataLossError = _subclass("DataLossError", DATA_LOSS, "Unrecoverable data loss.")

_CODE_TO_CLASS = {c.error_code: c for c in (
    CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError,
    AlreadyExistsError, PermissionDeniedError, UnauthenticatedError, ResourceExhaustedError,
    FailedPreconditionError, AbortedError, OutOfRangeError, UnimplementedError, InternalError,
    UnavailableError, DataLossError)}


def exception_type_from_error_code(code):
    return _CODE_TO_CLASS[code]


def error_code_from_exception_type(cls):
    return cls.error_code


class KernelError(Exception):
    """Raised inside a kernel; the executor re-raises it as `cls` naming the running op."""

    def __init__(self, message, cls=InvalidArgumentError):
        super().__init__(message)
        self.cls = cls
        self.message = message


def op_error(cls, op, message: str) -> OpError:
    """Builds `cls` for a failure in `op`, with TF 1.x's trailing `[[node ...]]` line."""
    where = f" (defined at {op._defined_at})" if getattr(op, "_defined_at", None) else ""
    return cls(_NodeDef(op), op, f"{message}\n\t [[node {op.name}{where} ]]")


__all__ = [n for n in dir() if (n.endswith("Error") and n != "KernelError") or n.isupper()] + [
    "exception_type_from_error_code", "error_code_from_exception_type"]
