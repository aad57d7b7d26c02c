import tensorflow as tf
import numpy as np

# Object-detection image ops: draw_bounding_boxes (colour table, clipped and skipped boxes),
# non_max_suppression, crop_and_resize (bilinear/nearest, extrapolation) and its gradients,
# sample_distorted_bounding_box's outputs (shapes and dtypes: the crop itself is random).

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rng = np.random.RandomState(133)
img = tf.constant(rng.rand(2, 5, 6, 3).astype(np.float32), name="img")
boxes = tf.constant([[[0.1, 0.2, 0.8, 0.9], [0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 0.3, 0.9]],
                     [[-0.2, 0.3, 0.6, 1.2], [0.4, 0.4, 0.6, 0.6], [0, 0, 0, 0]]], name="boxes")
dr = tf.image.draw_bounding_boxes(img, boxes)
gray = tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 1]), [[[0.0, 0.0, 1.0, 1.0], [0.3, 0.3, 0.7, 0.7]]])
b = tf.constant([[0, 0, 1, 1], [0.5, 0.5, 1.5, 1.5], [0.05, 0.05, 1.05, 1.05], [0, 0.6, 0.4, 1.0], [0.9, 0.9, 1, 1]],
                tf.float32)
sc = tf.constant([0.9, 0.8, 0.85, 0.3, 0.95])
nms = tf.image.non_max_suppression(b, sc, 3, iou_threshold=0.5)
nms2 = tf.image.non_max_suppression(b, sc, 10, iou_threshold=0.1, score_threshold=0.5, name="strict")
cb = tf.constant([[0.1, 0.2, 0.7, 0.9], [0.5, -0.2, 1.3, 0.6], [0.3, 0.3, 0.3, 0.3]], name="cb")
cr = tf.image.crop_and_resize(img, cb, [0, 1, 0], [3, 4])
cn = tf.image.crop_and_resize(img, cb, [1, 0, 1], [2, 2], method="nearest", extrapolation_value=-1)
begin, size, bbox = tf.image.sample_distorted_bounding_box([5, 6, 3], [[[0.2, 0.2, 0.8, 0.8]]],
                                                           min_object_covered=0.3, seed=1)
crop = tf.slice(img[0], begin, size)
for t in (dr, gray, nms, nms2, cr, cn, begin, size, bbox, crop):
    print(t)
ops()
gi, gb = tf.gradients(tf.reduce_sum(cr * cr), [img, cb])
print(gi, gb)
with tf.Session() as sess:
    for name, t in [("dr", dr), ("gray", gray), ("nms", nms), ("nms2", nms2), ("cr", cr), ("cn", cn), ("gi", gi),
                    ("gb", gb)]:
        show(name, np.round(sess.run(t), 4))
    bg, sz, bb, cp = sess.run([begin, size, bbox, crop])
    print(bg.dtype, sz.dtype, bb.dtype, bb.shape, sz[2], cp.shape[2], bool(0 <= bg[0] <= 5 - sz[0]))
    show_error("nms bad boxes", lambda: sess.run(tf.image.non_max_suppression(tf.ones([3, 3]), tf.ones([3]), 2)))
show_error("draw rank", lambda: tf.image.draw_bounding_boxes(tf.zeros([4, 4, 3]), [[[0.0, 0.0, 1.0, 1.0]]]))
