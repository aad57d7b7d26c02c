import tensorflow as tf
import collections
import numpy as np

# identity: a named copy that reads a variable's current value (no tf.Print).


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

v = tf.Variable([1.0, 2.0], name="v")
snap = tf.identity(v, name="snapshot")
c = tf.constant(3.0)
i1 = tf.identity(c)
i2 = tf.identity(i1)
i3 = tf.identity(i2, name="last")
print(snap, snap.op.type, [t.name for t in snap.op.inputs])
print(i1, i2, i3)
upd = v.assign([5.0, 6.0])
with tf.Session() as sess:
    sess.run(v.initializer)
    show("snapshot", sess.run(snap))
    sess.run(upd)
    show("snapshot after assign", sess.run(snap))
    show("chain", sess.run(i3))
    show("snapshot fed", sess.run(snap, {v.value(): [9.0, 9.0]}))
