"""`Session`, `InteractiveSession` and the default-session stack, with TF 1.x's rules and texts.

A session owns the values of the variables it initialised (two sessions on one graph hold
separate values), its random generators and its placement records. `run` resolves a nested
fetch structure, checks feeds, takes a cached plan and drains the executor.
"""
from __future__ import annotations

import contextlib
import threading
import time
import warnings
import weakref

import numpy as np

from .config import ConfigProto, GPUOptions, RunOptions, fill_step_stats
from .executor import Execution, build_plan
from .fetches import feed_value, flatten_fetches
from .graph import Graph, _default_graph_stack, get_default_graph, reset_default_graph
from .session_placer import SessionPlacer
from .stepping import Steps
from .tensor import Operation, Tensor

__all__ = ["Session", "InteractiveSession", "get_default_session", "open_sessions", "all_sessions", "reset",
           "register_target_scheme"]

_all_sessions = weakref.WeakSet()
# "grpc://" -> a callable(session, target) returning the session's remote runtime (the runtime
# lives above the engine, in nbgraph/distributed/, and is imported only when a target uses it)
_target_schemes = {}


def register_target_scheme(prefix: str, attach) -> None:
    """Lets `Session(target)` with `target` starting with `prefix` run on a remote runtime:
    `attach(session, target)` returns an object with `devices(config)`, `client_device` and
    `execution(plan, ctx, feed_values, **kw)` (an iterable of StepRecords with `.results`)."""
    _target_schemes[prefix] = attach


def _attach(session, target):
    if isinstance(target, bytes):
        target = target.decode()
    if not target:
        return None
    for prefix, attach in _target_schemes.items():
        if target.startswith(prefix):
            return attach(session, target)
    from .errors import NotFoundError
    extra = "" if not session._config.operation_timeout_in_ms else \
        f" config: operation_timeout_in_ms: {session._config.operation_timeout_in_ms}"
    raise NotFoundError(None, None, f'No session factory registered for the given session options: {{target: '
                                    f'"{target}"{extra}}} Registered factories are {{DIRECT_SESSION, GRPC_SESSION}}.')


def all_sessions() -> list[BaseSession]:
    """Every session still alive (not yet garbage), oldest first, closed ones included."""
    return sorted(list(_all_sessions), key=lambda s: s._serial)


def open_sessions() -> list[BaseSession]:
    """Every session not yet closed, oldest first."""
    return [s for s in all_sessions() if not s._closed]


def reset(*, close_all: bool = False, force: bool = False) -> list[BaseSession]:
    """A fresh default graph with the interactive sessions closed (every open session with
    `close_all`); returns the sessions it closed. Inside a `with graph.as_default():` block
    it refuses (RuntimeError) unless `force`, which first leaves every such block and every
    `with sess.as_default():` block (a lesson restart, a test's fresh start)."""
    if _default_graph_stack.stack and not force:
        raise RuntimeError("cannot reset inside `with graph.as_default():`; leave the block first")
    closing = [s for s in open_sessions() if close_all or isinstance(s, InteractiveSession)]
    for s in closing:
        s.close()
    if force:
        _default_session_stack.stack.clear()
        _default_graph_stack.stack.clear()
    reset_default_graph()
    return closing


class RunContext:
    """Per-session state that kernels read and write."""

    def __init__(self):
        self.variables = {}   # VariableV2 op -> ndarray
        self.counters = {}    # per-op counters (Print's first_n)
        self.closed = False   # set when the session closes: blocked queue waits give up
        self._rngs = {}

    def rng(self, op):
        g = self._rngs.get(op)
        if g is None:
            s1, s2 = op._attrs.get("seed", 0), op._attrs.get("seed2", 0)
            seq = np.random.SeedSequence([s1, s2]) if (s1 or s2) else np.random.SeedSequence()
            g = self._rngs[op] = np.random.default_rng(seq)
        return g


class _DefaultSessionStack(threading.local):
    def __init__(self):
        self.stack = []


_default_session_stack = _DefaultSessionStack()


def get_default_session():
    stack = _default_session_stack.stack
    return stack[-1] if stack else None


_serials = iter(range(1, 1 << 62))
_uses = iter(range(1, 1 << 62))   # `last_used` stamps: a larger one is a later use


