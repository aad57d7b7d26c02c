"""`tf.train.MonitoredTrainingSession`, `MonitoredSession`, `SingularMonitoredSession`, `Scaffold`
and the session creators, as TF 1.15 has them (monitored_session.py), without recovery from
preempted workers.

A monitored session calls every hook's `begin()`, finalizes the graph (the scaffold adds the
init, ready, local-init, saver and summary ops first), creates the session (restoring the
latest checkpoint of `checkpoint_dir`, else running the init op), then wraps each `run` in the
hooks' `before_run`/`after_run`. `with` ends quietly on `OutOfRangeError` (a finished dataset),
and closing calls the hooks' `end()` and un-finalizes a graph it finalized."""
from __future__ import annotations

from .. import tf_logging as logging
from ..engine import errors
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.session import Session
from . import basic_hooks
from .coordinator import Coordinator
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

USE_DEFAULT = object()


class Scaffold:
    """The ops a monitored session needs, made by `finalize()` when not given."""

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None, copy_from_scaffold=None):
        self._init_op, self._init_feed_dict, self._user_init_fn = init_op, init_feed_dict, init_fn
        self._ready_op, self._ready_for_local_init_op = ready_op, ready_for_local_init_op
        self._local_init_op, self._summary_op, self._saver = local_init_op, summary_op, saver

    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)

    def init_fn(self, sess):
        if self._user_init_fn is not None:
            self._user_init_fn(self, sess)

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        g = get_default_graph()
        found = g.get_collection(collection_key)
        if len(found) > 1:
            raise RuntimeError(f"More than one item in the collection \"{collection_key}\". Please indicate which "
                               f"one to use by passing it to the tf.Scaffold constructor as:  "
                               f"tf.Scaffold({arg_name}=item to use)")
        if found:
            return found[0]
        op = default_constructor()
        if op is not None:
            g.add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op():
        from ..engine.ops.control_ops import group
        from ..engine.variables import local_variables_initializer
        return group(local_variables_initializer())

    def finalize(self):
        """Creates the ops not given, then finalizes the default graph."""
        g = get_default_graph()
        from ..engine.variables import global_variables_initializer, report_uninitialized_variables
        if self._init_op is None:
            self._init_op = Scaffold.get_or_default("init_op", GraphKeys.INIT_OP, global_variables_initializer)
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default("ready_op", GraphKeys.READY_OP, report_uninitialized_variables)
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default("local_init_op", GraphKeys.LOCAL_INIT_OP,
                                                          Scaffold.default_local_init_op)
        if self._summary_op is None:
            from ..summary import merge_all
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP, merge_all)
        if self._saver is None:
            from ..engine.variables import global_variables

            def make_saver():
                if not global_variables():
                    return None
                from .saver import Saver
                return Saver(sharded=False, allow_empty=True)
            self._saver = Scaffold.get_or_default("saver", GraphKeys.SAVERS, make_saver)
        g.finalize()
        return self


def _run_local_init_op(sess, scaffold):
    if scaffold.local_init_op is not None:
        logging.info("Running local_init_op.")
        sess.run(scaffold.local_init_op)
        logging.info("Done running local_init_op.")


class ChiefSessionCreator:
    """Creates the session and initialises it: restore the latest checkpoint of `checkpoint_dir`
    (or `checkpoint_filename_with_path`), else run the scaffold's init op and init_fn; then the
    local init op."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._scaffold = scaffold or Scaffold()
        self._master, self._config = master, config
        self._checkpoint_dir, self._checkpoint_filename = checkpoint_dir, checkpoint_filename_with_path

    def create_session(self):
        self._scaffold.finalize()
        logging.info("Graph was finalized.")
        sess = Session(self._master, config=self._config)
        path = self._checkpoint_filename
        if path is None and self._checkpoint_dir:
            from .checkpoint_management import latest_checkpoint
            path = latest_checkpoint(self._checkpoint_dir)
        if path is not None and self._scaffold.saver is not None:
            self._scaffold.saver.restore(sess, path)
        else:
            if self._scaffold.init_op is not None:
                sess.run(self._scaffold.init_op, feed_dict=self._scaffold.init_feed_dict)
            self._scaffold.init_fn(sess)
        _run_local_init_op(sess, self._scaffold)
        return sess


class WorkerSessionCreator(ChiefSessionCreator):
    """A non-chief's session: variables are the chief's to initialise; runs the local init op."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        super().__init__(scaffold, master, config)

    def create_session(self):
        self._scaffold.finalize()
        sess = Session(self._master, config=self._config)
        _run_local_init_op(sess, self._scaffold)
        return sess


