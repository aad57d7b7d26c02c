import tensorflow as tf
import collections
import numpy as np

# InteractiveSession installs itself as the default session until closed.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)
print(result)
sess = tf.InteractiveSession()
print(tf.get_default_session() is sess)
show("eval", result.eval())
v = tf.Variable(3.0, name="v")
v.initializer.run()
show("v", v.eval())
sess2 = tf.InteractiveSession()
print(tf.get_default_session() is sess2)
show("sess2 eval", result.eval())
show_error("sess2 uninitialised v", lambda: v.eval())
sess2.close()
print(tf.get_default_session() is sess)
sess.close()
print(tf.get_default_session())
show_error("after close", lambda: result.eval())
with tf.Session() as s:
    show("plain session", s.run(result))
