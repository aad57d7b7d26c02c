"""`engine/session.py` and `engine/fetches.py`: session lifecycle and the default-session
rules, fetch structures, feeds, TF's error texts, copies and scalars, threads, Ctrl-C,
timeouts and tracing."""
from __future__ import annotations

import collections
import sys
import threading
import time
import warnings

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import session as session_mod

NT = collections.namedtuple("NT", "x y")


@pytest.fixture
def lesson():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([3.0, 4.0], name="b")
    return a, b, tf.add(a, b)


# -- lifecycle and the default session ----------------------------------------------------------
def test_with_block_makes_session_and_graph_default_and_closes(lesson):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    assert tf.get_default_session() is None
    with tf.Session(graph=g) as s:
        assert tf.get_default_session() is s
        assert tf.get_default_graph() is g
        assert c.eval() == 1.0
    assert tf.get_default_session() is None
    assert tf.get_default_graph() is not g
    with pytest.raises(RuntimeError) as e:
        s.run(c)
    assert str(e.value) == "Attempted to use a closed Session."


def test_as_default_does_not_close(lesson):
    _, _, c = lesson
    s = tf.Session()
    with s.as_default():
        assert tf.get_default_session() is s
        assert c.eval().tolist() == [4.0, 6.0]
        assert c.op.run() is None
    assert tf.get_default_session() is None
    assert s.run(c).tolist() == [4.0, 6.0]
    s.close()
    s.close()  # closing twice is fine
    with pytest.raises(RuntimeError) as e:
        c.eval(session=s)
    assert str(e.value) == "Attempted to use a closed Session."


def test_session_properties(lesson):
    s = tf.Session()
    assert s.graph is tf.get_default_graph()
    assert s.sess_str == ""
    assert isinstance(s.config, tf.ConfigProto)
    assert s in session_mod.open_sessions()
    s.close()
    assert s not in session_mod.open_sessions()


def test_session_argument_errors(lesson):
    with pytest.raises(TypeError) as e:
        tf.Session(graph=3)
    assert str(e.value) == "graph must be a tf.Graph, but got <class 'int'>"
    with pytest.raises(TypeError, match=r"^config must be a tf\.ConfigProto, but got <class 'int'>$"):
        tf.Session(config=3)


def test_session_with_block_is_not_reentrant(lesson):
    s = tf.Session()
    with s:
        with pytest.raises(RuntimeError) as e:
            with s:
                pass
    assert str(e.value) == ("Session context managers are not re-entrant. Use `Session.as_default()` if you "
                            "want to enter a session multiple times.")


def test_empty_graph_cannot_run():
    with tf.Session() as s:
        with pytest.raises(RuntimeError) as e:
            s.run([])
    assert str(e.value) == "The Session graph is empty.  Add operations to the graph before calling run()."


def test_interactive_session_installs_itself(lesson):
    _, _, c = lesson
    s = tf.InteractiveSession()
    assert tf.get_default_session() is s
    assert c.eval().tolist() == [4.0, 6.0]
    assert s.config.gpu_options.allow_growth and s.config.graph_options.place_pruned_graph
    s.close()
    assert tf.get_default_session() is None


def test_second_interactive_session_warns(lesson):
    first = tf.InteractiveSession()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        second = tf.InteractiveSession()
    assert [w.category for w in caught] == [UserWarning]
    assert str(caught[0].message) == (
        "An interactive session is already active. This can cause out-of-memory errors in some cases. You must "
        "explicitly call `InteractiveSession.close()` to release resources held by the other session(s).")
    assert tf.get_default_session() is second
    second.close()
    assert tf.get_default_session() is first
    first.close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        third = tf.InteractiveSession()
    assert caught == []  # none open any more
    third.close()


def test_interactive_session_with_its_own_graph():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(5.0)
    s = tf.InteractiveSession(graph=g)
    assert tf.get_default_graph() is g and c.eval() == 5.0
    s.close()
    assert tf.get_default_graph() is not g


# -- eval() and Operation.run() without the right default session ------------------------------
def test_eval_and_run_without_a_default_session(lesson):
    _, _, c = lesson
    with pytest.raises(ValueError) as e:
        c.eval()
    assert str(e.value) == ("Cannot evaluate tensor using `eval()`: No default session is registered. Use `with "
                            "sess.as_default()` or pass an explicit session to `eval(session=sess)`")
    with pytest.raises(ValueError) as e:
        c.op.run()
    assert str(e.value) == ("Cannot execute operation using `run()`: No default session is registered. Use `with "
                            "sess.as_default():` or pass an explicit session to `run(session=sess)`")


