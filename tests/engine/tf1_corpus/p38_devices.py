import tensorflow as tf
import collections
import numpy as np

# Device strings: DeviceSpec, nested tf.device blocks and device functions.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

for s in ["/gpu:0", "/GPU:1", "/device:GPU:0", "/cpu:0", "/job:localhost/replica:0/task:0/device:CPU:0",
          "/job:worker", "/task:1/gpu:0", "/job:ps/task:2", ""]:
    spec = tf.DeviceSpec.from_string(s)
    print(repr(s), repr(spec.to_string()), spec.job, spec.replica, spec.task, spec.device_type, spec.device_index)
with tf.device("/gpu:0"):
    a = tf.constant(1.0, name="a")
    with tf.device("/cpu:0"):
        b = tf.constant(1.0, name="b")
    with tf.device("/job:worker"):
        c = tf.constant(1.0, name="c")
    with tf.device(None):
        d = tf.constant(1.0, name="d")
    e = a + b
with tf.device("/job:ps/task:2"):
    with tf.device("/gpu:1"):
        f = tf.constant(1.0, name="f")
with tf.device("/device:CPU:0"):
    v = tf.Variable(1.0, name="v")
with tf.device(lambda op: "/gpu:0" if op.type == "MatMul" else "/cpu:0"):
    m = tf.matmul(tf.ones([1, 1], name="o1"), tf.ones([1, 1], name="o2"), name="mm")
plain = tf.constant(0.0, name="plain")
for op in tf.get_default_graph().get_operations():
    print(op.name, repr(op.device))
print(repr(e.device), repr(v.device), repr(plain.device))
g = tf.Graph()
with g.as_default():
    with tf.device("/gpu:7"):
        x = tf.constant(2.0, name="x")
        y = x * 3
    free = tf.constant(1.0, name="free")
with tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True)) as sess:
    show("soft placement runs", sess.run(y))
with tf.Session(graph=g) as sess:
    show_error("hard placement fails", lambda: sess.run(y), message=False)
    show_error("an unpinned op fails too", lambda: sess.run(free), message=False)
