import tensorflow as tf
import numpy as np

# tf.GradientTape: watch, variables watched when read, persistent tapes, higher-order
# gradients, unconnected sources, output gradients and stop_recording.
tf.enable_eager_execution()

x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
print("dy/dx", tape.gradient(y, x))
try:
    tape.gradient(y, x)
except RuntimeError as e:
    print("a second gradient from a non-persistent tape: RuntimeError")

w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
b = tf.Variable([0.5, -0.5])
inp = tf.constant([[1.0, 1.0]])
with tf.GradientTape() as tape:
    out = tf.matmul(inp, w) + b
    loss = tf.reduce_sum(out * out)
dw, db = tape.gradient(loss, [w, b])
print("loss", loss, "dw", dw, "db", db)
print([v.numpy().tolist() for v in tape.watched_variables()])

with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y
print("dz/dx", tape.gradient(z, x), "dy/dx", tape.gradient(y, x), "dz/dy", tape.gradient(z, y))
del tape

with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = x * x * x
    dy = inner.gradient(y, x)
d2y = outer.gradient(dy, x)
print("d(x^3)/dx", dy, "d2(x^3)/dx2", d2y)

u = tf.Variable(2.0)
k = tf.Variable(5.0, trainable=False)
with tf.GradientTape() as tape:
    y = u * k
print("trainable and not:", *tape.gradient(y, [u, k]))
with tf.GradientTape(watch_accessed_variables=False) as tape:
    tape.watch(k)
    y = u * k
print("only watched:", *tape.gradient(y, [u, k]))

c = tf.constant(1.0)
with tf.GradientTape() as tape:
    y = c * 2.0
print("unwatched constant:", tape.gradient(y, c))

v = tf.Variable([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    y = v * v
print("output_gradients:", tape.gradient(y, v, output_gradients=tf.constant([1.0, 0.0, 2.0])))

with tf.GradientTape() as tape:
    a = u * u
    with tape.stop_recording():
        b2 = u * u
    y = a + b2
print("stop_recording:", tape.gradient(y, u))

with tf.GradientTape() as tape:
    y = tf.reduce_mean(tf.nn.sigmoid(v) + tf.exp(v * 0.1) + tf.log(v) + tf.sqrt(v))
print("chain:", np.round(tape.gradient(y, v).numpy(), 5).tolist())

with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.nn.relu(v - 2.0) ** 2) + tf.reduce_max(v)
print("relu/max:", tape.gradient(y, v))

with tf.GradientTape() as tape:
    logits = tf.matmul(tf.constant([[1.0, 2.0]]), w)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[0.0, 1.0]], logits=logits))
print("softmax xent:", np.round(tape.gradient(loss, w).numpy(), 5).tolist(), np.round(loss.numpy(), 5))

with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.cond(x > 2.0, lambda: x * 10.0, lambda: x)
print("through cond:", tape.gradient(y, x))
with tf.GradientTape() as tape:
    y = u
    for _ in range(3):
        y = y * u
print("python loop:", tape.gradient(y, u))
with tf.GradientTape() as tape:
    y = u * 3.0 + v[0]
grads = tape.gradient(y, {"u": u, "v": v})
print(sorted(grads), grads["u"], grads["v"])
