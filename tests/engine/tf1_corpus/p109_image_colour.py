import tensorflow as tf
import numpy as np

# Colour: tf.image.adjust_hue/adjust_saturation (uint8 and float images, TF's own HSV arithmetic), rgb_to_hsv
# and back (the Chinese TF book's distort_color uses the random_* forms of these).

img = (np.arange(4 * 5 * 3) * 37 % 256).astype(np.uint8).reshape(4, 5, 3)
fimg = img.astype(np.float32) / 255.0
outs = [tf.image.adjust_hue(img, 0.2), tf.image.adjust_hue(fimg, -0.45), tf.image.adjust_saturation(img, 1.7),
        tf.image.adjust_saturation(fimg, 0.3), tf.image.rgb_to_hsv(fimg), tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(fimg))]
print(outs[0], outs[2], outs[4])
with tf.Session() as sess:
    for v in sess.run(outs):
        print(v.dtype, v.shape, np.round(v.astype(np.float64), 4).reshape(-1)[:15].tolist())
