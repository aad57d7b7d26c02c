import tensorflow as tf
import numpy as np

# Training under eager execution: a linear model fitted with GradientTape + apply_gradients
# (plain SGD, Momentum, Adam, Adagrad), and Optimizer.minimize taking the loss as a function.
tf.enable_eager_execution()

rng = np.random.RandomState(0)
X = rng.rand(64, 3).astype(np.float32)
true_w = np.array([[2.0], [-3.0], [0.5]], np.float32)
Y = X @ true_w + 1.0


def fit(optimizer, steps):
    W = tf.Variable(tf.zeros([3, 1]))
    b = tf.Variable(0.0)
    for step in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
        grads = tape.gradient(loss, [W, b])
        optimizer.apply_gradients(zip(grads, [W, b]))
        if step % 50 == 0:
            print(type(optimizer).__name__, step, round(float(loss), 4))
    return W, b


for opt in (tf.train.GradientDescentOptimizer(0.5), tf.train.MomentumOptimizer(0.1, 0.9),
            tf.train.AdamOptimizer(0.1), tf.train.AdagradOptimizer(0.5)):
    W, b = fit(opt, 151)
    print(np.round(W.numpy().ravel(), 2).tolist(), round(float(b.numpy()), 2))

W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(0.0)
opt = tf.train.GradientDescentOptimizer(0.5)
loss_fn = lambda: tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))  # noqa: E731
print("minimize returns", opt.minimize(loss_fn))
for _ in range(200):
    opt.minimize(loss_fn)
print("after minimize:", round(float(loss_fn()), 5), np.round(W.numpy().ravel(), 2).tolist())
only_b = tf.Variable(0.0)
opt.minimize(lambda: tf.square(only_b - 4.0), var_list=[only_b])
print("var_list:", only_b.numpy())
gs = tf.train.get_or_create_global_step()
v = tf.Variable(1.0)
small = tf.train.GradientDescentOptimizer(0.1)
for _ in range(3):
    small.minimize(lambda: v * v, global_step=gs)
print("global step", gs.numpy(), "v", round(float(v.numpy()), 4))
grads_and_vars = small.compute_gradients(lambda: 3.0 * v * v, var_list=[v])
print([(round(float(g), 4), round(float(x), 4)) for g, x in grads_and_vars])
