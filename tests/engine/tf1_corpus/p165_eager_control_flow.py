import tensorflow as tf
import numpy as np

# Control flow under eager execution: Python's own if/while on tensor values, and TF's cond,
# while_loop, map_fn, scan, TensorArray and py_func, which run at once.
tf.enable_eager_execution()


def collatz_steps(n):
    n = tf.constant(n)
    steps = 0
    while n > 1:
        n = tf.cond(tf.equal(n % 2, 0), lambda: n // 2, lambda: 3 * n + 1)
        steps += 1
    return steps


print("collatz", [collatz_steps(k) for k in (1, 6, 7, 27)])
x = tf.constant([3.0, -1.0, 2.0])
if tf.reduce_sum(x) > 0:
    print("positive sum", tf.reduce_sum(x))
print(tf.cond(x[0] > x[1], lambda: x[0], lambda: x[1]))
i, acc = tf.while_loop(lambda i, acc: i < 5, lambda i, acc: (i + 1, acc * 2), [tf.constant(0), tf.constant(1)])
print(i, acc)
print(tf.while_loop(lambda n: n < 1000, lambda n: n * 3, [tf.constant(1)]))
print(tf.while_loop(lambda n: n < 1000, lambda n: n * 3, [tf.constant(1)], maximum_iterations=3))
print(tf.map_fn(lambda v: v * v, tf.constant([1, 2, 3])))
print(tf.map_fn(lambda row: tf.reduce_sum(row), tf.constant([[1.0, 2.0], [3.0, 4.0]])))
print(tf.scan(lambda a, v: a + v, tf.constant([1, 2, 3, 4])))
print(tf.foldl(lambda a, v: a * v, tf.constant([1, 2, 3, 4])))
ta = tf.TensorArray(tf.float32, size=4)
for k in range(4):
    ta = ta.write(k, tf.constant(k * 1.5))
print(ta.stack(), ta.read(2), ta.size())
calls = []


def numpy_side(v):
    calls.append(v.tolist())
    return (v * 2).astype(np.float32)


out = tf.py_func(numpy_side, [tf.constant([1.0, 2.0])], tf.float32)
print(out, calls)
fib = [tf.constant(0), tf.constant(1)]
for _ in range(8):
    fib.append(fib[-1] + fib[-2])
print([int(f) for f in fib])
v = tf.Variable(10.0)
while v > 1.0:
    v.assign(v / 2.0)
print(v.numpy())
mask = tf.constant([True, False, True])
print(tf.boolean_mask(tf.constant([1, 2, 3]), mask), tf.where(mask, tf.constant([1, 2, 3]), tf.constant([9, 9, 9])))
print(tf.case([(tf.constant(False), lambda: tf.constant(1)), (tf.constant(True), lambda: tf.constant(2))],
              default=lambda: tf.constant(3)))
