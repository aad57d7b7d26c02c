import tensorflow as tf
import numpy as np

# tf.data: slices, map, batch, repeat through a one-shot iterator; End of sequence at the end.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

ds = tf.data.Dataset.from_tensor_slices((np.arange(7, dtype=np.float32), np.arange(7)))
ds = ds.map(lambda x, y: (x * 2.0, y + 1)).batch(3).repeat(2)
print(ds.output_types)
print(ds.output_shapes)
it = ds.make_one_shot_iterator()
x, y = it.get_next()
print(x, y)
print(x.op.type, x.op.inputs[0].op.type)
with tf.Session() as sess:
    for i in range(6):
        a, b = sess.run([x, y])
        show("x%d" % i, a)
        show("y%d" % i, b)
    show_error("end", lambda: sess.run(x))
    show_error("still at the end", lambda: sess.run(y))

single = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4], [5, 6]])
print(single.output_types, single.output_shapes)
n = tf.data.make_one_shot_iterator(single).get_next()
twice = n * 2
print(n)
with tf.Session() as sess:
    show("pair", sess.run([n, twice]))
    show("next", sess.run(n))
with tf.Session() as sess:
    show("new session starts over", sess.run(n))

r = tf.data.Dataset.range(2, 11, 3)
print(r.output_types, r.output_shapes)
rn = r.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    show("range", [sess.run(rn) for _ in range(3)])
    show_error("range end", lambda: sess.run(rn))

t = tf.data.Dataset.from_tensors([1.5, 2.5]).repeat(2)
print(t.output_shapes)
tn = t.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    show("from_tensors", sess.run(tn))
    show("from_tensors again", sess.run(tn))
    show_error("from_tensors end", lambda: sess.run(tn))

d = tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": [3.0, 4.0]})
print(sorted(d.output_types.items()))
dn = d.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    v = sess.run(dn)
    show("a", v["a"])
    show("b", v["b"])
