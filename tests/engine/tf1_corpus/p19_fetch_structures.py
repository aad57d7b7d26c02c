import tensorflow as tf
import collections
import numpy as np

# Nested fetches come back in the same structure: list, tuple, dict, namedtuple.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

Pair = collections.namedtuple("Pair", ["first", "second"])
a = tf.constant(1.0, name="a")
b = tf.constant([2, 3], name="b")
c = a * 2
with tf.Session() as sess:
    r = sess.run([a, b])
    print(type(r).__name__, len(r)); show("list[0]", r[0]); show("list[1]", r[1])
    r = sess.run((a, b))
    print(type(r).__name__, len(r))
    r = sess.run({"x": a, "y": [b, c]})
    print(type(r).__name__, sorted(r), type(r["y"]).__name__)
    show("dict x", r["x"]); show("dict y0", r["y"][0]); show("dict y1", r["y"][1])
    r = sess.run(Pair(a, c))
    print(type(r).__name__, r._fields)
    show("pair.first", r.first); show("pair.second", r.second)
    r = sess.run([a, (b, [c, {"k": a}])])
    print(type(r[1]).__name__, type(r[1][1]).__name__, type(r[1][1][1]).__name__)
    show("deep", r[1][1][1]["k"])
    r = sess.run([a, a, c])
    show("dup0", r[0]); show("dup1", r[1])
    r = sess.run(collections.OrderedDict([("z", a), ("y", b)]))
    print(type(r).__name__, list(r))
    print(sess.run([]), sess.run(()), sess.run({}))
