import tensorflow as tf
import collections
import numpy as np

# Fetching operations returns None; fetching by name strings.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([3.0, 4.0], name="b")
total = tf.add(a, b)
noop = tf.no_op(name="nothing")
with tf.Session() as sess:
    print(sess.run(total.op))
    print(sess.run(noop))
    print(sess.run("Add"))
    show("by tensor name", sess.run("Add:0"))
    r = sess.run([total, total.op, noop, "a:0"])
    print(len(r), r[1], r[2])
    show("r0", r[0]); show("r3", r[3])
    print(sess.run({"op": noop, "t": "b"}))
    print(total.op.run(session=sess))
    show("eval", total.eval(session=sess))
