"""`tf.train.QueueRunner`: threads that run enqueue ops until their input ends, then close the
queue; `start_queue_runners` / `add_queue_runner` (TF 1.15's `queue_runner_impl.py` logic).

With a Coordinator, a runner also starts a thread that waits for `request_stop` and runs the
cancel op (`close(cancel_pending_enqueues=True)`), which frees enqueues blocked on a full
queue, so `coord.join()` does not hang."""
from __future__ import annotations

import threading
import weakref

from ..engine import errors
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.session import get_default_session

__all__ = ["QueueRunner", "add_queue_runner", "start_queue_runners"]


class QueueRunner:
    """Holds a queue and the enqueue ops that feed it; `create_threads` runs them in threads."""

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def is not None:
            raise ValueError("queue_runner_def is not supported by nbgraph")
        if not queue:
            raise ValueError("Must provide queue.")
        if not enqueue_ops:
            raise ValueError("Must provide enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = cancel_op if cancel_op is not None else queue.close(cancel_pending_enqueues=True)
        if queue_closed_exception_types is None:
            queue_closed_exception_types = (errors.OutOfRangeError, errors.CancelledError)
        self._queue_closed_exception_types = tuple(queue_closed_exception_types)
        self._lock = threading.Lock()
        self._runs_per_session = weakref.WeakKeyDictionary()
        self._exceptions_raised = []

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: self._enqueue_ops)
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)

    @property
    def exceptions_raised(self):
        return self._exceptions_raised

    @property
    def name(self):
        return self._queue.name

    def _run(self, sess, enqueue_op, coord=None):
        decremented = False
        try:
            while True:
                if coord and coord.should_stop():
                    break
                try:
                    sess.run(enqueue_op)
                except self._queue_closed_exception_types:
                    # this thread's input ended; the last one out closes the queue
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            try:
                                sess.run(self._close_op)
                            except Exception:  # noqa: BLE001 - TF ignores it (vlog only)
                                pass
                    return
        except Exception as e:  # noqa: BLE001 - handed to the coordinator, as TF does
            if coord:
                coord.request_stop(e)
            else:
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess, cancel_op, coord):
        coord.wait_for_stop()
        try:
            sess.run(cancel_op)
        except Exception:  # noqa: BLE001 - TF ignores it (vlog only)
            pass

    def create_threads(self, sess, coord=None, daemon=False, start=False) -> list:
        """One thread per enqueue op (plus a cancel thread with a coordinator); none when this
        runner already runs in `sess`."""
        with self._lock:
            try:
                if self._runs_per_session[sess] > 0:
                    return []  # already running in this session
            except KeyError:
                pass
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        ret_threads = [threading.Thread(target=self._run, args=(sess, op, coord), name=f"QueueRunnerThread-{self.name}-{op.name}")
                       for op in self._enqueue_ops]
        if coord:
            ret_threads.append(threading.Thread(target=self._close_on_stop, args=(sess, self._cancel_op, coord),
                                                name=f"QueueRunnerThread-{self.name}-close_on_stop"))
        for t in ret_threads:
            if coord:
                coord.register_thread(t)
            if daemon:
                t.daemon = True
            if start:
                t.start()
        return ret_threads


def add_queue_runner(qr: QueueRunner, collection=GraphKeys.QUEUE_RUNNERS) -> None:
    """Adds a QueueRunner to a graph collection (default `GraphKeys.QUEUE_RUNNERS`)."""
    get_default_graph().add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True,
                        collection=GraphKeys.QUEUE_RUNNERS) -> list:
    """Starts every QueueRunner of the graph's collection; returns the threads."""
    if sess is None:
        sess = get_default_session()
        if not sess:
            raise ValueError("Cannot start queue runners: No default session is registered. Use `with "
                             "sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)")
    if not hasattr(sess, "run") or not hasattr(sess, "graph"):
        raise TypeError(f"sess must be a `tf.Session` object. Given class: {sess.__class__}")
    with sess.graph.as_default():
        threads = []
        for qr in sess.graph.get_collection(collection):
            threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads
