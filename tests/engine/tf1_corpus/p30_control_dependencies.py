import tensorflow as tf
import collections
import numpy as np

# control_dependencies, group, no_op and tuple: control edges and run order.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

v = tf.Variable(0.0, name="v")
bump = tf.assign_add(v, 1.0, name="bump")
with tf.control_dependencies([bump]):
    read = tf.identity(v, name="read_after")
    plus = v + 100
print([c.name for c in read.op.control_inputs], [c.name for c in plus.op.control_inputs])
with tf.control_dependencies([bump]):
    with tf.control_dependencies(None):
        free = tf.constant(1.0, name="free")
print([c.name for c in free.op.control_inputs])
a = tf.constant(1.0, name="a")
b = tf.constant(2.0, name="b")
g = tf.group(a, b)
g2 = tf.group(bump, name="update")
nop = tf.no_op()
t = tf.tuple([a, b])
print(g.name, g.type, sorted(c.name for c in g.control_inputs))
print(g2.name, [c.name for c in g2.control_inputs])
print(nop.name, nop.type, t)
ops()
with tf.Session() as sess:
    sess.run(v.initializer)
    show("read_after", sess.run(read))
    show("read_after again", sess.run(read))
    print(sess.run(g2))
    show("v", sess.run(v))
    print(sess.run([g, nop]))
    show("tuple", sess.run(t))
