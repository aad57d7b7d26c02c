import tensorflow as tf
import collections
import numpy as np

# Uninitialised variables and closed sessions.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

v = tf.Variable([1.0, 2.0], name="v")
w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
total = v + w
sess = tf.Session()
show_error("read v", lambda: sess.run(v))
sess.run(w.initializer)
show_error("read through an op", lambda: sess.run(total))
sess.run(v.initializer)
show("both set", sess.run(total))
sess.run(tf.global_variables_initializer())
show("total", sess.run(total))
try:
    tf.Session().run(v)
except tf.errors.FailedPreconditionError as e:
    print(type(e).__name__, isinstance(e, tf.errors.OpError), e.error_code == tf.errors.FAILED_PRECONDITION)
sess.close()
show_error("closed", lambda: sess.run(total))
sess.close()
with tf.Session() as s2:
    s2.run(tf.global_variables_initializer())
show_error("closed after with", lambda: s2.run(v))
show_error("eval with closed session", lambda: v.eval(session=s2))
