"""`tf.logging` (TF 1.15's tf_logging): Python's `logging` logger named `tensorflow`, printing
`INFO:tensorflow:message` lines to stderr at or above the verbosity (WARN by default)."""
from __future__ import annotations

import logging as _logging
import sys
import threading

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARN
WARNING = _logging.WARNING
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_logger = None
_lock = threading.Lock()


class _StderrHandler(_logging.StreamHandler):
    """Writes to whatever `sys.stderr` is now (a notebook kernel swaps it per cell)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def get_logger() -> _logging.Logger:
    global _logger
    if _logger is not None:
        return _logger
    with _lock:
        if _logger is None:
            logger = _logging.getLogger("tensorflow")
            if not _logging.getLogger().handlers and not logger.handlers:
                handler = _StderrHandler()
                handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
                logger.addHandler(handler)
            if logger.level == _logging.NOTSET:
                logger.setLevel(WARN)
            _logger = logger
    return _logger


def log(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    get_logger().info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


_counts: dict = {}


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, ... call from the same place."""
    caller = sys._getframe(1)
    key = (caller.f_code.co_filename, caller.f_lineno)
    count = _counts.get(key, 0)
    _counts[key] = count + 1
    if count % n == 0:
        log(level, msg, *args)


def log_first_n(level, msg, n, *args):
    caller = sys._getframe(1)
    key = (caller.f_code.co_filename, caller.f_lineno)
    count = _counts.get(key, 0)
    _counts[key] = count + 1
    if count < n:
        log(level, msg, *args)


def log_if(level, msg, condition, *args):
    if condition:
        log(level, msg, *args)


def get_verbosity() -> int:
    return get_logger().getEffectiveLevel()


def set_verbosity(v) -> None:
    get_logger().setLevel(v)


def flush() -> None:
    for h in get_logger().handlers:
        h.flush()


def TaskLevelStatusMessage(msg):  # noqa: N802 - TF's name
    error(msg)
