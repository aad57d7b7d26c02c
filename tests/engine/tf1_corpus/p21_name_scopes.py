import tensorflow as tf
import collections
import numpy as np

# name_scope nesting, re-entry, uniquified op names and scope strings.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

with tf.name_scope("outer") as outer:
    print(repr(outer))
    a = tf.constant(1, name="a")
    with tf.name_scope("inner") as inner:
        print(repr(inner))
        b = tf.add(a, a)
        c = a + a
        d = tf.multiply(a, 2, name="double")
    with tf.name_scope("inner"):
        e = tf.constant(3)
with tf.name_scope("outer"):
    f = tf.constant(4)
with tf.name_scope(outer):
    g = tf.constant(5)
with tf.name_scope(None):
    h = tf.constant(6)
with tf.name_scope("outer/inner/"):
    i = tf.constant(7, name="seven")
x = tf.constant(1, name="x")
x1 = tf.constant(1, name="x")
x2 = tf.constant(1, name="x_1")
x3 = tf.constant(1, name="x")
up = tf.constant(1, name="X")
for t in (a, b, c, d, e, f, g, h, i, x, x1, x2, x3, up):
    print(t.name, t.op.name)
g2 = tf.Graph()
with g2.as_default():
    print(tf.constant(0).name, tf.constant(0, name="outer").name)
    with tf.name_scope("outer"):
        print(tf.constant(0).name)
print([op.name for op in tf.get_default_graph().get_operations()])
