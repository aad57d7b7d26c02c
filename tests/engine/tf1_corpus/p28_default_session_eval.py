import tensorflow as tf
import collections
import numpy as np

# Default sessions: eval() and Operation.run(), as_default(), and their errors.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([1.0, 2.0], name="a")
b = a * 10
init = tf.no_op(name="init_noop")
print(tf.get_default_session())
show_error("eval without session", lambda: b.eval())
show_error("run without session", lambda: init.run())
with tf.Session() as sess:
    print(tf.get_default_session() is sess)
    show("eval", b.eval())
    print(init.run())
    show("eval feed", b.eval(feed_dict={a: [3.0, 4.0]}))
print(tf.get_default_session())
sess = tf.Session()
with sess.as_default():
    show("as_default eval", b.eval())
show("still open", sess.run(b))
show("explicit session", b.eval(session=sess))
other = tf.Graph()
with other.as_default():
    k = tf.constant(1)
with sess.as_default():
    show_error("eval other graph", lambda: k.eval())
    show_error("run other graph", lambda: k.op.run())
show_error("eval given other graph", lambda: k.eval(session=sess))
sess.close()
show_error("eval closed", lambda: b.eval(session=sess))
