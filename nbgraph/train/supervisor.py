"""`tf.train.Supervisor`, TF 1.x's training helper: it makes (or finds in the graph's collections)
the init, local-init, ready and summary ops and a Saver, finalizes the graph, and hands out a
session that is restored from the latest checkpoint in `logdir` or initialised. As chief with a
`logdir` it writes `graph.pbtxt` and events, and runs TF's standard services — a summary thread,
a steps-per-second thread and a checkpoint thread (`logdir/model.ckpt-<step>` at the start and
every `save_model_secs`) — plus the graph's queue runners, all under one Coordinator
(`should_stop`, `request_stop`, `stop`; an OutOfRangeError ends a `managed_session` quietly)."""
from __future__ import annotations

import contextlib
import os
import time

from ..engine import dtypes as _dt
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.session import Session
from .coordinator import Coordinator, LooperThread

__all__ = ["Supervisor"]


def _first(g, key):
    found = g.get_collection(key)
    return found[0] if found else None


class Supervisor:
    """`tf.train.Supervisor(graph=None, ready_op=USE_DEFAULT, is_chief=True, init_op=USE_DEFAULT,
    logdir=None, summary_op=USE_DEFAULT, saver=USE_DEFAULT, global_step=USE_DEFAULT,
    save_summaries_secs=120, save_model_secs=600, checkpoint_basename="model.ckpt", init_fn=None, ...)`."""

    USE_DEFAULT = 0

    def __init__(self, graph=None, ready_op=USE_DEFAULT, ready_for_local_init_op=USE_DEFAULT, is_chief=True,
                 init_op=USE_DEFAULT, init_feed_dict=None, local_init_op=USE_DEFAULT, logdir=None,
                 summary_op=USE_DEFAULT, saver=USE_DEFAULT, global_step=USE_DEFAULT, save_summaries_secs=120,
                 save_model_secs=600, recovery_wait_secs=30, stop_grace_secs=120, checkpoint_basename="model.ckpt",
                 session_manager=None, summary_writer=USE_DEFAULT, init_fn=None, local_init_run_options=None):
        from ..engine.variables import global_variables, global_variables_initializer, report_uninitialized_variables
        D = Supervisor.USE_DEFAULT
        g = graph or get_default_graph()
        with g.as_default():
            if ready_op is D:
                ready_op = _first(g, GraphKeys.READY_OP)
                if ready_op is None:
                    ready_op = report_uninitialized_variables()
                    g.add_to_collection(GraphKeys.READY_OP, ready_op)
            if ready_for_local_init_op is D:  # TF: None unless the collection holds one
                ready_for_local_init_op = _first(g, "ready_for_local_init_op")
            if init_op is D:
                init_op = _first(g, GraphKeys.INIT_OP)
                if init_op is None:
                    init_op = global_variables_initializer()
                    g.add_to_collection(GraphKeys.INIT_OP, init_op)
            if local_init_op is D:
                local_init_op = _first(g, GraphKeys.LOCAL_INIT_OP)
                if local_init_op is None:
                    from ..engine.ops.control_ops import group
                    from ..engine.ops.lookup_ops import tables_initializer
                    from ..engine.variables import local_variables_initializer
                    local_init_op = group(local_variables_initializer(), tables_initializer())
                    g.add_to_collection(GraphKeys.LOCAL_INIT_OP, local_init_op)
            if saver is D:
                saver = _first(g, GraphKeys.SAVERS)
                if saver is None and global_variables():
                    from .saver import Saver
                    saver = Saver()
                    g.add_to_collection(GraphKeys.SAVERS, saver)
            if summary_op is D:
                summary_op = _first(g, GraphKeys.SUMMARY_OP)
                if summary_op is None:
                    from ..summary import merge_all
                    summary_op = merge_all()
                    if summary_op is not None:
                        g.add_to_collection(GraphKeys.SUMMARY_OP, summary_op)
            if global_step is D:
                global_step = self._default_global_step(g)
        self._graph, self._ready_op, self._ready_for_local_init_op = g, ready_op, ready_for_local_init_op
        self._init_op, self._init_feed_dict, self._local_init_op = init_op, init_feed_dict, local_init_op
        self._saver, self._summary_op, self._global_step = saver, summary_op, global_step
        self._is_chief, self._init_fn = is_chief, init_fn
        self._coord = Coordinator()
        self._stop_grace_secs, self._recovery_wait_secs = stop_grace_secs, recovery_wait_secs
        self._logdir = self._save_path = self._summary_writer = None
        self._save_summaries_secs = self._save_model_secs = None
        self._started_threads: list = []
        self._graph_added_to_summary = False
        if is_chief:
            self._logdir = logdir
            self._save_summaries_secs, self._save_model_secs = save_summaries_secs, save_model_secs
            if logdir:
                self._save_path = os.path.join(logdir, checkpoint_basename)
            if summary_writer is D:
                if logdir:
                    from ..formats.events import FileWriter
                    self._summary_writer = FileWriter(logdir)
            else:
                self._summary_writer = summary_writer
        g.finalize()

    @staticmethod
    def _default_global_step(g):
        try:
            gs = g.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
        return gs if gs.dtype.base_dtype in (_dt.int32, _dt.int64) else None

    # -- properties (TF's) --------------------------------------------------------------------------
    is_chief = property(lambda self: self._is_chief)
    coord = property(lambda self: self._coord)
    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    summary_writer = property(lambda self: self._summary_writer)
    summary_op = property(lambda self: self._summary_op)
    save_summaries_secs = property(lambda self: self._save_summaries_secs)
    global_step = property(lambda self: self._global_step)
    saver = property(lambda self: self._saver)
    save_model_secs = property(lambda self: self._save_model_secs)
    save_path = property(lambda self: self._save_path)

    # -- sessions --------------------------------------------------------------------------------------
    def _model_not_ready(self, sess):
        if self._ready_op is None:
            return None
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in sess.run(self._ready_op).reshape(-1)]
        return f"Variables not initialized: {', '.join(names)}" if names else None

    def _prepare_session(self, master, config):
        from .checkpoint_management import latest_checkpoint
        sess = Session(master, graph=self._graph, config=config)
        ckpt = latest_checkpoint(self._logdir) if self._logdir and self._saver is not None else None
        if ckpt is not None:
            self._saver.restore(sess, ckpt)
        else:
            if self._init_op is None and not self._init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or local_init_op was given")
            if self._init_op is not None:
                sess.run(self._init_op, feed_dict=self._init_feed_dict)
            if self._init_fn:
                self._init_fn(sess)
        if self._local_init_op is not None:
            sess.run(self._local_init_op)
        msg = self._model_not_ready(sess)
        if msg:
            init_name = getattr(self._init_op, "name", self._init_op)
            raise RuntimeError(f"Init operations did not make model ready.  Init op: {init_name}, init fn: "
                               f"{self._init_fn}, local_init_op: {self._local_init_op}, error: {msg}")
        return sess

    def prepare_or_wait_for_session(self, master="", config=None, wait_for_checkpoint=False, max_wait_secs=7200,
                                    start_standard_services=True):
        """A ready session: restored from `logdir`'s latest checkpoint or initialised (the chief), with
        the standard services and queue runners started."""
        self._coord.clear_stop()
        if self._summary_writer is not None:
            self._summary_writer.reopen()
        sess = self._prepare_session(master, config)
        if self._is_chief:
            self._write_graph()
            if start_standard_services:
                self.start_standard_services(sess)
        if start_standard_services:
            self.start_queue_runners(sess)
        return sess

    @contextlib.contextmanager
    def managed_session(self, master="", config=None, start_standard_services=True, close_summary_writer=True):
        """`with sv.managed_session() as sess:`; on exit, stops the services (re-raising an error one
        of them or the block raised, except OutOfRangeError) and closes the session."""
        sess = None
        try:
            sess = self.prepare_or_wait_for_session(master=master, config=config,
                                                    start_standard_services=start_standard_services)
            yield sess
        except Exception as e:  # noqa: BLE001 - TF hands every error to the coordinator
            self.request_stop(e)
        finally:
            try:
                self.stop(close_summary_writer=close_summary_writer)
            finally:
                if sess is not None:
                    with contextlib.suppress(Exception):
                        sess.close()

    def _write_graph(self):
        if self._logdir:
            from ..formats.meta_graph import write_graph
            os.makedirs(self._logdir, exist_ok=True)
            write_graph(self._graph.as_graph_def(add_shapes=True), self._logdir, "graph.pbtxt")
        if self._summary_writer is not None and not self._graph_added_to_summary:
            self._summary_writer.add_graph(self._graph)
            self._graph_added_to_summary = True

    def start_standard_services(self, sess):
        """The chief's summary, step-counter and checkpoint threads (TF's timing: first run at once)."""
        if not self._is_chief:
            raise RuntimeError("Only chief supervisor can start standard services. Because only chief supervisors "
                               "can write events.")
        if not self._logdir:
            return []
        if self._global_step is not None and self._summary_writer is not None:
            self._session_log(sess, "START")
        threads = []
        if self._save_summaries_secs and self._summary_writer is not None:
            if self._summary_op is not None:
                threads.append(LooperThread(self._coord, self._save_summaries_secs, self._summarise, (sess,)))
            if self._global_step is not None:
                threads.append(_StepCounter(self, sess))
        if self._saver is not None and self._save_model_secs:
            threads.append(LooperThread(self._coord, self._save_model_secs, self._checkpoint, (sess,)))
        for t in threads:
            t.start()
        self._started_threads.extend(threads)
        return threads

    def _session_log(self, sess, status, checkpoint_path=None):
        from tensorboard.compat.proto.event_pb2 import SessionLog
        step = int(sess.run(self._global_step)) if self._global_step is not None else None
        log = SessionLog(status=getattr(SessionLog, status))
        if checkpoint_path:
            log.checkpoint_path = checkpoint_path
        self._summary_writer.add_session_log(log, step)

    def _summarise(self, sess):
        if self._global_step is not None:
            summary, step = sess.run([self._summary_op, self._global_step])
        else:
            summary, step = sess.run(self._summary_op), None
        if self._summary_writer is not None:
            self._summary_writer.add_summary(summary, step)

    def _checkpoint(self, sess):
        self._saver.save(sess, self._save_path, global_step=self._global_step)
        if self._summary_writer is not None and self._global_step is not None:
            self._session_log(sess, "CHECKPOINT", self._save_path)

    def start_queue_runners(self, sess, queue_runners=None):
        from .queue_runner import start_queue_runners
        threads = start_queue_runners(sess, coord=self._coord, start=True) if queue_runners is None else [
            t for qr in queue_runners for t in qr.create_threads(sess, coord=self._coord, daemon=True, start=True)]
        self._started_threads.extend(threads)
        return threads

    def loop(self, timer_interval_secs, target, args=None, kwargs=None):
        """Runs `target(*args, **kwargs)` every `timer_interval_secs` in a coordinated thread."""
        t = LooperThread(self._coord, timer_interval_secs, target, args, kwargs)
        t.start()
        self._started_threads.append(t)
        return t

    def summary_computed(self, sess, summary, global_step=None):
        if not self._summary_writer:
            raise RuntimeError("Writing a summary requires a summary writer.")
        if global_step is None and self._global_step is not None:
            global_step = int(sess.run(self._global_step))
        self._summary_writer.add_summary(summary, global_step)

    # -- stopping ------------------------------------------------------------------------------------
    def should_stop(self) -> bool:
        return self._coord.should_stop()

    def request_stop(self, ex=None) -> None:
        self._coord.request_stop(ex=ex)

    def stop_on_exception(self):
        return self._coord.stop_on_exception()

    def wait_for_stop(self) -> None:
        self._coord.wait_for_stop()

    def stop(self, threads=None, close_summary_writer=True, ignore_live_threads=False) -> None:
        """Stops the services and joins their threads (re-raising a reported error)."""
        self._coord.request_stop()
        try:
            self._coord.join(self._started_threads + list(threads or []),
                             stop_grace_period_secs=self._stop_grace_secs, ignore_live_threads=ignore_live_threads)
        finally:
            self._started_threads = []
            if close_summary_writer and self._summary_writer is not None:
                from tensorboard.compat.proto.event_pb2 import SessionLog
                self._summary_writer.add_session_log(SessionLog(status=SessionLog.STOP))
                self._summary_writer.close()
                self._graph_added_to_summary = False


class _StepCounter(LooperThread):
    """TF's SVStepCounterThread: a `global_step/sec` summary each period."""

    def __init__(self, sv, sess):
        super().__init__(sv.coord, sv.save_summaries_secs)
        self._sv, self._sess = sv, sess
        self._tag = f"{sv.global_step.op.name}/sec"

    def start_loop(self):
        self._last_time = time.time()
        self._last_step = int(self._sess.run(self._sv.global_step))

    def run_loop(self):
        from tensorboard.compat.proto.summary_pb2 import Summary
        now, step = time.time(), int(self._sess.run(self._sv.global_step))
        elapsed = now - self._last_time
        self._last_time, added = now, step - self._last_step
        self._last_step = step
        if elapsed > 0 and self._sv.summary_writer is not None:
            summary = Summary(value=[Summary.Value(tag=self._tag, simple_value=added / elapsed)])
            self._sv.summary_writer.add_summary(summary, step)