def test_eval_and_run_with_a_session_on_another_graph(lesson):
    _, _, c = lesson
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    other = tf.Session(graph=g)
    with other.as_default():
        with pytest.raises(ValueError) as e:
            c.eval()
        assert str(e.value) == ("Cannot use the default session to evaluate tensor: the tensor's graph is different "
                                "from the session's graph. Pass an explicit session to `eval(session=sess)`.")
        with pytest.raises(ValueError) as e:
            c.op.run()
        assert str(e.value) == ("Cannot use the default session to execute operation: the operation's graph is "
                                "different from the session's graph. Pass an explicit session to "
                                "run(session=sess).")
    with pytest.raises(ValueError) as e:
        c.eval(session=other)
    assert str(e.value) == ("Cannot use the given session to evaluate tensor: the tensor's graph is different from "
                            "the session's graph.")
    with pytest.raises(ValueError) as e:
        c.op.run(session=other)
    assert str(e.value) == ("Cannot use the given session to execute operation: the operation's graph is different "
                            "from the session's graph.")


def test_operation_run_and_eval_with_feeds():
    v = tf.Variable(0.0, name="v")
    p = tf.placeholder(tf.float32, [], name="p")
    set_v = tf.assign(v, p)
    with tf.Session() as s:
        assert set_v.op.run(feed_dict={p: 7.0}) is None
        assert v.eval() == 7.0
        assert (p * 2.0).eval(feed_dict={p: 3.0}) == 6.0
        assert (p * 2.0).eval({p: 4.0}, session=s) == 8.0


# -- fetches -------------------------------------------------------------------------------------
def test_fetch_structures(lesson):
    a, b, c = lesson
    s3 = tf.constant(3, name="s3")
    with tf.Session() as s:
        got = s.run({"k": c, "j": [a, s3]})
        assert type(got) is dict and list(got) == ["k", "j"]
        assert got["k"].tolist() == [4.0, 6.0] and got["j"][0].tolist() == [1.0, 2.0] and got["j"][1] == 3
        nt = s.run(NT(a, c))
        assert type(nt) is NT and nt.x.tolist() == [1.0, 2.0] and nt.y.tolist() == [4.0, 6.0]
        tup = s.run((a, (c,)))
        assert type(tup) is tuple and type(tup[1]) is tuple and tup[1][0].tolist() == [4.0, 6.0]
        od = s.run(collections.OrderedDict([("z", a), ("a", c)]))
        assert type(od) is collections.OrderedDict and list(od) == ["z", "a"]
        assert od["a"].tolist() == [4.0, 6.0]
        dd = s.run(collections.defaultdict(list, {"c": c}))
        assert type(dd) is collections.defaultdict and dd["c"].tolist() == [4.0, 6.0]
        assert dd.default_factory is list
        assert s.run([]) == [] and s.run({}) == {}
        same = s.run([c, c, {"again": c}])
        assert same[0].tolist() == same[1].tolist() == same[2]["again"].tolist() == [4.0, 6.0]


def test_ops_and_names_as_fetches(lesson):
    a, b, c = lesson
    with tf.Session() as s:
        assert s.run(c.op) is None
        assert s.run([c, c.op]) == [pytest.approx([4.0, 6.0]), None]
        assert s.run("Add:0").tolist() == [4.0, 6.0]
        assert s.run("Add") is None
        assert s.run(["a:0", "b"])[1] is None
        v = tf.Variable([5.0], name="v")
        s.run(v.initializer)
        assert s.run(v).tolist() == [5.0]  # a variable fetches its value


