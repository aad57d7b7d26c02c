import tensorflow as tf
import numpy as np

# tf.image basics of image-classification lessons: resize_images / resize_bilinear /
# resize_nearest_neighbor (TF 1's pixel grid, align_corners), per_image_standardization, flips,
# convert_image_dtype, rgb_to_grayscale, tf.reverse; values and gradients through the resizes.

from corpus_helpers import show, show_error  # noqa: E402,F401
img = tf.constant(np.arange(2*3*4*2, dtype=np.float32).reshape(2, 3, 4, 2) / 10.0, name="img")
u8 = tf.constant(np.arange(3*2*3, dtype=np.uint8).reshape(3, 2, 3) * 10, name="u8")
r1 = tf.image.resize_images(img, [5, 3])
r2 = tf.image.resize_bilinear(img, [4, 6], align_corners=True)
r3 = tf.image.resize_nearest_neighbor(img, [5, 7])
r4 = tf.image.resize_images(u8, [4, 4], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
s = tf.image.per_image_standardization(u8)
f = tf.image.flip_left_right(u8)
f2 = tf.image.flip_up_down(img)
c = tf.image.convert_image_dtype(u8, tf.float32)
c2 = tf.image.convert_image_dtype(tf.constant([[[0.0], [0.5]], [[1.0], [0.25]]]), tf.uint8)
g = tf.image.rgb_to_grayscale(u8)
rv = tf.reverse(img, [1, -1])
print(r1, r2, r3, r4, s, f, f2, c, c2, g, rv)
up3 = tf.image.resize_images(tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4, 1)), [6, 8], align_corners=True)
gray3 = tf.image.grayscale_to_rgb(tf.constant([[[0.5]], [[1.0]]]))
flip_r = tf.image.random_flip_left_right(u8, seed=1)
flip_u = tf.image.random_flip_up_down(u8, seed=2)
print(up3, gray3, flip_r.shape, flip_u.shape)
with tf.Session() as sess:
    for i, t in enumerate([r1, r2, r3, r4, s, f, f2, c, c2, g, rv, up3, gray3]):
        show("v%d" % i, sess.run(t))
    gr = tf.gradients(tf.reduce_sum(r1 * r1) + tf.reduce_sum(r3 * tf.reshape(tf.range(7.0), [1, 1, 7, 1])) +
                      tf.reduce_sum(r2 * r2) + tf.reduce_sum(f2 * rv), img)[0]
    show("grad", np.round(sess.run(gr), 3))
    fr = sess.run(flip_r)
    print("random flip is a flip or not", bool(np.array_equal(fr, sess.run(u8)) or np.array_equal(fr, sess.run(f))))
show_error("resize-rank", lambda: tf.image.resize_images(tf.ones([2, 3]), [4, 4]))
show_error("flip-rank", lambda: tf.image.flip_left_right(tf.ones([2, 3])))
