import tensorflow as tf
import numpy as np

# A small classifier trained eagerly: two-layer network, softmax cross-entropy, Adam, mini-batches
# from tf.data, accuracy computed with tensors and with numpy.
tf.enable_eager_execution()

rng = np.random.RandomState(1)
centers = np.array([[0.0, 0.0], [3.0, 3.0], [0.0, 3.0]], np.float32)
labels = np.repeat(np.arange(3), 30)
points = (centers[labels] + rng.randn(90, 2) * 0.5).astype(np.float32)
onehot = np.eye(3, dtype=np.float32)[labels]

W1 = tf.Variable(rng.randn(2, 8).astype(np.float32) * 0.5)
b1 = tf.Variable(tf.zeros([8]))
W2 = tf.Variable(rng.randn(8, 3).astype(np.float32) * 0.5)
b2 = tf.Variable(tf.zeros([3]))
params = [W1, b1, W2, b2]


def model(x):
    hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
    return tf.matmul(hidden, W2) + b2


def loss_fn(x, y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=model(x)))


def accuracy(x, y):
    correct = tf.equal(tf.argmax(model(x), axis=1), tf.argmax(y, axis=1))
    return tf.reduce_mean(tf.cast(correct, tf.float32))


opt = tf.train.AdamOptimizer(0.05)
data = tf.data.Dataset.from_tensor_slices((points, onehot)).batch(30)
print("before:", round(float(loss_fn(points, onehot)), 3), round(float(accuracy(points, onehot)), 3))
for epoch in range(30):
    for xb, yb in data:
        with tf.GradientTape() as tape:
            loss = loss_fn(xb, yb)
        grads = tape.gradient(loss, params)
        opt.apply_gradients(zip(grads, params))
    if epoch % 10 == 9:
        print("epoch", epoch + 1, "loss", round(float(loss_fn(points, onehot)), 3))
acc = accuracy(points, onehot)
predictions = np.argmax(model(points).numpy(), axis=1)
print("accuracy", round(float(acc), 3), (predictions == labels).mean() == acc.numpy())
print("gradient shapes", [tuple(g.shape.as_list()) for g in grads])
probs = tf.nn.softmax(model(tf.constant([[0.0, 0.0], [3.0, 3.0]])))
print("classes", tf.argmax(probs, axis=1), np.round(tf.reduce_sum(probs, axis=1).numpy(), 4).tolist())