class _MonitoredSession:
    def __init__(self, session_creator, hooks, stop_grace_period_secs=120):
        self._graph_was_finalized = get_default_graph().finalized
        self._hooks = list(hooks or [])
        for h in self._hooks:
            h.begin()
        self._sess = session_creator.create_session()
        self._coord = Coordinator()
        if get_default_graph().get_collection(GraphKeys.QUEUE_RUNNERS):
            from .queue_runner import start_queue_runners
            start_queue_runners(sess=self._sess, coord=self._coord)
        for h in self._hooks:
            h.after_create_session(self._sess, self._coord)
        self._should_stop = False

    graph = property(lambda self: self._sess.graph if self._sess is not None else None)

    def _tf_sess(self):
        if self._sess is None:
            raise RuntimeError("Session is already closed.")
        return self._sess

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs `fetches` with every hook's extra fetches and feeds; returns the caller's values."""
        if self._should_stop:
            raise RuntimeError("Run called even after should_stop requested.")
        sess = self._tf_sess()
        run_context = SessionRunContext(original_args=SessionRunArgs(fetches, feed_dict), session=sess)
        hook_fetches, merged_feed = {}, dict(feed_dict or {})
        for h in self._hooks:
            request = h.before_run(run_context)
            if request is None:
                continue
            if request.fetches is not None:
                hook_fetches[h] = request.fetches
            if request.feed_dict:
                conflicts = [key for key in request.feed_dict if feed_dict and key in feed_dict]
                if conflicts:
                    raise RuntimeError("Same tensor is fed by a SessionRunHook and user. Conflict(s): "
                                       + str(conflicts))
                conflicts = [key for key in request.feed_dict if key in merged_feed]
                if conflicts:
                    raise RuntimeError("Same tensor is fed by two hooks. Conflict(s): " + str(conflicts))
                merged_feed.update(request.feed_dict)
        try:
            outputs = sess.run({"caller": fetches, **{id(h): f for h, f in hook_fetches.items()}},
                               feed_dict=merged_feed or None, options=options, run_metadata=run_metadata)
        except Exception:
            self._should_stop = True
            self._coord.request_stop()
            raise
        for h in self._hooks:
            h.after_run(run_context, SessionRunValues(results=outputs.get(id(h)), options=options,
                                                      run_metadata=run_metadata))
        self._should_stop = self._should_stop or run_context.stop_requested
        return outputs["caller"]

    def run_step_fn(self, step_fn):
        """Calls `step_fn(step_context)`; `step_context.run_with_hooks` is this session's `run`."""
        monitored = self

        class _StepContext:
            session = property(lambda ctx: monitored._tf_sess())

            def run_with_hooks(ctx, *args, **kwargs):
                return monitored.run(*args, **kwargs)

            def request_stop(ctx):
                monitored._should_stop = True

        return step_fn(_StepContext())

    def should_stop(self) -> bool:
        return self._should_stop or self._sess is None or self._coord.should_stop()

    def close(self):
        self._close_internal()

    def _close_internal(self, exception_type=None):
        try:
            if not exception_type:
                for h in self._hooks:
                    h.end(self._tf_sess())
        finally:
            try:
                self._tf_sess().close()
            finally:
                self._sess = None
                self._coord.request_stop()
                if not self._graph_was_finalized:
                    get_default_graph()._unsafe_unfinalize()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None
        self._close_internal(exception_type)
        return exception_type is None


class MonitoredSession(_MonitoredSession):
    """`tf.train.MonitoredSession(session_creator=None, hooks=None, stop_grace_period_secs=120)`."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator or ChiefSessionCreator(), hooks, stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A chief's monitored session that also hands out its plain session (`raw_session()`)."""

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir,
                                      checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(creator, hooks, stop_grace_period_secs)

    def raw_session(self):
        return self._tf_sess()


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None, scaffold=None, hooks=None,  # noqa: N802
                             chief_only_hooks=None, save_checkpoint_secs=USE_DEFAULT,
                             save_summaries_steps=USE_DEFAULT, save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100, max_wait_secs=7200,
                             save_checkpoint_steps=USE_DEFAULT, summary_dir=None):
    """A `MonitoredSession` for training: the chief initialises or restores from `checkpoint_dir`
    and, given a directory, saves checkpoints (every 600 s by default), summaries (every 100
    steps) and logs global steps per second."""
    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    elif save_summaries_secs is USE_DEFAULT:
        save_summaries_secs = None
    elif save_summaries_steps is USE_DEFAULT:
        save_summaries_steps = None
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None
    scaffold = scaffold or Scaffold()
    if not is_chief:
        return MonitoredSession(WorkerSessionCreator(scaffold, master, config, max_wait_secs), hooks,
                                stop_grace_period_secs)
    # TF's order: chief-only hooks, the step counter, summary and checkpoint savers, then `hooks`
    all_hooks = list(chief_only_hooks or [])
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir, master=master, config=config)
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(basic_hooks.StepCounterHook(output_dir=summary_dir, every_n_steps=log_step_count_steps))
        if (save_summaries_steps and save_summaries_steps > 0) or (save_summaries_secs and save_summaries_secs > 0):
            all_hooks.append(basic_hooks.SummarySaverHook(scaffold=scaffold, save_steps=save_summaries_steps,
                                                          save_secs=save_summaries_secs, output_dir=summary_dir))
    if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0) or
                           (save_checkpoint_steps and save_checkpoint_steps > 0)):
        all_hooks.append(basic_hooks.CheckpointSaverHook(checkpoint_dir, save_steps=save_checkpoint_steps,
                                                         save_secs=save_checkpoint_secs, scaffold=scaffold))
    all_hooks.extend(hooks or [])
    return MonitoredSession(creator, all_hooks, stop_grace_period_secs)


__all__ = ["Scaffold", "ChiefSessionCreator", "WorkerSessionCreator", "MonitoredSession",
           "SingularMonitoredSession", "MonitoredTrainingSession"]
