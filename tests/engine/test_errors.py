"""`nbgraph.errors` mirrors `tf.errors`: every class with TF's code, and the runtime errors the
engine raises carry `.op`, `.node_def`, `.message` and a first line that is TF's message."""
from __future__ import annotations

import pickle

import pytest

import nbgraph as tf
from nbgraph import errors

CODES = {
    "CancelledError": ("CANCELLED", 1), "UnknownError": ("UNKNOWN", 2),
    "InvalidArgumentError": ("INVALID_ARGUMENT", 3), "DeadlineExceededError": ("DEADLINE_EXCEEDED", 4),
    "NotFoundError": ("NOT_FOUND", 5), "AlreadyExistsError": ("ALREADY_EXISTS", 6),
    "PermissionDeniedError": ("PERMISSION_DENIED", 7), "ResourceExhaustedError": ("RESOURCE_EXHAUSTED", 8),
    "FailedPreconditionError": ("FAILED_PRECONDITION", 9), "AbortedError": ("ABORTED", 10),
    "OutOfRangeError": ("OUT_OF_RANGE", 11), "UnimplementedError": ("UNIMPLEMENTED", 12),
    "InternalError": ("INTERNAL", 13), "UnavailableError": ("UNAVAILABLE", 14), "DataLossError": ("DATA_LOSS", 15),
    "UnauthenticatedError": ("UNAUTHENTICATED", 16),
}


def test_tf_errors_is_nbgraph_errors():
    assert tf.errors is errors
    assert errors.OK == 0


@pytest.mark.parametrize("name", sorted(CODES))
def test_every_error_class(name):
    code_name, code = CODES[name]
    cls = getattr(errors, name)
    assert getattr(errors, code_name) == code
    assert issubclass(cls, errors.OpError) and issubclass(cls, Exception)
    assert cls.error_code == code
    assert cls.__name__ == name
    e = cls(None, None, "something broke")
    assert (e.error_code, e.op, e.node_def, e.message, str(e)) == (code, None, None, "something broke",
                                                                     "something broke")
    assert errors.exception_type_from_error_code(code) is cls
    assert errors.error_code_from_exception_type(cls) == code
    with pytest.raises(errors.OpError, match="^something broke$"):
        raise e


def test_op_error_base_class():
    e = errors.OpError(None, None, "msg", errors.ABORTED)
    assert e.error_code == errors.ABORTED and e.message == "msg"
    assert errors.OpError.error_code == errors.UNKNOWN
    back = pickle.loads(pickle.dumps(errors.NotFoundError(None, None, "gone")))
    assert type(back) is errors.NotFoundError and back.message == "gone"


def test_missing_feed_error():
    p = tf.placeholder(tf.float32, [None, 2], name="x")
    y = p * 2.0
    with tf.Session() as s:
        with pytest.raises(errors.InvalidArgumentError) as e:
            s.run(y)
    err = e.value
    assert err.error_code == errors.INVALID_ARGUMENT
    assert err.op is p.op and err.node_def.name == "x" and err.node_def.op == "Placeholder"
    first, second = err.message.splitlines()
    assert first == "You must feed a value for placeholder tensor 'x' with dtype float and shape [?,2]"
    assert second.startswith("\t [[node x (defined at test_errors.py:") and second.endswith(") ]]")
    assert str(err) == err.message


def test_uninitialized_variable_error():
    v = tf.Variable([1.0], name="v")
    with tf.Session() as s:
        with pytest.raises(errors.FailedPreconditionError) as e:
            s.run(v + 1.0)
    err = e.value
    assert err.error_code == errors.FAILED_PRECONDITION == 9
    assert err.message.splitlines()[0] == "Attempting to use uninitialized value v"
    assert err.op.name == "v/read" and err.node_def.name == "v/read"


def test_integer_division_error():
    a = tf.constant([1], name="a")
    z = tf.placeholder(tf.int32, [1], name="z")
    q = tf.floordiv(a, z, name="q")
    with tf.Session() as s:
        with pytest.raises(errors.InvalidArgumentError) as e:
            s.run(q, {z: [0]})
    assert e.value.message.splitlines()[0] == "Integer division by zero"
    assert e.value.op is q.op and e.value.node_def.name == "q"


def test_deadline_error_names_the_op_that_was_due(monkeypatch):
    import time
    now = [1000.0]  # a fake clock: only the slow kernel moves it, so nothing sleeps
    monkeypatch.setattr(time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    t = tf.constant(1.0, name="start")
    slow = tf.identity(t, name="slow")

    def kernel(ctx, x):
        now[0] += 0.05
        return x
    slow.op._kernel = kernel
    after = tf.identity(slow, name="after")
    with tf.Session() as s:
        with pytest.raises(errors.DeadlineExceededError, match="^Timed out waiting for notification") as e:
            s.run(after, options=tf.RunOptions(timeout_in_ms=10))
    assert e.value.error_code == errors.DEADLINE_EXCEEDED
    assert e.value.message.splitlines()[0] == "Timed out waiting for notification"
    assert e.value.op is after.op


def test_errors_are_catchable_as_op_error_and_by_class():
    p = tf.placeholder(tf.float32)
    with tf.Session() as s:
        with pytest.raises(errors.OpError, match="^You must feed a value for placeholder tensor 'Placeholder' "
                                                 "with dtype float"):
            s.run(p)
        try:
            s.run(p)
        except errors.InvalidArgumentError as e:
            assert isinstance(e, errors.OpError)
        else:  # pragma: no cover - the run must fail
            pytest.fail("no error")


def test_node_def_repr():
    p = tf.placeholder(tf.float32, name="x")
    with tf.Session() as s:
        with pytest.raises(errors.InvalidArgumentError) as e:
            s.run(p)
    assert repr(e.value.node_def) == 'name: "x"\nop: "Placeholder"'
    assert e.value.node_def.device == ""


def test_defined_at_asks_the_registered_source_labellers_first():
    from nbgraph.engine.source_labels import add_source_labeller, remove_source_labeller

    def cells(filename, line):
        return f"Cell In[7], line {line}" if filename.endswith("test_errors.py") else None

    def broken(filename, line):
        raise KeyError(filename)

    x = tf.constant(1.0, name="x")
    here = str(x.op._defined_at)
    assert here.startswith("test_errors.py:")
    add_source_labeller(broken)
    add_source_labeller(cells)
    add_source_labeller(cells)                            # once is enough
    try:
        assert x.op._defined_at == f"Cell In[7], line {here.split(':')[1]}"
        v = tf.Variable(1.0, name="v")
        y = v + 1.0
        with pytest.raises(tf.errors.FailedPreconditionError) as e:
            tf.Session().run(y)
        assert "(defined at Cell In[7], line " in str(e.value)
    finally:
        remove_source_labeller(cells)
    assert x.op._defined_at == here                       # the broken one is skipped, then TF's form
    remove_source_labeller(broken)
    remove_source_labeller(broken)                        # not there: ignored
