import tensorflow as tf
import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it

# get_variable(regularizer=...) and variable_scope(regularizer=...): the loss goes to
# REGULARIZATION_LOSSES under `<var>/Regularizer/`, once per variable (not again on reuse); a variable
# is built outside the caller's control dependencies; tf.layers' kernel_regularizer; the total.
# (TF 2 makes the collection's losses lazily and builds each regularizer once more to test for None;
# TF 1.15 builds it once, in init_scope: only names and values both agree on are printed.)

from corpus_helpers import show  # noqa: E402


def l2(scale):
    def reg(v):
        with tf.name_scope("l2_regularizer") as name:
            return tf.multiply(tf.constant(scale, name="scale"), tf.nn.l2_loss(v), name=name)
    return reg


w = tf.get_variable("w", initializer=tf.constant([[1.0, -2.0], [3.0, 4.0]]), regularizer=l2(0.1))
with tf.variable_scope("layer", regularizer=l2(0.5)):
    k = tf.get_variable("k", shape=[2], initializer=tf.ones_initializer())
with tf.variable_scope("layer", reuse=True):
    k_again = tf.get_variable("k", shape=[2])
gate = tf.constant(1.0, name="gate")
with tf.control_dependencies([gate]):
    u = tf.get_variable("u", initializer=tf.constant([2.0]), regularizer=l2(1.0))
x = tf.constant([[1.0, 2.0]])
d = tf.layers.dense(x, 3, kernel_initializer=tf.ones_initializer(), kernel_regularizer=l2(0.01))
losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
print([t.name for t in losses])
print(k_again is k)
total = tf.losses.get_regularization_loss()
print(total)
print([(op.name, [c.name for c in op.control_inputs]) for op in tf.get_default_graph().get_operations()
       if op.name in ("u", "u/Assign", "u/read")])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("losses", s.run(losses))
    show("total", s.run(total))
