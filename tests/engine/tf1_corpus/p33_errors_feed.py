import tensorflow as tf
import collections
import numpy as np

# Feed errors: wrong shape, missing feed, bad values, bad keys.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [None, 3], name="x")
n = tf.placeholder(tf.int32, [2], name="n")
u = tf.placeholder(tf.float32, name="u")
y = x * 2
sess = tf.Session()
show_error("wrong shape", lambda: sess.run(y, {x: np.zeros((2, 2))}))
show_error("wrong rank", lambda: sess.run(y, {x: [1.0, 2.0, 3.0]}))
show_error("scalar into [2]", lambda: sess.run(n, {n: 5}))
show_error("missing feed", lambda: sess.run(y))
show_error("missing feed unknown shape", lambda: sess.run(u + 1))
show_error("missing feed direct", lambda: sess.run(x))
show_error("string into float", lambda: sess.run(y, {x: [["a", "b", "c"]]}), message=False)
k = tf.placeholder(tf.int32, [], name="k")
show_error("int too big", lambda: sess.run(k, {k: 2 ** 40}))
show_error("tensor as value", lambda: sess.run(y, {x: tf.ones([1, 3])}), message=False)
show_error("op name as key", lambda: sess.run(y, {"x": [[1, 2, 3]]}))
show_error("bad key type", lambda: sess.run(y, {1: [[1, 2, 3]]}))
show_error("no such tensor", lambda: sess.run(y, {"nope:0": [[1, 2, 3]]}), message=False)
show("after errors the session still works", sess.run(y, {x: [[1, 2, 3]]}))
try:
    sess.run(y)
except tf.errors.InvalidArgumentError as e:
    print(isinstance(e, tf.errors.OpError), e.op.name, e.op.type, e.node_def.name, e.error_code)
    print(e.message.strip().splitlines()[0])
sess.close()
