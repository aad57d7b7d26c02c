"""Hooks and monitored sessions: hook call order and SessionRunArgs plumbing, stopping, the
finalized graph, OutOfRangeError, checkpoints and restore (corpus p76 has the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


class _Recorder(tf.train.SessionRunHook):
    def __init__(self, fetch):
        self.calls, self.fetch = [], fetch

    def begin(self):
        self.calls.append(("begin", tf.get_default_graph().finalized))

    def after_create_session(self, session, coord):
        self.calls.append(("created", tf.get_default_graph().finalized))

    def before_run(self, run_context):
        self.calls.append(("before",))
        return tf.train.SessionRunArgs(self.fetch)

    def after_run(self, run_context, run_values):
        self.calls.append(("after", int(run_values.results)))

    def end(self, session):
        self.calls.append(("end",))


def test_hooks_see_begin_runs_and_end_and_stop_at_step():
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    rec = _Recorder(gs)
    with tf.train.MonitoredTrainingSession(hooks=[rec, tf.train.StopAtStepHook(num_steps=2)]) as sess:
        n = 0
        while not sess.should_stop():
            sess.run(inc)
            n += 1
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested."):
            sess.run(inc)
    assert n == 2
    assert rec.calls == [("begin", False), ("created", True), ("before",), ("after", 1), ("before",), ("after", 2),
                         ("end",)]
    assert not tf.get_default_graph().finalized  # un-finalized on close


def test_out_of_range_ends_the_with_block_quietly_and_other_errors_propagate():
    nxt = tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
    seen = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            seen.append(int(sess.run(nxt)))
    assert seen == [0, 1]
    x = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError):
        with tf.train.MonitoredSession() as sess:
            sess.run(x)


def test_checkpoints_every_n_steps_and_restore(tmp_path):
    pytest.importorskip("google.protobuf")
    gs = tf.train.get_or_create_global_step()
    v = tf.Variable(1.0, name="v")
    train = tf.group(tf.assign_add(gs, 1), tf.assign_add(v, 1.0))
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_checkpoint_steps=2,
                                           hooks=[tf.train.StopAtStepHook(last_step=3)]) as sess:
        while not sess.should_stop():
            sess.run(train)
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-3")
    assert (tmp_path / "graph.pbtxt").exists() and (tmp_path / "model.ckpt-2.index").exists()
    with tf.train.SingularMonitoredSession(checkpoint_dir=str(tmp_path)) as sess:
        assert sess.run([gs, v]) == [3, 4.0]
        assert sess.raw_session().run(v) == 4.0


def test_hook_feeds_and_conflicts_and_bad_hook_arguments():
    x = tf.placeholder(tf.float32, [])
    y = x * 2
    with tf.train.MonitoredSession(hooks=[tf.train.FeedFnHook(lambda: {x: 3.0})]) as sess:
        assert sess.run(y) == 6.0
        with pytest.raises(RuntimeError, match="Same tensor is fed by a SessionRunHook and user."):
            sess.run(y, {x: 1.0})
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified."):
        tf.train.StopAtStepHook()
    with pytest.raises(RuntimeError, match="Global step should be created to use StopAtStepHook."):
        tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(1)])
    np.testing.assert_equal(tf.get_default_graph().finalized, False)