@pytest.mark.parametrize("fetch, cls, text", [
    (None, TypeError, "Fetch argument None has invalid type <class 'NoneType'>"),
    (3, TypeError, "Fetch argument 3 has invalid type <class 'int'>, must be a string or Tensor. (Can not convert "
                   "a int into a Tensor or Operation.)"),
    (1.5, TypeError, "Fetch argument 1.5 has invalid type <class 'float'>, must be a string or Tensor. (Can not "
                     "convert a float into a Tensor or Operation.)"),
    ("nope", ValueError, "Fetch argument 'nope' cannot be interpreted as a Tensor. (\"The name 'nope' refers to an "
                         "Operation not in the graph.\")"),
    ("nonexistent:0", ValueError, "Fetch argument 'nonexistent:0' cannot be interpreted as a Tensor. (\"The name "
                                  "'nonexistent:0' refers to a Tensor which does not exist. The operation, "
                                  "'nonexistent', does not exist in the graph.\")"),
    ("Add:1", ValueError, "Fetch argument 'Add:1' cannot be interpreted as a Tensor. (\"The name 'Add:1' refers to "
                          "a Tensor which does not exist. The operation, 'Add', exists but only has 1 outputs.\")"),
])
def test_bad_fetches(lesson, fetch, cls, text):
    _, _, c = lesson
    with tf.Session() as s:
        with pytest.raises(cls) as e:
            s.run(fetch)
        assert str(e.value) == text
        with pytest.raises(cls) as e:
            s.run([c, fetch])  # the same inside a structure
        assert str(e.value) == text


def test_fetch_from_another_graph(lesson):
    g = tf.Graph()
    with g.as_default():
        f = tf.constant(1.0)
    with tf.Session() as s:
        with pytest.raises(ValueError) as e:
            s.run(f)
    assert str(e.value) == ("Fetch argument <tf.Tensor 'Const:0' shape=() dtype=float32> cannot be interpreted as "
                            "a Tensor. (Tensor Tensor(\"Const:0\", shape=(), dtype=float32) is not an element of "
                            "this graph.)")


def test_fetched_arrays_are_copies():
    v = tf.Variable([1.0, 2.0], name="v")
    c = tf.constant([5.0, 6.0])
    with tf.Session() as s:
        s.run(v.initializer)
        got = s.run(v)
        got[0] = 100.0
        assert s.run(v).tolist() == [1.0, 2.0]
        r = s.run(v.value())
        r[:] = 0.0
        assert s.run(v).tolist() == [1.0, 2.0]
        k = s.run(c)
        k[0] = -1.0  # a fetched constant is writable and private
        assert s.run(c).tolist() == [5.0, 6.0]
        assert s.run(v) is not s.run(v)


def test_fetching_a_fed_tensor_returns_the_fed_array():
    p = tf.placeholder(tf.float32, [2])
    q = tf.placeholder_with_default(3, [])
    arr = np.array([1.0, 2.0], np.float32)
    with tf.Session() as s:
        assert s.run(p, {p: arr}) is arr  # TF hands back the fed numpy value itself
        got = s.run(q, {q: 8})
        assert type(got) is np.ndarray and got.shape == () and got == 8
        assert type(s.run(q)) is np.int32


@pytest.mark.parametrize("value, kind", [
    (3, np.int32), (2.5, np.float32), (True, np.bool_), (np.float64(1.0), np.float64), (2 ** 40, np.int64),
])
def test_scalars_come_back_as_numpy_scalars(value, kind):
    with tf.Session() as s:
        got = s.run(tf.constant(value))
    assert type(got) is kind and got == value


def test_string_scalar_comes_back_as_bytes():
    with tf.Session() as s:
        assert s.run(tf.constant("hi")) == b"hi"
        assert s.run(tf.constant(["a", "bc"])).tolist() == [b"a", b"bc"]


# -- feeds ---------------------------------------------------------------------------------------
def test_feeds_by_tensor_and_by_name():
    p = tf.placeholder(tf.float32, [None, 3], name="x")
    y = p * 2.0
    data = [[1.0, 2.0, 3.0]]
    with tf.Session() as s:
        assert s.run(y, {p: data}).tolist() == [[2.0, 4.0, 6.0]]
        assert s.run(y, {"x:0": data}).tolist() == [[2.0, 4.0, 6.0]]
        assert s.run(y, feed_dict={p: np.ones((4, 3))}).shape == (4, 3)


def test_feeding_a_non_placeholder_replaces_it(lesson):
    a, b, c = lesson
    with tf.Session() as s:
        assert s.run(c, {a: [10.0, 20.0]}).tolist() == [13.0, 24.0]
        assert s.run(c).tolist() == [4.0, 6.0]


