"""tf.train.ExponentialMovingAverage against the formula (corpus p78 has the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_shadow_follows_the_formula_with_num_updates():
    v = tf.Variable([1.0, 2.0], name="v")
    step = tf.Variable(0, trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
    update = ema.apply([v])
    assert ema.average(v).name == "v/ExponentialMovingAverage:0"
    assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == [v]
    shadow = np.array([1.0, 2.0])
    value = shadow.copy()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for i in range(3):
            s.run([tf.assign_add(v, [1.0, -1.0]), tf.assign(step, i)])
            value += [1.0, -1.0]
            s.run(update)
            decay = min(0.9, (1.0 + i) / (10.0 + i))
            shadow -= (shadow - value) * (1 - decay)
            np.testing.assert_allclose(s.run(ema.average(v)), shadow, rtol=1e-6)


def test_shadows_are_made_outside_the_callers_control_dependencies():
    v = tf.Variable(1.0)
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        ema = tf.train.ExponentialMovingAverage(0.5)
        update = ema.apply([v])
    assert not ema.average(v).initializer.control_inputs
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(update)
        assert s.run(ema.average(v)) == pytest.approx(1.5)  # 1 - (1 - 2) * 0.5
    with pytest.raises(TypeError, match="must be half, float, or double"):
        ema.apply([tf.Variable(1)])
