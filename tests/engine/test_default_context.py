"""`use_defaults`: a block with its own default graph and default-graph/session stacks; what
the block does to them stays in its `DefaultContext`, and the caller's come back unchanged."""
from __future__ import annotations

import threading

import pytest

import nbgraph as tf
from nbgraph.engine.default_context import DefaultContext, use_defaults
from nbgraph.engine.session import get_default_session


def test_reset_and_an_interactive_session_stay_inside_the_context():
    mine = tf.get_default_graph()
    ctx = DefaultContext()
    with use_defaults(ctx):
        assert tf.get_default_graph() is not mine
        tf.reset_default_graph()
        inner = tf.get_default_graph()
        s = tf.InteractiveSession()
        assert get_default_session() is s
    assert tf.get_default_graph() is mine and get_default_session() is None
    assert ctx.default_graph() is inner and inner is not mine and ctx.default_session() is s
    with use_defaults(ctx):
        assert tf.get_default_graph() is inner and get_default_session() is s
        s.close()
        assert get_default_session() is None
    assert ctx.session_stack == [] and tf.constant(1.0).graph is mine


def test_the_callers_open_blocks_are_kept_and_hidden_inside():
    outer, sess_graph = tf.Graph(), tf.Graph()
    sess = tf.Session(graph=sess_graph)
    with outer.as_default(), sess.as_default():
        with use_defaults(DefaultContext()) as ctx:
            assert tf.get_default_graph() is ctx.default_graph() and tf.get_default_graph() is not outer
            assert get_default_session() is None
            tf.reset_default_graph()            # no "nested graphs" error: the caller's block is not here
            with tf.Session() as inner:
                assert get_default_session() is inner
        assert tf.get_default_graph() is outer and get_default_session() is sess
    sess.close()


def test_an_error_in_the_block_still_puts_the_callers_defaults_back():
    mine = tf.get_default_graph()
    ctx = DefaultContext()
    with pytest.raises(ZeroDivisionError):
        with use_defaults(ctx):
            tf.InteractiveSession()
            1 / 0
    assert tf.get_default_graph() is mine and get_default_session() is None
    assert len(ctx.session_stack) == 1
    with use_defaults(ctx):
        ctx.session_stack[-1].close()


def test_only_the_calling_threads_stacks_are_swapped():
    seen = {}
    with use_defaults(DefaultContext()):
        s = tf.InteractiveSession()
        t = threading.Thread(target=lambda: seen.update(session=get_default_session()))
        t.start()
        t.join()
        s.close()
    assert seen == {"session": None}