def test_feed_shape_checks():
    p = tf.placeholder(tf.float32, [None, 3])
    q = tf.placeholder(tf.float32, [2])
    with tf.Session() as s:
        with pytest.raises(ValueError) as e:
            s.run(p, {p: np.zeros((2, 2))})
        assert str(e.value) == "Cannot feed value of shape (2, 2) for Tensor 'Placeholder:0', which has shape '(?, 3)'"
        with pytest.raises(ValueError) as e:
            s.run(q, {q: 1.0})
        assert str(e.value) == "Cannot feed value of shape () for Tensor 'Placeholder_1:0', which has shape '(2,)'"


def test_feed_dtype_conversion_and_checks():
    i = tf.placeholder(tf.int32, [2])
    f = tf.placeholder(tf.float32, [1, 3])
    with tf.Session() as s:
        got = s.run(i, {i: [1.5, 2.5]})  # numpy's conversion truncates, as in TF
        assert got.dtype == np.int32 and got.tolist() == [1, 2]
        with pytest.raises(TypeError) as e:
            s.run(i + 1, {i: 2 ** 40})
        assert str(e.value) == ("Type of feed value 1099511627776 with type <class 'int'> is not compatible with "
                                "Tensor type <class 'numpy.int32'>. Try explicitly setting the type of the feed "
                                "tensor to a larger type (e.g. int64).")
        with pytest.raises(ValueError) as e:
            s.run(f, {f: [["a", "b", "c"]]})
        assert str(e.value).splitlines()[0].startswith("could not convert string to float:")


@pytest.mark.parametrize("key, text", [
    ("x", "Cannot interpret feed_dict key as Tensor: The name 'x' refers to an Operation, not a Tensor. Tensor "
          "names must be of the form \"<op_name>:<output_index>\"."),
    (1, "Cannot interpret feed_dict key as Tensor: Can not convert a int into a Tensor."),
])
def test_bad_feed_keys(key, text):
    p = tf.placeholder(tf.float32, name="x")
    with tf.Session() as s:
        with pytest.raises(TypeError) as e:
            s.run(p, {key: 1.0})
    assert str(e.value) == text


def test_feed_key_from_another_graph():
    p = tf.placeholder(tf.float32, name="x")
    g = tf.Graph()
    with g.as_default():
        other = tf.constant(1.0)
    with tf.Session() as s:
        with pytest.raises(TypeError) as e:
            s.run(p, {other: 1.0})
    assert str(e.value) == ("Cannot interpret feed_dict key as Tensor: Tensor Tensor(\"Const:0\", shape=(), "
                            "dtype=float32) is not an element of this graph.")


def test_feeding_a_tensor_as_the_value_is_refused():
    p = tf.placeholder(tf.float32, [2])
    c = tf.constant([1.0, 2.0])
    with tf.Session() as s:
        with pytest.raises(TypeError) as e:
            s.run(p, {p: c})
    assert str(e.value) == (
        "The value of a feed cannot be a tf.Tensor object. Acceptable feed values include Python scalars, strings, "
        "lists, numpy ndarrays, or TensorHandles. For reference, the tensor object was "
        "Tensor(\"Const:0\", shape=(2,), dtype=float32) which was passed to the feed with key "
        "Tensor(\"Placeholder:0\", shape=(2,), dtype=float32).")


def test_missing_feed_is_an_op_error():
    p = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            s.run(p + 1.0)
    assert str(e.value).splitlines()[0] == ("You must feed a value for placeholder tensor 'x' with dtype float and "
                                            "shape [?,2]")
    assert e.value.op is p.op and e.value.error_code == tf.errors.INVALID_ARGUMENT


# -- threads ---------------------------------------------------------------------------------------
def test_run_from_many_threads_on_one_session():
    p = tf.placeholder(tf.float32, [], name="p")
    v = tf.Variable(10.0, name="v")
    out = p * 2.0 + v
    pair = {"double": p * 2.0, "neg": -p}
    s = tf.Session()
    s.run(v.initializer)
    errors, counts = [], [0] * 8

    def work(k):
        try:
            for i in range(1000):
                x = float(k * 1000 + i)
                got = s.run(out, {p: x}) if i % 2 else s.run(pair, {p: x})
                ok = got == x * 2 + 10 if i % 2 else (got["double"] == 2 * x and got["neg"] == -x)
                if not ok:
                    errors.append((k, i, got))
                counts[k] += 1
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append((k, repr(e)))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=25)  # how long it takes is bench/bench_limits.py's concern
    assert not any(t.is_alive() for t in threads), "a thread's runs never finished"
    assert errors == []
    assert counts == [1000] * 8
    s.close()


