import tensorflow as tf
import numpy as np

# Gradients of a small convolutional network computed eagerly with GradientTape: conv2d,
# bias_add, relu, max_pool, reshape, dense layer, sparse softmax cross-entropy, l2 loss.
tf.enable_eager_execution()

rng = np.random.RandomState(3)
images = rng.rand(2, 6, 6, 1).astype(np.float32)
labels = np.array([1, 0])
kernel = tf.Variable(rng.randn(3, 3, 1, 2).astype(np.float32) * 0.5)
bias = tf.Variable(np.array([0.1, -0.1], np.float32))
dense = tf.Variable(rng.randn(18, 2).astype(np.float32) * 0.3)

with tf.GradientTape() as tape:
    conv = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME"), bias))
    pooled = tf.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    logits = tf.matmul(tf.reshape(pooled, [2, -1]), dense)
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    loss = tf.reduce_mean(xent) + 0.01 * tf.nn.l2_loss(dense)
print("shapes", conv.shape, pooled.shape, logits.shape, xent.shape)
print("loss", round(float(loss), 5))
grads = tape.gradient(loss, [kernel, bias, dense])
for name, g in zip(["kernel", "bias", "dense"], grads):
    print(name, g.shape, np.round(g.numpy().ravel()[:6], 5).tolist())

x = tf.constant(rng.rand(1, 4, 4, 1).astype(np.float32))
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    avg = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    mx = tf.reduce_max(x, axis=[1, 2])
    norm = tf.nn.l2_normalize(tf.reshape(x, [-1]), 0)
print("avg_pool grad", np.round(tape.gradient(avg, x).numpy().ravel(), 4).tolist())
print("max grad", tape.gradient(mx, x).numpy().ravel().tolist())
print("l2_normalize grad", np.round(tape.gradient(norm, x).numpy().ravel()[:4], 4).tolist())
del tape

w = tf.Variable([[0.5, -0.5], [1.0, 2.0]])
with tf.GradientTape() as tape:
    h = tf.tanh(tf.matmul(tf.constant([[1.0, 2.0]]), w))
    d = tf.nn.dropout(h, keep_prob=1.0)
    out = tf.reduce_sum(tf.nn.sigmoid(d) * tf.constant([1.0, -1.0]))
print("tanh/sigmoid grad", np.round(tape.gradient(out, w).numpy(), 5).tolist())
