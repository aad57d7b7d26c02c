import tensorflow as tf
import numpy as np

# A Dataset map whose Python function raises: TF's error class for the Python exception,
# the exception text, the function's node, and the iterator goes on with the next element.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def check(v):
    if v == 3:
        raise ValueError("bad element %d" % v)
    return v * 10


def lookup(v):
    return {0: 5, 1: 6}[int(v)]


ds = tf.data.Dataset.range(5).map(lambda v: tf.py_func(check, [v], tf.int64))
print(ds.output_types, ds.output_shapes)
nxt = ds.make_one_shot_iterator().get_next()
nxt2 = tf.data.Dataset.range(3).map(lambda v: tf.py_func(lookup, [v], tf.int64)).make_one_shot_iterator().get_next()
with tf.Session() as sess:
    show("0-2", [sess.run(nxt) for _ in range(3)])
    try:
        sess.run(nxt)
    except tf.errors.InvalidArgumentError as e:
        text = str(e)
        print(type(e).__name__, "ValueError: bad element 3" in text, "[[{{node PyFunc}}]]" in text)
        print("traceback shown", 'raise ValueError("bad element %d" % v)' in text)
    show("goes on", sess.run(nxt))
    show_error("end", lambda: sess.run(nxt))
    show("first", sess.run(nxt2))
    show("second", sess.run(nxt2))
    try:
        sess.run(nxt2)
    except tf.errors.UnknownError as e:
        print(type(e).__name__, "KeyError: 2" in str(e), "[[{{node PyFunc}}]]" in str(e))

p = tf.py_func(check, [tf.constant(3, tf.int64)], tf.int64)
print(p)
with tf.Session() as sess:
    show_error("py_func", lambda: sess.run(p))
    show("py_func ok", sess.run(tf.py_func(check, [tf.constant(2, tf.int64)], tf.int64)))

# an op error inside the map function names the bad element; the iterator goes on
parsed = tf.data.Dataset.from_tensor_slices(["1", "2", "x", "4"]).map(tf.string_to_number)
pn = parsed.make_one_shot_iterator().get_next()
print(pn)
with tf.Session() as sess:
    show("parsed", [sess.run(pn), sess.run(pn)])
    try:
        sess.run(pn)
    except tf.errors.InvalidArgumentError as e:
        print(type(e).__name__, "StringToNumberOp could not correctly convert string: x" in str(e))
    show("after the bad one", sess.run(pn))
s = tf.placeholder(tf.string)
num = tf.string_to_number(s, out_type=tf.int32)
print(num)
with tf.Session() as sess:
    show("to_number", sess.run(num, {s: ["12", "-3"]}))
    show_error("not a number", lambda: sess.run(num, {s: ["1.5"]}))