# -- Ctrl-C, timeouts and tracing ---------------------------------------------------------------------
def _interrupt_once(op):
    """Makes `op` raise KeyboardInterrupt on its first run, then behave."""
    real = op._opdef.make_kernel(op)
    state = {"calls": 0}

    def kernel(ctx, *args):
        state["calls"] += 1
        if state["calls"] == 1:
            raise KeyboardInterrupt
        return real(ctx, *args)
    op._kernel = kernel
    return state


def test_keyboard_interrupt_propagates_and_the_session_stays_usable():
    v = tf.Variable(1.0, name="v")
    mid = tf.identity(v * 2.0, name="mid")
    out = mid + 1.0
    with tf.Session() as s:
        s.run(v.initializer)
        state = _interrupt_once(mid.op)
        with pytest.raises(KeyboardInterrupt):
            s.run(out)
        assert state["calls"] == 1
        assert s.run(out) == 3.0
        assert s.run(v) == 1.0


def test_keyboard_interrupt_from_print(monkeypatch):
    x = tf.constant([1.0, 2.0])
    p = tf.Print(x, [x], "x ")

    class Interrupting:
        def write(self, text):
            raise KeyboardInterrupt

        def flush(self):
            pass

    with tf.Session() as s:
        monkeypatch.setattr(sys, "stdout", Interrupting())
        with pytest.raises(KeyboardInterrupt):
            s.run(p)
        monkeypatch.undo()
        assert s.run(p * 2.0).tolist() == [2.0, 4.0]


class FakeClock:
    """Stands in for time.perf_counter (and time.monotonic): time moves only when a kernel says
    it took so long, so a deadline test neither sleeps nor depends on the machine's load."""

    def __init__(self):
        self.now, self.reads = 1000.0, 0

    def __call__(self):
        self.reads += 1
        return self.now


@pytest.fixture
def fake_clock(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(time, "perf_counter", clock)
    monkeypatch.setattr(time, "monotonic", clock)
    return clock


def _slow_chain(n, seconds, clock):
    """n Identity ops in a row, each of which takes `seconds` of the fake clock; returns the last
    tensor and the names of the slow ops that ran, in order."""
    ran = []
    t = tf.constant(1.0, name="start")
    for i in range(n):
        t = tf.identity(t, name=f"slow{i}")

        def kernel(ctx, x, _name=f"slow{i}"):
            ran.append(_name)
            clock.now += seconds
            return x
        t.op._kernel = kernel
    return t, ran


def test_operation_timeout_in_ms(fake_clock):
    t, ran = _slow_chain(6, 0.03, fake_clock)
    quick = tf.constant(2.0, name="quick") * 3.0
    with tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=50)) as s:
        with pytest.raises(tf.errors.DeadlineExceededError, match="^Timed out waiting for notification") as e:
            s.run(t)
        assert fake_clock.reads > 0, "the session no longer reads time.perf_counter/monotonic: update FakeClock"
        # 0.03 s after slow0, 0.06 s after slow1: past the 50 ms deadline before slow2 starts
        assert ran == ["slow0", "slow1"]
        assert str(e.value).splitlines()[0] == "Timed out waiting for notification"
        assert e.value.error_code == tf.errors.DEADLINE_EXCEEDED
        assert e.value.op.name == "slow2"
        assert s.run(quick) == 6.0  # still usable


def test_run_options_timeout(fake_clock):
    t, ran = _slow_chain(6, 0.03, fake_clock)
    with tf.Session() as s:
        with pytest.raises(tf.errors.DeadlineExceededError, match="^Timed out waiting for notification") as e:
            s.run(t, options=tf.RunOptions(timeout_in_ms=40))
        assert ran == ["slow0", "slow1"] and e.value.op.name == "slow2"
        ran.clear()
        assert s.run(t) == 1.0  # without the option it finishes
        assert ran == [f"slow{i}" for i in range(6)]
        assert s.run(t, options=tf.RunOptions(timeout_in_ms=10000)) == 1.0


