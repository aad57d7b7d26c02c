import tensorflow as tf
import numpy as np

# where_v2 (SelectV2, broadcasting condition/x/y) and its gradient; tf.image adjust_brightness/contrast on
# uint8 (saturating back) and float images, crop/pad to a bounding box, central_crop,
# resize_image_with_crop_or_pad; cumprod, setdiff1d, invert_permutation.

img = (np.arange(5 * 6 * 3) * 13 % 256).astype(np.uint8).reshape(5, 6, 3)
fimg = img.astype(np.float32) / 255.0
outs = [tf.image.adjust_brightness(img, 0.1), tf.image.adjust_brightness(fimg, -0.2), tf.image.adjust_contrast(img, 1.5),
        tf.image.adjust_contrast(fimg, 0.5), tf.image.crop_to_bounding_box(img, 1, 2, 3, 3),
        tf.image.pad_to_bounding_box(img, 1, 1, 7, 9), tf.image.central_crop(fimg, 0.5),
        tf.image.resize_image_with_crop_or_pad(img, 3, 8), tf.image.resize_image_with_crop_or_pad(img[None], 7, 4)]
w = tf.where_v2(tf.constant([[True], [False]]), tf.constant([1.0, 2.0, 3.0]), tf.constant(0.0))
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
y = tf.constant([10.0, 20.0])
s = tf.reduce_sum(tf.where_v2(x > 2.0, x * x, y) * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
gx, gy = tf.gradients(s, [x, y])
extra = [tf.cumprod([1.0, 2.0, 3.0], exclusive=True), tf.setdiff1d([1, 2, 3, 4], [2, 4])[0], tf.invert_permutation([2, 0, 1])]
print([o.shape.as_list() for o in outs], w)
with tf.Session() as sess:
    for v in sess.run(outs + [w, gx, gy] + extra):
        v = np.asarray(v)
        print(v.dtype, v.shape, np.round(v.astype(np.float64), 4).reshape(-1)[:12].tolist())
