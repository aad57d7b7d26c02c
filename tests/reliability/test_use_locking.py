"""Group 3 of issue 15: `use_locking=True` holds the variable's lock while an update writes, so
8 threads x 300 `assign_add(v, ones(100000), use_locking=True)` leave every element at exactly
2400 (TF guarantees that; numpy releases the GIL inside the in-place add, so unlocked updates
get lost)."""
from __future__ import annotations

import threading

import numpy as np
import pytest

import nbgraph as tf

THREADS, STEPS, SIZE = 8, 300, 100_000


def _hammer(sess, update):
    start = threading.Barrier(THREADS)

    def work():
        start.wait()
        for _ in range(STEPS):
            sess.run(update)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.mark.parametrize("method, sign", [("assign_add", 1.0), ("assign_sub", -1.0)])
def test_locked_updates_from_eight_threads_are_exact(method, sign):
    v = tf.Variable(tf.zeros([SIZE]), name="v")
    update = getattr(tf, method)(v, tf.ones([SIZE]), use_locking=True)
    sess = tf.Session()
    sess.run(v.initializer)
    _hammer(sess, update.op)
    np.testing.assert_array_equal(sess.run(v), np.full(SIZE, sign * THREADS * STEPS, np.float32))


def test_the_variable_method_passes_use_locking_on():
    v = tf.Variable(tf.zeros([SIZE]), name="v")
    update = v.assign_add(tf.ones([SIZE]), use_locking=True)
    assert update.op.get_attr("use_locking") is True
    sess = tf.Session()
    sess.run(v.initializer)
    _hammer(sess, update.op)
    assert sess.run(v).min() == sess.run(v).max() == THREADS * STEPS


def test_each_session_has_its_own_locks():
    v = tf.Variable(0.0, name="v")
    inc = tf.assign_add(v, 1.0, use_locking=True)
    a, b = tf.Session(), tf.Session()
    for s in (a, b):
        s.run(v.initializer)
    a.run(inc)
    assert (a.run(v), b.run(v)) == (1.0, 0.0)
    # the initializer (an Assign: use_locking defaults to True) and the update share the lock
    assert set(a._ctx._variable_locks) == set(b._ctx._variable_locks) == {v.op}
    assert a._ctx._variable_locks[v.op] is not b._ctx._variable_locks[v.op]
