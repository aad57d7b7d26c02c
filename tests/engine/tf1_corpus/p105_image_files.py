import tensorflow as tf
import numpy as np

# Image files: encode_png/decode_png (exact pixels; grey as libpng computes it), encode_jpeg/
# decode_jpeg (lossy: only closeness is printed), decode_image by the file's first bytes, and the
# errors for data that is not an image.

from corpus_helpers import show, show_error  # noqa: E402

img = (np.arange(4 * 5 * 3) * 7 % 256).astype(np.uint8).reshape(4, 5, 3)
png = tf.image.encode_png(img)
dec = tf.image.decode_png(png)
gray = tf.image.decode_png(png, channels=1)
rgba = tf.image.decode_png(png, channels=4)
jpg = tf.image.encode_jpeg(img, quality=100)
djpg = tf.image.decode_jpeg(jpg)
gjpg = tf.image.decode_jpeg(jpg, channels=1)
any_png = tf.image.decode_image(png)
print(png, dec, gray, rgba, jpg, djpg, gjpg, any_png)
with tf.Session() as s:
    p, d, g, a, j, dj, gj, ap = s.run([png, dec, gray, rgba, jpg, djpg, gjpg, any_png])
    print(type(p).__name__, p[:8])
    show("png", d)
    show("gray", g)
    show("rgba alpha", a[..., 3])
    print("jpeg", dj.shape, dj.dtype, int(np.abs(dj.astype(int) - img).max()) < 40, gj.shape)
    show("decode_image", ap)
    # (TF 2 decodes every format in one kernel and words these errors as decode_image does; TF 1.15
    # names the format: "Invalid PNG data, size 9", tested in tests/engine/test_image_files.py)
    show_error("bad png", lambda: s.run(tf.image.decode_png(b"not a png")), message=False)
    show_error("bad jpeg", lambda: s.run(tf.image.decode_jpeg(b"nope")), message=False)
    show_error("bad image", lambda: s.run(tf.image.decode_image(b"???")), message=False)