class BaseSession:
    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            graph = get_default_graph()
        elif not isinstance(graph, Graph):
            raise TypeError(f"graph must be a tf.Graph, but got {type(graph)}")
        if config is None:
            config = ConfigProto()
        elif not isinstance(config, ConfigProto):
            raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
        if not isinstance(target, (str, bytes)):
            raise TypeError(f"target must be a string, but got {type(target)}")
        self._graph = graph
        self._config = config
        self._target = target
        self._closed = False
        self._plans = {}
        self._lock = threading.Lock()
        self._ctx = RunContext()
        self._serial = next(_serials)
        self._last_used = next(_uses)
        self._label = ""  # who opened it, when not the user (the stepper's own session)
        self._remote = _attach(self, target)  # a cluster's runtime for `grpc://` targets, else None
        self._default_graph_cm = None
        self._default_session_cm = None
        self._placer = SessionPlacer(self)
        _all_sessions.add(self)

    # -- properties ---------------------------------------------------------------------------
    graph = property(lambda self: self._graph)

    @property
    def graph_def(self):
        """`sess.graph_def`: the GraphDef of the session's graph (nbgraph/formats/graph_def.py)."""
        infer = getattr(getattr(self._config, "graph_options", None), "infer_shapes", False)
        return self._graph.as_graph_def(add_shapes=bool(infer))
    sess_str = property(lambda self: self._target)

    @property
    def placement_log(self):
        """Every placement decision this session made, as `PlacementRecord`s (a read-only view:
        O(1) to take, fixed at the length it had then)."""
        from .placement_log import PlacementLog
        return PlacementLog(self._placer.records)

    @property
    def config(self) -> ConfigProto:
        return self._config

    # -- what the layers above read (render, ipython, tutor) ------------------------------------
    @property
    def serial(self) -> int:
        """This session's number in the process (1 for the first session made)."""
        return self._serial

    @property
    def label(self) -> str:
        """Who opened the session when not the user ('' otherwise), e.g. the stepper's own."""
        return self._label

    @label.setter
    def label(self, text: str):
        self._label = str(text)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def last_used(self) -> int:
        """When the session was last used: a stamp taken at creation and at every `run`, `eval`
        or stepping; of two sessions, the one with the larger stamp was used more recently."""
        return self._last_used

    def initialized_variables(self) -> dict:
        """{VariableV2 operation: its value} for every variable initialised in this session, in
        the order they were initialised. The arrays are the session's own: read, do not write."""
        return dict(self._ctx.variables)

    def placed_device(self, op) -> str | None:
        """The full device name this session placed `op` on, or None when it has not placed it."""
        record = self._placer.latest(op)
        return None if record is None else record.assigned

    def steps(self, fetches, feed_dict=None, *, close_when_done: bool = False):
        """A `Steps`: one run of `fetches`, evaluated a node at a time on request, with each
        node's inputs and output kept (see engine/stepping.py). With `close_when_done` the
        session closes once the run finishes or fails (a session opened for the stepping)."""
        execution, _ = self._start(fetches, feed_dict, keep_values=True)
        return Steps(self, execution, close_when_done=close_when_done)

    def list_devices(self):
        return self._placer.device_attributes()

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self):
        self._closed = True
        self._ctx.closed = True

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    def as_default(self):
        return _session_controller(self)

    def __enter__(self):
        if self._default_graph_cm is not None:
            raise RuntimeError("Session context managers are not re-entrant. Use `Session.as_default()` "
                               "if you want to enter a session multiple times.")
        self._default_graph_cm = self._graph.as_default()
        self._default_session_cm = self.as_default()
        self._default_graph_cm.__enter__()
        return self._default_session_cm.__enter__()

    def __exit__(self, exc_type, exc_value, tb):
        try:
            self._default_session_cm.__exit__(exc_type, exc_value, tb)
            self._default_graph_cm.__exit__(exc_type, exc_value, tb)
        finally:
            self._default_session_cm = self._default_graph_cm = None
            self.close()

    # -- running --------------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Evaluates `fetches` (a tensor, op, name, or any nesting of list/tuple/namedtuple/dict)."""
        trace = options is not None and run_metadata is not None and options.trace_level == RunOptions.FULL_TRACE
        execution, rebuild = self._start(fetches, feed_dict, options, records=trace)
        if trace:
            start = time.time()
            with np.errstate(all="ignore"):
                records = list(execution)
            fill_step_stats(run_metadata, records, start)
        else:
            with np.errstate(all="ignore"):  # TF gives inf/nan/wrapped casts silently
                execution.run()
        if run_metadata is not None and options is not None and (trace or options.output_partition_graphs):
            run_metadata.placement.extend(execution.placement.records)  # placement records, when asked
        return rebuild(execution.results)

    def _start(self, fetches, feed_dict, options=None, keep_values=False, records=True):
        """Checks a run's arguments and returns (Execution, rebuild) — shared with the stepper."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        self._last_used = next(_uses)
        if self._graph.version == 0:
            raise RuntimeError("The Session graph is empty.  Add operations to the graph before calling run().")
        single = type(fetches) is Tensor and fetches._op._graph is self._graph
        one_op = not single and type(fetches) is Operation and fetches._graph is self._graph
        if single:  # the common cases: no structure to flatten or rebuild
            tensors, targets = (fetches,), ()
        elif one_op:  # a train op: run for its effect, `None` back
            tensors, targets = (), (fetches,)
        else:
            elements, rebuild = flatten_fetches(self._graph, fetches)
            tensors = tuple(e for e in elements if isinstance(e, Tensor))
            targets = tuple(e for e in elements if not isinstance(e, Tensor))
        if self._graph._unfetchable:
            _check_fetchable(self._graph, tensors, targets)
        feed_tensors, feed_values = self._feeds(feed_dict) if feed_dict else ((), [])
        key = (tensors, targets, tuple(feed_tensors), self._graph._structure_version)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key)
                if plan is None:
                    plan = build_plan(self._graph, tensors, targets, feed_tensors)
                    self._plans[key] = plan
        placement = self._placer.place(plan)
        timeout = (options.timeout_in_ms if options is not None and options.timeout_in_ms else 0) \
            or self._config.operation_timeout_in_ms
        deadline = time.perf_counter() + timeout / 1000.0 if timeout > 0 else None
        run = Execution if self._remote is None else self._remote.execution
        execution = run(plan, self._ctx, feed_values, placement=placement, keep_values=keep_values, deadline=deadline,
                        records=records)
        if one_op:
            return execution, _nothing
        fed = dict(zip(feed_tensors, feed_values)) if feed_tensors else {}
        if single:
            if fetches in fed:  # TF hands back a fetched fed tensor's fed array itself
                return execution, lambda results: fed[fetches]
            return execution, _fetched_first
        index = {e: i for i, e in enumerate(tensors)}

        def finish(results):
            # TF hands back a fetched fed tensor's fed array itself (a 0-d array stays one)
            values = {e: fed[e] if e in fed else _fetched(results[index[e]]) for e in tensors}
            return rebuild(values)
        return execution, finish

    def _feeds(self, feed_dict):
        if not feed_dict:
            return [], []
        tensors, values = [], []
        items = []
        for key, value in _flatten_feed_items(feed_dict).items():  # a SparseTensor key feeds its three tensors
            items.extend(key._feed_components(value) if hasattr(key, "_feed_components") else [(key, value)])
        for key, value in items:
            try:
                t = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
            except Exception as e:  # noqa: BLE001 - TF re-raises every lookup failure as TypeError
                raise TypeError(f"Cannot interpret feed_dict key as Tensor: {e.args[0]}") from None
            if isinstance(value, Tensor) or hasattr(value, "_as_graph_element"):
                raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
                                "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, "
                                f"the tensor object was {value} which was passed to the feed with key {t}.")
            values.append(feed_value(t, value))
            tensors.append(t)
        return tensors, values

    def partial_run_setup(self, fetches, feeds=None):
        raise NotImplementedError("partial_run is not supported by nbgraph")

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        if feed_list is not None and not isinstance(feed_list, (list, tuple)):
            raise TypeError("`feed_list` must be a list or tuple.")
        feed_list = list(feed_list or [])

        def call(*args, **kwargs):
            # TF 1.x zips: missing values leave their tensors unfed, extra ones are ignored
            return self.run(fetches, dict(zip(feed_list, args)), **kwargs)
        return call


def _flat(structure) -> list:
    """TF's `nest.flatten`: lists, tuples (namedtuples such as LSTMStateTuple) and dicts (sorted
    keys) nest; anything else is one element."""
    if isinstance(structure, dict):
        return [c for k in sorted(structure) for c in _flat(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [c for s in structure for c in _flat(s)]
    return [structure]


def _flatten_feed_items(feed_dict) -> dict:
    """TF's `nest.flatten_dict_items`: a tuple key (an RNN's state tuple) feeds its tensors from the
    matching parts of its value."""
    flat = {}
    for key, value in feed_dict.items():
        if not isinstance(key, tuple):
            if key in flat:
                raise ValueError(f"Could not flatten dictionary: key {key} is not unique.")
            flat[key] = value
            continue
        keys, values = _flat(key), _flat(value)
        if len(keys) != len(values):
            raise ValueError(f"Could not flatten dictionary. Key had {len(keys)} elements, but value had "
                             f"{len(values)} elements. Key: {keys}, value: {values}.")
        for k, v in zip(keys, values):
            if k in flat:
                raise ValueError(f"Could not flatten dictionary: key {k} is not unique.")
            flat[k] = v
    return flat


def _check_fetchable(graph, tensors, targets):
    """TF refuses to fetch an op inside a cond branch or a while loop."""
    for e in tensors + targets:
        op = getattr(e, "_op", e)
        if op in graph._unfetchable:
            raise ValueError(f"Operation {op.name!r} has been marked as not fetchable.")


def _nothing(results):
    return None


def _fetched_first(results):
    return _fetched(results[0])


def _fetched(v):
    """What `run` hands back: a private copy (never session state), scalars as numpy scalars."""
    if isinstance(v, np.ndarray):
        return v[()] if v.ndim == 0 else v.copy()
    return v


@contextlib.contextmanager
def _session_controller(session):
    stack = _default_session_stack.stack
    stack.append(session)
    try:
        yield session
    finally:
        if stack and stack[-1] is session:
            stack.pop()
        elif session in stack:
            stack.remove(session)


class Session(BaseSession):
    """`tf.Session(target='', graph=None, config=None)`."""


class InteractiveSession(BaseSession):
    """A session that installs itself as the default on construction (for shells/notebooks)."""

    _count_lock = threading.RLock()  # close() may run from __del__ while __init__ holds it
    _active_session_count = 0

    def __init__(self, target="", graph=None, config=None):
        if not config:
            config = ConfigProto(gpu_options=GPUOptions(allow_growth=True))
        if isinstance(config, ConfigProto):
            config.graph_options.place_pruned_graph = True  # TF mutates the caller's config too
        super().__init__(target, graph, config)
        with InteractiveSession._count_lock:
            if InteractiveSession._active_session_count > 0:
                warnings.warn("An interactive session is already active. This can cause out-of-memory errors "
                              "in some cases. You must explicitly call `InteractiveSession.close()` to release "
                              "resources held by the other session(s).", stacklevel=2)
            InteractiveSession._active_session_count += 1
        self._explicitly_closed = False
        self._default_session_ctx = self.as_default()
        self._default_session_ctx.__enter__()
        self._explicit_graph = graph
        self._default_graph_ctx = None
        if graph is not None:
            self._default_graph_ctx = graph.as_default()
            self._default_graph_ctx.__enter__()

    def close(self):
        super().close()
        with InteractiveSession._count_lock:
            if getattr(self, "_explicitly_closed", True):
                return
            InteractiveSession._active_session_count -= 1
            self._explicitly_closed = True
        if self._default_graph_ctx is not None:
            self._default_graph_ctx.__exit__(None, None, None)
            self._default_graph_ctx = None
        self._default_session_ctx.__exit__(None, None, None)
        self._default_session_ctx = None



def _eval_using_default_session(tensors, feed_dict, graph, session=None):
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError("Cannot evaluate tensor using `eval()`: No default session is registered. Use "
                             "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`")
        if session.graph is not graph:
            raise ValueError("Cannot use the default session to evaluate tensor: the tensor's graph is different "
                             "from the session's graph. Pass an explicit session to `eval(session=sess)`.")
    elif session.graph is not graph:
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is different from "
                         "the session's graph.")
    return session.run(tensors, feed_dict)


def _run_using_default_session(operation, feed_dict, graph, session=None):
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError("Cannot execute operation using `run()`: No default session is registered. Use "
                             "`with sess.as_default():` or pass an explicit session to `run(session=sess)`")
        if session.graph is not graph:
            raise ValueError("Cannot use the default session to execute operation: the operation's graph is "
                             "different from the session's graph. Pass an explicit session to run(session=sess).")
    elif session.graph is not graph:
        raise ValueError("Cannot use the given session to execute operation: the operation's graph is different "
                         "from the session's graph.")
    session.run(operation, feed_dict)
