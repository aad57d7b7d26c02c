import tensorflow as tf
import collections
import numpy as np

# tf.Variable: the ops it creates, assign / assign_add / assign_sub and their values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

v = tf.Variable([1.0, 2.0], name="v")
n = tf.Variable(0)
print(v)
print(repr(v), v.name, v.op.name, v.op.type, repr(v.dtype), v.dtype.base_dtype.name, v.shape)
print(n)
print(v.value())
print(v.initial_value)
print(repr(v.initializer))
ops()
set_op = v.assign([10.0, 20.0])
inc = v.assign_add([1.0, 1.0])
dec = v.assign_sub([0.5, 0.5])
set2 = tf.assign(v, [0.0, 0.0])
count = tf.assign_add(n, 1)
print(set_op, set_op.op.type, [t.name for t in set_op.op.inputs])
print(inc, inc.op.type)
print(dec, dec.op.type)
print(set2, count)
doubled = v * 2
with tf.Session() as sess:
    print(sess.run(v.initializer))
    sess.run(n.initializer)
    show("v", sess.run(v))
    show("assign", sess.run(set_op))
    show("assign_add", sess.run(inc))
    show("assign_sub", sess.run(dec))
    show("read", sess.run(v))
    show("doubled", sess.run(doubled))
    for _ in range(3):
        sess.run(count)
    show("count", sess.run(n))
    show("tf.assign", sess.run(set2))
    show("eval", v.eval(session=sess))
