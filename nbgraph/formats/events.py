"""`tf.summary.FileWriter` and `FileWriterCache`: TensorBoard event files as TF 1.15 writes them.

A writer owns one file `events.out.tfevents.<%010d seconds>.<hostname><suffix>` in its logdir,
opened at construction with the `brain.Event:2` version record. Events queue in memory and
reach the file when `max_queue` are waiting, every `flush_secs` (a daemon thread), on
`flush()` and on `close()`. Records are framed by `records.py` (length + masked CRC32C).
"""
from __future__ import annotations

import os
import socket
import threading
import time
import warnings

from ..engine.errors import FailedPreconditionError, PermissionDeniedError
from .protos import pb
from .records import encode_record

__all__ = ["FileWriter", "FileWriterCache", "EventFileWriter", "make_logdir", "summary_iterator"]


def make_logdir(logdir: str) -> None:
    """Creates `logdir` (and its parents); TF's errors, naming the path, when it cannot."""
    try:
        os.makedirs(logdir, exist_ok=True)
    except NotADirectoryError:
        parent = logdir
        while parent and not os.path.isfile(parent):
            parent = os.path.dirname(parent)
        raise FailedPreconditionError(None, None, f"{parent or logdir} is not a directory") from None
    except FileExistsError:
        raise FailedPreconditionError(None, None, f"{logdir} is not a directory") from None
    except PermissionError:
        raise PermissionDeniedError(None, None, f"{logdir}; Permission denied") from None
    if not os.access(logdir, os.W_OK):
        raise PermissionDeniedError(None, None, f"{logdir}; Permission denied")


class EventFileWriter:
    """Writes Event protos to one event file; thread-safe; flushes on a timer."""

    def __init__(self, logdir: str, max_queue: int = 10, flush_secs: float = 120, filename_suffix: str = ""):
        self._logdir = str(logdir)
        make_logdir(self._logdir)
        self._max_queue = max_queue
        self._flush_secs = flush_secs
        self._suffix = filename_suffix or ""
        self._lock = threading.RLock()
        self._queue: list[bytes] = []
        self._file = None
        self._closed = True
        self.reopen()

    def _open(self):
        now = time.time()
        name = f"events.out.tfevents.{int(now):010d}.{socket.gethostname()}{self._suffix}"
        path = os.path.join(self._logdir, name)
        try:
            self._file = open(path, "ab")
        except OSError as e:
            raise PermissionDeniedError(None, None, f"{path}; {e.strerror}") from None
        self._path = path
        first = pb().Event(wall_time=now, file_version="brain.Event:2")
        self._file.write(encode_record(first.SerializeToString()))
        self._file.flush()

    def get_logdir(self) -> str:
        return self._logdir

    @property
    def path(self) -> str:
        return self._path

    def reopen(self) -> None:
        """Opens a new event file after `close()` (a no-op while open)."""
        with self._lock:
            if not self._closed:
                return
            self._open()
            self._closed = False
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._flush_loop, args=(self._stop,), daemon=True,
                                            name="nbgraph-event-writer")
            self._thread.start()

    def _flush_loop(self, stop):
        while not stop.wait(self._flush_secs):
            self.flush()

    def add_event(self, event) -> None:
        with self._lock:
            if self._closed:
                return
            self._queue.append(event.SerializeToString())
            if len(self._queue) >= self._max_queue:
                self.flush()

    def flush(self) -> None:
        with self._lock:
            if self._closed or self._file is None:
                return
            if self._queue:
                self._file.write(b"".join(encode_record(e) for e in self._queue))
                self._queue.clear()
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self.flush()
            self._stop.set()
            self._file.close()
            self._closed = True


