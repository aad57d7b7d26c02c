import tensorflow as tf
import numpy as np

# Eager execution (TF 1.15's tf.enable_eager_execution): ops run at once and return values that
# print as tf.Tensor(...), convert to numpy, index, iterate and take part in Python arithmetic.
tf.enable_eager_execution()
print("eager", tf.executing_eagerly())

a = tf.constant([[1, 2], [3, 4]])
b = tf.constant([1.5, -2.25, 3.0])
print(a)
print(b)
print(tf.constant(7), tf.constant(2.5), tf.constant(True), tf.constant("text"))
print(tf.constant(np.zeros((2, 3, 2), np.float32)))
print(a.shape, a.dtype, a.get_shape().as_list(), b.shape.ndims)
print(type(a.numpy()).__name__, a.numpy().tolist(), np.array(b).tolist())
print(a + 1, a * a, a @ a, -a, 10 - a, a // 2)
print(b * 2.0, b / 2, abs(b), b ** 2)
print(a[0], a[:, 1], a[1, 1], b[-1])
print(tf.reduce_sum(a), tf.reduce_mean(b), tf.reduce_max(a, axis=1), tf.argmax(b))
print(tf.matmul(tf.ones([2, 3]), tf.ones([3, 2])))
print(tf.reshape(tf.range(6), [2, 3]), tf.transpose(a), tf.concat([a, a], axis=0).shape)
print(tf.cast(b, tf.int32), tf.one_hot([0, 2], 3), tf.equal(a, 2))
print(float(tf.constant(2.5)), int(tf.constant(7)), bool(tf.constant(False)), len(b))
print([x.numpy().tolist() for x in a], [int(v) for v in tf.range(3)])
print("{:.3f}".format(tf.constant(3.14159).numpy()), np.mean(b), np.square(a).tolist())
x = tf.constant(3.0)
if x > 2:
    print("x is bigger than 2:", x.numpy())
total = tf.constant(0)
for i in range(4):
    total += i
print(total, total.numpy() == 6)
print(tf.convert_to_tensor(np.arange(4, dtype=np.int64)), tf.convert_to_tensor([[1.0], [2.0]]))
print(np.round(tf.nn.softmax(tf.constant([1.0, 2.0, 3.0])).numpy(), 5).tolist(), tf.nn.relu(tf.constant([-1.0, 0.5])))
print(tf.strings.join(["a", "b"], separator="-") if hasattr(tf, "strings") else "")
