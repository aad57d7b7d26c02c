"""TF 1.15 utility names of the surfb round: make_template, get_local_variable, print, py_function, io, data."""
import pytest

import nbgraph as tf


def _lin(x):
    w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    return tf.multiply(x, w, name="m")


def test_make_template_shares_variables_and_names_scopes_like_tf():
    with tf.Graph().as_default():
        t = tf.make_template("lin", _lin)
        a, b = t(tf.constant([1., 2.])), t(tf.constant([3., 4.]))
        assert (a.name, b.name) == ("lin/m:0", "lin_1/m:0")
        assert [v.name for v in tf.global_variables()] == ["lin/w:0"]
        t2 = tf.make_template("lin", _lin, create_scope_now_=True)
        c, d = t2(tf.constant([1., 2.])), t2(tf.constant([1., 2.]))
        assert (c.name, d.name, t2.variable_scope_name) == ("lin_1_1/m:0", "lin_1_2/m:0", "lin_1/")
        assert [v.name for v in t2.trainable_variables] == ["lin_1/w:0"]
        t3 = tf.make_template("q", _lin, unique_name_="uq")
        assert t3(tf.constant([1., 1.])).name == "uq/m:0"
        with tf.variable_scope("outer"):
            t4 = tf.make_template("lin", _lin)
            e = t4(tf.constant([1., 2.]))
        assert e.name == "outer/lin/m:0" and [v.name for v in t4.variables] == ["outer/lin/w:0"]
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            assert s.run(b).tolist() == [3., 4.]


def test_make_template_errors():
    with tf.Graph().as_default():
        tb = tf.make_template("bad", lambda x: x * tf.Variable(1.0))
        tb(1.0)
        with pytest.raises(ValueError, match="^Trainable variable created when calling a template after the first"):
            tb(1.0)
    with pytest.raises(ValueError, match="^name cannot be None.$"):
        tf.make_template(None, _lin)


def test_get_local_variable_is_local_and_untrainable():
    with tf.Graph().as_default():
        lv = tf.get_local_variable("loc", [3], initializer=tf.zeros_initializer())
        assert lv.name == "loc:0" and tf.local_variables() == [lv] and tf.trainable_variables() == []
        assert lv not in tf.global_variables()
