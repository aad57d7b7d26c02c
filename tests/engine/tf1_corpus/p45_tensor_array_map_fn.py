import tensorflow as tf
import numpy as np

# tf.TensorArray (write/read/unstack/stack/gather/scatter/split/concat, dynamic_size, TF's run-time
# errors), tf.map_fn, tf.scan, tf.foldl, tf.foldr, and gradients through arrays inside while loops.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

ta = tf.TensorArray(tf.float32, size=3)
ta = ta.write(0, [1.0, 2.0])
print(ta.handle)
print(ta.flow)
print(ta.read(0))
x = tf.placeholder(tf.float32, [3, 2], name="x")
tb = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
tc = tf.TensorArray(tf.float32, size=4).scatter([3, 0], x[:2]).write(1, [7.0, 8.0]).write(2, [0.0, 0.0])
td = tf.TensorArray(tf.float32, size=2, infer_shape=False).split([1.0, 2.0, 3.0], [2, 1])
te = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(0, [1.0, 2.0]).write(2, [3.0, 4.0])
xv = np.arange(6, dtype=np.float32).reshape(3, 2)
with tf.Session() as s:
    show("read 1", s.run(tb.read(1), {x: xv}))
    show("gather", s.run(tb.gather([2, 0]), {x: xv}))
    show("size", s.run(tb.size(), {x: xv}))
    show("scatter+write stack", s.run(tc.stack(), {x: xv}))
    show("split concat", s.run(td.concat()))
    show("dynamic size", s.run(te.size()))
    show("unwritten reads zeros", s.run(te.read(1)))
    r = ta.read(0)
    show_error("read twice", lambda: s.run([r, ta.read(0)]), message=False)
    show_error("write past the end", lambda: s.run(ta.write(5, [1.0, 2.0]).flow), message=False)
    show_error("write twice", lambda: s.run(ta.write(0, [1.0, 2.0]).flow), message=False)
    show_error("stack an empty array", lambda: s.run(tf.TensorArray(tf.float32, size=0).stack()))
show_error("inconsistent shapes", lambda: ta.write(1, [1.0, 2.0, 3.0]))

tf.reset_default_graph()
x = tf.placeholder(tf.float32, [3, 2], name="x")
w = tf.constant([[1.0, -1.0], [0.5, 2.0]], name="w")
m = tf.map_fn(lambda r: tf.tanh(tf.matmul(tf.expand_dims(r, 0), w))[0], x)
pair = tf.map_fn(lambda t: (t[0] + 1.0, t[1] * 2), (x, tf.constant([1, 2, 3])), dtype=(tf.float32, tf.int32))
sc = tf.scan(lambda a, r: a * 0.5 + r, x)
sr = tf.scan(lambda a, r: a + tf.reduce_sum(r), x, initializer=tf.constant(1.0), reverse=True)
fl = tf.foldl(lambda a, r: a * r, x)
fr = tf.foldr(lambda a, r: a - r, x, initializer=tf.zeros([2]))
print(m)
print(pair)
print(sc)
print(fl)
loss = tf.reduce_sum(m * m) + tf.reduce_sum(sc * sc) + tf.reduce_sum(fl) + tf.reduce_sum(fr) + tf.reduce_sum(sr)
gx, gw = tf.gradients(loss, [x, w], grad_ys=tf.constant(1.0, name="seed"))
feed = {x: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]}
with tf.Session() as s:
    for label, t in (("map_fn", m), ("scan", sc), ("scan reverse", sr), ("foldl", fl), ("foldr", fr),
                     ("d/dx", gx), ("d/dw", gw)):
        show(label, s.run(t, feed))
    a, b = s.run(pair, feed)
    show("map_fn pair 0", a)
    show("map_fn pair 1", b)

# gradients through TensorArray writes and reads inside a while loop
tf.reset_default_graph()
x = tf.placeholder(tf.float32, [4, 2], name="x")
inputs = tf.TensorArray(tf.float32, size=4).unstack(x)


def body(i, acc, out):
    v = inputs.read(i)
    acc = acc + v * v
    return i + 1, acc, out.write(i, acc * 2.0)


_, acc, out = tf.while_loop(lambda i, a, o: i < 4, body, [tf.constant(0), tf.zeros([2]), tf.TensorArray(tf.float32, size=4)])
res = out.stack()
(g,) = tf.gradients(tf.reduce_sum(res * res), x, grad_ys=tf.constant(1.0, name="seed"))
with tf.Session() as s:
    xv = np.arange(8, dtype=np.float32).reshape(4, 2) / 5
    show("stacked", s.run(res, {x: xv}))
    show("d/dx", s.run(g, {x: xv}))
