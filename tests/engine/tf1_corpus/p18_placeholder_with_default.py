import tensorflow as tf
import collections
import numpy as np

# placeholder_with_default: the default is used unless fed.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

default = tf.constant([1.0, 2.0], name="default")
p = tf.placeholder_with_default(default, shape=[None], name="p")
q = tf.placeholder_with_default(3, [])
out = p * 10
print(p)
print(q)
print(out)
ops()
with tf.Session() as sess:
    show("default", sess.run(out))
    show("fed", sess.run(out, {p: [5.0, 6.0, 7.0]}))
    show("q default", sess.run(q))
    show("q fed", sess.run(q, {q: 8}))
