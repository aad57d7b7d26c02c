import tensorflow as tf
import numpy as np
from corpus_helpers import show

# A kernels lesson: decode an image (rank unknown until it runs), scale it, make it grey, batch it
# and convolve it with hand-made filters. rgb_to_grayscale's tensordot then builds its shapes in the
# graph; tensordot on shapeless placeholders, and its gradient, go the same way.

pixels = (np.arange(6 * 8 * 3) * 37 % 256).astype(np.uint8).reshape(6, 8, 3)
with tf.Session() as sess:
    png_bytes = sess.run(tf.image.encode_png(tf.constant(pixels)))
contents = tf.placeholder(tf.string, [], name="contents")  # what tf.read_file would give
decoded = tf.image.decode_image(contents)
image = tf.cast(decoded, tf.float32) / 256.0
gray = tf.image.rgb_to_grayscale(image)
batch = tf.expand_dims(gray, 0)
print(decoded, image, gray, batch)
sharpen = np.zeros([3, 3, 1, 1], np.float32)
sharpen[1, 1] = 5.0
sharpen[0, 1] = sharpen[1, 0] = sharpen[2, 1] = sharpen[1, 2] = -1.0
blur = np.full([3, 3, 1, 1], 1.0 / 9, np.float32)
filtered = [tf.nn.conv2d(batch, k, strides=[1, 2, 2, 1], padding="SAME")[0] for k in (sharpen, blur)]
edges = tf.minimum(tf.nn.relu(filtered[0]), 1.0)
print(filtered[0], edges)

x = tf.placeholder(tf.float32, name="x")
y = tf.placeholder(tf.float32, name="y")
m = tf.constant([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0]])
t1 = tf.tensordot(x, m, [[-1], [0]])
t2 = tf.tensordot(m, y, [[0], [0]])
t3 = tf.tensordot(x, y, [[2, 0], [0, 1]])
print(t1, t2, t3)
loss = tf.reduce_sum(t1 * t1) + tf.reduce_sum(t3)
gx, gy = tf.gradients(loss, [x, y])
xv = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(2, 4, 3)
yv = np.linspace(0.5, -0.5, 3 * 2 * 5, dtype=np.float32).reshape(3, 2, 5)
with tf.Session() as sess:
    for name, v in zip(["gray", "sharp", "blur", "edges"], sess.run([gray, filtered[0], filtered[1], edges], {contents: png_bytes})):
        show(name, v)
    out = sess.run([t1, t2, t3, gx, gy], {x: xv, y: yv})
    for name, v in zip(["t1", "t2", "t3", "gx", "gy"], out):
        show(name, v)
