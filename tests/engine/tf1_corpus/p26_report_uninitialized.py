import tensorflow as tf
import collections
import numpy as np

# report_uninitialized_variables, is_variable_initialized and variables_initializer.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

v = tf.Variable([1.0], name="v")
w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
u = tf.Variable(5, name="u")
report = tf.report_uninitialized_variables()
is_v = tf.is_variable_initialized(v)
print(is_v.op.type, is_v.dtype.name, report.dtype.name, report.shape)
with tf.Session() as sess:
    show("before", sess.run(report))
    show("is_v", sess.run(is_v))
    sess.run(tf.variables_initializer([v, u]))
    show("after v,u", sess.run(report))
    show("is_v", sess.run(is_v))
    sess.run(tf.global_variables_initializer())
    show("after all", sess.run(report))
    print(sess.run(tf.report_uninitialized_variables([v])).tolist())
    print(tf.variables_initializer([v]).name, tf.variables_initializer([v], name="just_v").name)
