import tensorflow as tf
import numpy as np

# Dataset.from_generator: a fresh generator each pass, converted to output_types, with the
# generator's own error reported through the iterator.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def pairs():
    for i in range(5):
        yield i, [float(i)] * 2


ds = tf.data.Dataset.from_generator(pairs, (tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([2])))
print(ds.output_types, ds.output_shapes)
x, y = ds.shuffle(1).batch(2).repeat(2).make_one_shot_iterator().get_next()
print(x, y)
with tf.Session() as sess:
    for i in range(6):
        a, b = sess.run([x, y])
        show("x%d" % i, a)
        show("y%d" % i, b)
    show_error("end", lambda: sess.run(x))


def words():
    yield "alpha"
    yield b"beta"


w = tf.data.Dataset.from_generator(words, tf.string).make_one_shot_iterator().get_next()
print(w)


def broken():
    yield 1
    raise ValueError("generator broke")


b = tf.data.Dataset.from_generator(broken, tf.int32).make_one_shot_iterator().get_next()
with tf.Session() as sess:
    show("w0", sess.run(w))
    show("w1", sess.run(w))
    show("b0", sess.run(b))
    try:
        sess.run(b)
    except tf.errors.InvalidArgumentError as e:
        print(type(e).__name__, "ValueError: generator broke" in str(e))
