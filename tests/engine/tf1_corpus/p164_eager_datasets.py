import tensorflow as tf
import numpy as np

# tf.data under eager execution: a dataset is a Python iterable of EagerTensors; a one-shot
# iterator's get_next() returns the next element and ends with OutOfRangeError.
tf.enable_eager_execution()

ds = tf.data.Dataset.from_tensor_slices(np.arange(6, dtype=np.int32))
for x in ds:
    print(x, end=" ")
print()
for batch in ds.map(lambda x: x * 10).batch(4):
    print(batch)
pairs = tf.data.Dataset.from_tensor_slices((np.arange(4.0, dtype=np.float32), np.array([0, 1, 0, 1])))
for features, label in pairs.filter(lambda f, l: tf.equal(l, 1)):
    print(features.numpy(), label.numpy())
dicts = tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": [[1.0, 2.0], [3.0, 4.0]]})
for d in dicts:
    print(sorted(d), d["a"], d["b"])
print([int(v) for v in tf.data.Dataset.range(5).skip(1).take(3)])
print([v.numpy().tolist() for v in tf.data.Dataset.range(3).repeat(2).batch(4)])
it = ds.take(2).make_one_shot_iterator()
print(it.get_next(), it.get_next())
try:
    it.get_next()
except tf.errors.OutOfRangeError:
    print("OutOfRangeError at the end")
zipped = tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)))
print([(int(a), int(b)) for a, b in zipped])


def gen():
    for i in range(3):
        yield [i] * (i + 1)


padded = tf.data.Dataset.from_generator(gen, tf.int32, tf.TensorShape([None])).padded_batch(3, padded_shapes=[None])
for p in padded:
    print(p)
W = tf.Variable([[1.0], [2.0]])
data = tf.data.Dataset.from_tensor_slices((np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32))).batch(2)
opt = tf.train.GradientDescentOptimizer(0.1)
for epoch in range(2):
    for xb, yb in data:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(xb, W) - yb))
        opt.apply_gradients(zip(tape.gradient(loss, [W]), [W]))
    print("epoch", epoch, np.round(W.numpy().ravel(), 4).tolist())
