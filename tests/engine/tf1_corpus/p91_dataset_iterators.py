import tensorflow as tf
import numpy as np

# Initializable iterators (re-run with a fed placeholder), Iterator.from_structure with two
# datasets, and iterators living per session.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def drain(sess, t):
    out = []
    while True:
        try:
            out.append(sess.run(t))
        except tf.errors.OutOfRangeError:
            return out


limit = tf.placeholder(tf.int64, shape=[])
ds = tf.data.Dataset.range(limit).map(lambda v: v * 10)
it = ds.make_initializable_iterator()
nxt = it.get_next()
print(nxt, it.initializer.type, it.initializer.name)
with tf.Session() as sess:
    show_error("before init", lambda: sess.run(nxt))
    sess.run(it.initializer, feed_dict={limit: 3})
    show("first", drain(sess, nxt))
    sess.run(it.initializer, feed_dict={limit: 2})
    show("second", drain(sess, nxt))

s1 = tf.Session()
s2 = tf.Session()
s1.run(it.initializer, {limit: 5})
s2.run(it.initializer, {limit: 5})
show("s1", [s1.run(nxt), s1.run(nxt)])
show("s2", s2.run(nxt))
s1.close()
s2.close()

structure = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
value = structure.get_next()
print(value)
train = tf.data.Dataset.range(4)
evens = tf.data.Dataset.range(10).filter(lambda v: tf.equal(v % 2, 0))
print(evens.output_shapes)
init_train = structure.make_initializer(train)
init_evens = structure.make_initializer(evens)
print(init_train.type, init_evens.name)
with tf.Session() as sess:
    for epoch in range(2):
        sess.run(init_train)
        show("train %d" % epoch, drain(sess, value))
        sess.run(init_evens)
        show("evens %d" % epoch, drain(sess, value))
show_error("types", lambda: structure.make_initializer(tf.data.Dataset.range(3).map(lambda v: tf.cast(v, tf.float32))))
show_error("one-shot initializer", lambda: tf.data.Dataset.range(3).make_one_shot_iterator().initializer, message=False)
p = tf.placeholder(tf.float32, [None])
show_error("capture", lambda: tf.data.Dataset.from_tensor_slices(p).make_one_shot_iterator())

tf.reset_default_graph()
train_it = tf.data.Dataset.range(100).make_one_shot_iterator()
val_it = tf.data.Dataset.range(10, 13).make_initializable_iterator()
handle = tf.placeholder(tf.string, shape=[])
feedable = tf.data.Iterator.from_string_handle(handle, train_it.output_types, train_it.output_shapes)
fnext = feedable.get_next()
print(fnext, feedable.output_types, train_it.string_handle().op.type)
with tf.Session() as sess:
    th, vh = sess.run([train_it.string_handle(), val_it.string_handle()])
    sess.run(val_it.initializer)
    show("train", [sess.run(fnext, {handle: th}) for _ in range(3)])
    show("val", [sess.run(fnext, {handle: vh}) for _ in range(3)])
    show("train again", sess.run(fnext, {handle: th}))
    show_error("val end", lambda: sess.run(fnext, {handle: vh}))
