import tensorflow as tf
import numpy as np

# tf.Assert (guarded by AssertGuard unless all data is string/int32), the tf.assert_* checks with
# their default messages and static failures, tf.case(exclusive=True) and piecewise_constant as a case.

from corpus_helpers import ops, show, show_error  # noqa: E402

a = tf.constant([1.0, 2.0], name="a")
i = tf.constant(3, name="i")
c1 = tf.Assert(tf.reduce_all(a > 0), ["a must be positive", a])
c2 = tf.Assert(i > 0, ["i is", i], name="check_i")
print(c1.name, c2.name)
x = tf.placeholder(tf.float32, [None], name="x")
y = tf.constant([1.0, 2.0], name="y")
checks = [tf.assert_equal(x, y), tf.assert_less(x, 3.0, message="small"), tf.assert_positive(x),
          tf.assert_non_negative(x, name="nn"), tf.assert_rank(x, 1), tf.assert_greater_equal(x, y),
          tf.assert_none_equal(x, 7.0), tf.assert_rank_at_least(x, 1)]
print([c.name for c in checks])
with tf.control_dependencies(checks):
    out = tf.identity(x * 2)
step = tf.Variable(0, dtype=tf.int64, name="step")
lr = tf.train.piecewise_constant(step, [10, 20], [1.0, 0.5, 0.1])
print(lr)
k = tf.placeholder(tf.int32, [], name="k")
picked = tf.case([(tf.equal(k, 1), lambda: tf.constant(10)), (tf.equal(k, 2), lambda: tf.constant(20))],
                 default=lambda: tf.constant(-1), exclusive=True)
ops()
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print(s.run([c1, c2]))
    show("out", s.run(out, {x: [1.0, 2.0]}))
    show_error("equal fails", lambda: s.run(out, {x: [1.0, 2.5]}))
    for v in [0, 10, 11, 20, 21]:
        s.run(step.assign(v))
        show(f"lr at {v}", s.run(lr))
    show("case", [s.run(picked, {k: v}) for v in (1, 2, 3)])
    show_error("assert fails", lambda: s.run(tf.Assert(tf.reduce_all(a < 0), ["bad", a], name="bad")))
show_error("static", lambda: tf.assert_equal(tf.constant(1), tf.constant(2)))
show_error("static rank", lambda: tf.assert_rank(tf.constant([1, 2]), 2))
show_error("integer", lambda: tf.assert_integer(tf.constant(1.0)))
show_error("scalar", lambda: tf.assert_scalar(tf.constant([1.0])))
show_error("type", lambda: tf.assert_type(tf.constant(1.0), tf.int32))
show_error("rank 0 condition", lambda: tf.Assert(tf.constant([True, False]), ["x", a]))