class FileWriter:
    """`tf.summary.FileWriter(logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
    filename_suffix=None, session=None)`."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        if session is not None:
            raise NotImplementedError("nbgraph's FileWriter writes event files itself; session= (a TF 2 "
                                      "summary writer resource) is not supported")
        self.event_writer = EventFileWriter(logdir, max_queue, flush_secs, filename_suffix)
        self._closed = False
        self._seen_summary_tags: set[str] = set()
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)
            from .meta_graph import export_meta_graph
            gd = graph.as_graph_def(add_shapes=True) if hasattr(graph, "as_graph_def") else (graph or graph_def)
            self.add_meta_graph(export_meta_graph(graph_def=gd, collection_list=[]))

    # -- context manager and lifecycle ---------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def get_logdir(self) -> str:
        return self.event_writer.get_logdir()

    def _warn_if_closed(self) -> bool:
        if self._closed:
            warnings.warn("Attempting to use a closed FileWriter. The operation will be a noop unless the "
                          "FileWriter is explicitly reopened.")
        return self._closed

    def flush(self) -> None:
        self._warn_if_closed()
        self.event_writer.flush()

    def close(self) -> None:
        self.event_writer.close()
        self._closed = True

    def reopen(self) -> None:
        self.event_writer.reopen()
        self._closed = False

    # -- what goes in ----------------------------------------------------------------------------
    def add_event(self, event) -> None:
        if not self._warn_if_closed():
            self.event_writer.add_event(event)

    def _add_event(self, event, step) -> None:
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None) -> None:
        """Adds a `Summary` proto or its serialized bytes (what a summary op returns)."""
        if isinstance(summary, (bytes, bytearray)):
            summary = pb().Summary.FromString(bytes(summary))
        elif hasattr(summary, "dtype") and getattr(summary, "dtype", None) == object:
            summary = pb().Summary.FromString(bytes(summary.item()))
        else:
            copy = pb().Summary()
            copy.CopyFrom(summary)
            summary = copy
        for value in summary.value:
            if not value.HasField("metadata"):
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
                continue
            self._seen_summary_tags.add(value.tag)
        event = pb().Event()
        event.summary.CopyFrom(summary)
        self._add_event(event, global_step)

    def add_session_log(self, session_log, global_step=None) -> None:
        event = pb().Event()
        event.session_log.CopyFrom(session_log)
        self._add_event(event, global_step)

    def add_graph(self, graph, global_step=None, graph_def=None) -> None:
        """Adds the graph (an nbgraph Graph, with its output shapes, or a GraphDef)."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        if hasattr(graph, "as_graph_def"):
            gd = graph.as_graph_def(add_shapes=True)
        elif graph is not None or graph_def is not None:
            gd = graph if graph is not None else graph_def
            if not hasattr(gd, "node"):
                raise TypeError("The passed graph must be an instance of `Graph` or the deprecated `GraphDef`")
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated `GraphDef`")
        event = pb().Event(graph_def=gd.SerializeToString())
        self._add_event(event, global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None) -> None:
        if not hasattr(meta_graph_def, "graph_def"):
            raise TypeError(f"meta_graph_def must be type MetaGraphDef, saw type: {type(meta_graph_def)}")
        event = pb().Event(meta_graph_def=meta_graph_def.SerializeToString())
        self._add_event(event, global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None) -> None:
        event = pb().Event()
        event.tagged_run_metadata.tag = tag
        serialize = getattr(run_metadata, "SerializeToString", None)
        event.tagged_run_metadata.run_metadata = serialize() if serialize else b""
        self._add_event(event, global_step)


class FileWriterCache:
    """`tf.summary.FileWriterCache`: one FileWriter per logdir, on the default graph."""

    _cache: dict = {}
    _lock = threading.RLock()

    @staticmethod
    def get(logdir) -> FileWriter:
        from ..engine.graph import get_default_graph
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._cache:
                FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
            return FileWriterCache._cache[logdir]

    @staticmethod
    def clear() -> None:
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache = {}


def summary_iterator(path):
    """`tf.train.summary_iterator(path)`: the Event protos of an event file, in order."""
    from .records import read_records
    for record in read_records(path):
        yield pb().Event.FromString(record)
