import tensorflow as tf
import numpy as np

# tf.cond, tf.case and tf.while_loop: TF 1.x's Switch/Merge/Enter/Exit graphs, their names and values.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def show_refused(label, fn):
    """TF 1.15 raises ValueError('Operation 'x' has been marked as not fetchable.'); TF 2 words it
    differently (InaccessibleTensorError, a ValueError): print what both agree on."""
    try:
        fn()
    except ValueError as e:
        print(label, "-> ValueError, not fetchable:", "not fetchable" in str(e))
    else:
        print(label, "-> no error")


def show_kind(label, fn):
    """The cond argument checks: same class in TF 1.15 and 2; TF 2 reworded the texts."""
    try:
        fn()
    except Exception as e:
        print(label, "->", type(e).__name__)
    else:
        print(label, "-> no error")

# cond: both branches, a captured tensor, a branch returning an outside tensor
x = tf.placeholder(tf.float32, name="x")
c = tf.constant(3.0, name="c")
r = tf.cond(x > 0, lambda: x * 2.0, lambda: c - x)
print(r)
ops()
with tf.Session() as s:
    show("cond +", s.run(r, {x: 2.0}))
    show("cond -", s.run(r, {x: -1.0}))
    show_refused("fetch in branch", lambda: s.run("cond/mul:0", {x: -1.0}))
    show_refused("fetch pivot", lambda: s.run("cond/switch_t:0", {x: -1.0}))

# cond returning a tuple and an outside tensor
tf.reset_default_graph()
p = tf.placeholder(tf.bool, shape=[], name="p")
a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([10.0, 20.0], name="b")
pair = tf.cond(p, lambda: (a, b * 2.0), lambda: (b, a + 1.0))
print(pair)
ops()
with tf.Session() as s:
    show("pair t", s.run(pair, {p: True}))
    show("pair f", s.run(pair, {p: False}))
show_kind("python bool pred", lambda: tf.cond(True, lambda: a, lambda: b))
show_error("float pred", lambda: tf.cond(tf.constant(1.0), lambda: a, lambda: b))
show_kind("dtype mismatch", lambda: tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(1.0)))
show_kind("not callable", lambda: tf.cond(p, a, lambda: b))

# case: nested conds, default and no default
tf.reset_default_graph()
v = tf.placeholder(tf.float32, shape=[2], name="v")
y = tf.case([(tf.reduce_sum(v) > 0, lambda: v * 2.), (tf.reduce_sum(v) < -5, lambda: v * 3.)],
            default=lambda: v, name="cs")
print(y)
with tf.Session() as s:
    show("case 1", s.run(y, {v: [1, 2]}))
    show("case 2", s.run(y, {v: [-4, -4]}))
    show("case default", s.run(y, {v: [-1, 0]}))

# while_loop: a counter and an accumulator, a loop invariant
tf.reset_default_graph()
n = tf.constant(10, name="n")
k = tf.constant(2.0, name="k")
res = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + k), [tf.constant(0), tf.constant(0.0)])
print(res)
ops()
with tf.Session() as s:
    show("while", s.run(res))
    show_refused("fetch body", lambda: s.run("while/add:0"))

# while_loop: one variable, maximum_iterations, a fed bound
tf.reset_default_graph()
lim = tf.placeholder(tf.int32, shape=[], name="lim")
one = tf.while_loop(lambda i: i < lim, lambda i: i + 3, [tf.constant(1)])
print(one)
capped = tf.while_loop(lambda i: i < 100, lambda i: i * 2, [tf.constant(1)], maximum_iterations=5)
print(capped)
with tf.Session() as s:
    show("while one", s.run(one, {lim: 20}))
    show("while zero trips", s.run(one, {lim: 0}))
    show("capped", s.run(capped))

# a growing shape needs shape_invariants
tf.reset_default_graph()
start = tf.constant([1.0])
show_error("shape grows", lambda: tf.while_loop(lambda t: tf.size(t) < 4, lambda t: tf.concat([t, t], 0), [start]))
grown = tf.while_loop(lambda t: tf.size(t) < 4, lambda t: tf.concat([t, t], 0), [start],
                      shape_invariants=[tf.TensorShape([None])])
print(grown)
with tf.Session() as s:
    show("grown", s.run(grown))

# cond inside while, while inside cond
tf.reset_default_graph()
evens = tf.while_loop(lambda i, acc: i < 6,
                      lambda i, acc: (i + 1, acc + tf.cond(tf.equal(i % 2, 0), lambda: i, lambda: tf.constant(0))),
                      [tf.constant(0), tf.constant(0)])
q = tf.placeholder(tf.bool, shape=[], name="q")
inner = tf.cond(q, lambda: tf.while_loop(lambda j: j < 5, lambda j: j + 1, [tf.constant(0)]),
                lambda: tf.constant(-1))
with tf.Session() as s:
    show("evens", s.run(evens))
    show("loop in cond t", s.run(inner, {q: True}))
    show("loop in cond f", s.run(inner, {q: False}))

# a variable updated in a loop body through control dependencies
tf.reset_default_graph()
w = tf.Variable(0.0, name="w")
def body(i):
    with tf.control_dependencies([tf.assign_add(w, 1.5)]):
        return i + 1
loop = tf.while_loop(lambda i: i < 4, body, [tf.constant(0)])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("loop count", s.run(loop))
    show("w after", s.run(w))
