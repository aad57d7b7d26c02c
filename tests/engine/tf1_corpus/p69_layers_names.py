import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it
import tensorflow as tf
import numpy as np

# tf.layers names: dense, dense_1, reuse through variable_scope, trainable=False, dropout with
# training on/off, flatten; the ops they build; kernel_regularizer in REGULARIZATION_LOSSES.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [None, 4], name="x")
h = tf.layers.dense(x, 3, activation=tf.nn.relu, kernel_regularizer=lambda k: 0.1 * tf.reduce_sum(tf.square(k)))
o = tf.layers.dense(h, 2, use_bias=False)
with tf.variable_scope("net"):
    a = tf.layers.dense(x, 2, name="fc")
with tf.variable_scope("net", reuse=True):
    b = tf.layers.dense(x, 2, name="fc")
c = tf.layers.dense(x, 2, name="frozen", trainable=False)
d = tf.layers.dropout(h, rate=0.5, training=False)
f = tf.layers.flatten(tf.zeros([2, 3, 4]))
f2 = tf.layers.flatten(tf.placeholder(tf.float32, [None, 3, 4], name="images"))
for t in [h, o, a, b, c, d, f, f2]:
    print(t)
print([v.name for v in tf.global_variables()])
print([v.name for v in tf.trainable_variables()])
print([t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)])
for op in tf.get_default_graph().get_operations():
    if op.type in ("MatMul", "Relu", "VariableV2", "Reshape", "Identity") and "Initializer" not in op.name:
        print("  op", op.name, op.type, [t.name for t in op.inputs])
show_error("exists", lambda: tf.layers.dense(x, 2, name="frozen"))
show_error("shape", lambda: tf.layers.dense(tf.placeholder(tf.float32, [None, 5]), 2, name="net/fc", reuse=True))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ones = np.ones((2, 4), np.float32)
    va, vb = sess.run([a, b], {x: ones})
    print(np.array_equal(va, vb))
    show("flat", sess.run(f))
