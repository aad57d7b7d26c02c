import tensorflow as tf
import collections
import numpy as np

# variable_scope + get_variable: reuse=True, AUTO_REUSE, reuse_variables and the errors.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

with tf.variable_scope("layer"):
    w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer())
    c = tf.constant(1.0)
print(w.name, w.op.name, c.name)
with tf.variable_scope("layer", reuse=True):
    w2 = tf.get_variable("w")
    c2 = tf.constant(2.0)
print(w2.name, w is w2, c2.name)
with tf.variable_scope("layer") as scope:
    scope.reuse_variables()
    w3 = tf.get_variable("w", [2, 2])
print(w3 is w, scope.name)
with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
    s1 = tf.get_variable("s", [1], initializer=tf.zeros_initializer())
with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
    s2 = tf.get_variable("s", [1])
print(s1.name, s1 is s2)
with tf.variable_scope("outer"):
    with tf.variable_scope("inner"):
        deep = tf.get_variable("deep", [], initializer=tf.zeros_initializer())
print(deep.name)
with tf.variable_scope("", reuse=True):
    print(tf.get_variable("layer/w") is w)


def twice():
    tf.get_variable("dup", [1])
    tf.get_variable("dup", [1])


def missing():
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("nope", [1])


def wrong_shape():
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w", [3, 3])


def wrong_dtype():
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w", [2, 2], dtype=tf.int32)


show_error("created twice", twice)
show_error("reuse missing", missing)
show_error("reuse wrong shape", wrong_shape)
show_error("reuse wrong dtype", wrong_dtype)
print([v.name for v in tf.global_variables()])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    show("w", sess.run(w2))
    show("s", sess.run(s2))