def test_full_trace_fills_step_stats(lesson):
    a, b, c = lesson
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    metadata = tf.RunMetadata()
    with tf.Session() as s:
        assert s.run(c, options=options, run_metadata=metadata).tolist() == [4.0, 6.0]
    dev = metadata.step_stats.dev_stats
    assert [d.device for d in dev] == ["/job:localhost/replica:0/task:0/device:CPU:0"]
    nodes = dev[0].node_stats
    assert [n.node_name for n in nodes] == ["a", "b", "Add"]
    assert [n.timeline_label for n in nodes] == ["a = Const()", "b = Const()", "Add = Add(a, b)"]
    assert all(n.all_start_micros > 0 and n.op_end_rel_micros >= 0 for n in nodes)
    assert metadata.HasField("step_stats")


def test_no_trace_leaves_run_metadata_empty(lesson):
    _, _, c = lesson
    metadata = tf.RunMetadata()
    with tf.Session() as s:
        s.run(c, run_metadata=metadata)
        s.run(c, options=tf.RunOptions(), run_metadata=metadata)
    assert list(metadata.step_stats.dev_stats) == []


def test_make_callable(lesson):
    a, _, c = lesson
    with tf.Session() as s:
        f = s.make_callable(c, feed_list=[a])
        assert f([1.0, 1.0]).tolist() == [4.0, 5.0]
        assert f().tolist() == [4.0, 6.0]  # TF zips: a missing value leaves the tensor unfed
        with pytest.raises(TypeError) as e:
            s.make_callable(c, feed_list=a)
        assert str(e.value) == "`feed_list` must be a list or tuple."


def test_the_innermost_default_session_wins_and_leaving_restores_the_outer_one():
    v = tf.Variable(1.0, name="v")
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer)
    s2.run(v.assign(2.0))
    with s1.as_default():
        with s2.as_default():
            assert tf.get_default_session() is s2 and v.eval() == 2.0
        assert tf.get_default_session() is s1 and v.eval() == 1.0
    assert tf.get_default_session() is None
    with pytest.raises(ValueError, match=r"^Cannot evaluate tensor using `eval\(\)`: No default session is registered"):
        v.eval()


# -- last_used: which session the learner used most recently -------------------------------------
def test_last_used_grows_with_each_run_eval_and_stepping(lesson):
    a, _, result = lesson
    first, second = tf.Session(), tf.Session()
    assert second.last_used > first.last_used            # creation counts as a use
    first.run(result)
    assert first.last_used > second.last_used
    with second.as_default():
        result.eval()
    assert second.last_used > first.last_used
    first.steps(result).advance()
    assert first.last_used > second.last_used
    stamp = first.last_used
    first.close()
    with pytest.raises(RuntimeError):
        first.run(a)
    assert first.last_used == stamp                       # a refused run is no use


def test_a_state_tuple_key_feeds_its_tensors_from_the_matching_value():
    """RNN lessons carry the final state into the next run: `feed_dict={init_state: final_state}`
    with an LSTMStateTuple (or a tuple of them) as the key, as TF's nest.flatten_dict_items allows."""
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.BasicLSTMCell(3)
        init = cell.zero_state(1, tf.float32)
        doubled = init.c * 2.0 + init.h
        pair = (tf.placeholder(tf.float32, [], name="a"), (tf.placeholder(tf.float32, [], name="b"),))
        with tf.Session() as s:
            state = tf.nn.rnn_cell.LSTMStateTuple(np.full((1, 3), 2.0), np.ones((1, 3)))
            np.testing.assert_allclose(s.run(doubled, {init: state}), np.full((1, 3), 5.0))
            assert s.run(pair[0] + pair[1][0], {pair: [1.0, (2.0,)]}) == 3.0
            with pytest.raises(ValueError, match=r"^Could not flatten dictionary\. Key had 2 elements, but value had 1 "
                                                 r"elements\. Key: \[<tf\.Tensor 'BasicLSTMCellZeroState/zeros:0'"):
                s.run(doubled, {init: np.zeros((1, 3))})
            with pytest.raises(ValueError, match=r"^Could not flatten dictionary: key Tensor\(\"a:0\", shape=\(\), "
                                                 r"dtype=float32\) is not unique\.$"):
                s.run(pair[0], {pair: [1.0, (2.0,)], pair[0]: 3.0})
