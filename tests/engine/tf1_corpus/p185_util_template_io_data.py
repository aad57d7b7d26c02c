import tensorflow as tf
import numpy as np

# TF 1.15 utility names: make_template sharing variables, get_local_variable, tf.print and
# tf.strings.format, py_function in Dataset.map, fused dataset transformations, fixed-length
# records and the dataset TFRecord writer, tensor (de)serialization, web-safe base64, regex
# matching, matching_files and the numerics / initialization checks.

import os  # noqa: E402
import tempfile  # noqa: E402

from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def dense(x):
    w = tf.get_variable("w", [3, 2], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    return tf.add(tf.matmul(x, w), b, name="out")


layer = tf.make_template("dense", dense)
x = tf.constant([[1.0, 2.0, 3.0]])
y1, y2 = layer(x), layer(x * 2.0)
early = tf.make_template("early", dense, create_scope_now_=True)
y3 = early(x)
counter = tf.get_local_variable("counter", [], dtype=tf.int32, initializer=tf.zeros_initializer())
print(y1.name, y2.name, y3.name, layer.variable_scope_name, early.variable_scope_name)
print([v.name for v in tf.global_variables()], [v.name for v in tf.local_variables()])
print([v.name for v in layer.trainable_variables])
bad = tf.make_template("bad", lambda a: a * tf.Variable(1.0, name="plain"))
bad(x)
show_error("template tf.Variable", lambda: bad(x))

fmt = tf.strings.format("y={} range={}", [y1, tf.range(10)], summarize=2)
big = tf.strings.format("{}", tf.reshape(tf.range(24), [2, 3, 4]))
pr = tf.print("y1:", y1, {"b": tf.range(2)})
with tf.control_dependencies([pr]):
    inc = counter.assign_add(1)
print(fmt.op.type, pr.type, pr.name, [i.op.type for i in pr.inputs])
show_error("format count", lambda: tf.strings.format("{} {}", [x]))

ds = tf.data.Dataset.range(5).map(lambda i: tf.py_function(lambda v: v.numpy() * 10 + 1, [i], tf.int64))
ds = ds.apply(tf.data.experimental.map_and_batch(lambda v: v * 2, 2))
nxt = ds.make_one_shot_iterator().get_next()
rep = tf.data.Dataset.range(3).apply(tf.data.experimental.shuffle_and_repeat(3, count=2, seed=7))
rep_next = rep.make_one_shot_iterator().get_next()
opts = tf.data.Options()
opts.experimental_deterministic = True
print(tf.data.Dataset.range(2).with_options(opts).options().experimental_deterministic)

tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "records.bin")
with open(path, "wb") as f:
    f.write(b"HEAD" + b"abcdefghijkl" + b"T")
fixed = tf.data.FixedLengthRecordDataset(path, 4, header_bytes=4, footer_bytes=1)
fixed_next = fixed.make_one_shot_iterator().get_next()
rec_path = os.path.join(tmp, "out.tfrecord")
write = tf.data.experimental.TFRecordWriter(rec_path).write(tf.data.Dataset.from_tensor_slices(["one", "two"]))
show_error("writer ints", lambda: tf.data.experimental.TFRecordWriter(rec_path).write(tf.data.Dataset.range(2)),
           message=False)  # TF 1.15's text differs from TF 2's
for name in ("a.txt", "b.txt", "c.csv"):
    open(os.path.join(tmp, name), "w").close()
files = tf.io.matching_files(os.path.join(tmp, "*.txt"))

value = tf.constant([[1.5, -2.0], [0.25, 8.0]])
ser = tf.io.serialize_tensor(value)
back = tf.io.parse_tensor(ser, tf.float32)
wrong = tf.io.parse_tensor(ser, tf.int32)
b64 = tf.io.encode_base64(tf.constant(["hello?>", "TF 1.15"]))
b64p = tf.io.encode_base64(tf.constant("hello?>"), pad=True)
plain = tf.io.decode_base64(b64)
match = tf.strings.regex_full_match(tf.constant(["lesson1", "lesson", "quiz2"]), "[a-z]+[0-9]")
match_t = tf.strings.regex_full_match(tf.constant(["ab", "abc"]), tf.constant("a.c"))
stamp = tf.timestamp()
print(ser.op.type, back.op.type, back.shape, b64.op.type, match.op.type, match_t.op.type, stamp.dtype)

finite = tf.verify_tensor_all_finite(tf.constant([1.0, 2.0]) / tf.constant([1.0, 0.0]), "div!")
ready = tf.assert_variables_initialized()
print(finite.name, ready.name, ready.op.type)

with tf.Session() as s:
    show_error("uninitialized", lambda: s.run(ready), message=False)  # which variable: TF's run order
    s.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    show("ready", s.run(ready))
    show("y", s.run([y1, y2, y3]))
    show("fmt", s.run(fmt))
    show("big", s.run(big))
    show("inc", s.run(inc))
    show("batch", s.run(nxt))
    show("batch", s.run(nxt))
    show("batch", s.run(nxt))
    show_error("batches done", lambda: s.run(nxt), message=False)
    show("shuffled", sorted(s.run(rep_next) for _ in range(6)))
    show("fixed", [s.run(fixed_next) for _ in range(3)])
    s.run(write)
    show("files", [os.path.basename(f) for f in s.run(files)])
    show("ser", s.run(ser).hex())
    show("back", s.run(back))
    show_error("parse wrong type", lambda: s.run(wrong))
    show("b64", s.run(b64))
    show("b64 pad", s.run(b64p))
    show("plain", s.run(plain))
    show("match", s.run(match))
    show("match t", s.run(match_t))
    show("stamp", s.run(stamp) > 1.6e9)
    show_error("finite", lambda: s.run(finite))
print(list(tf.python_io.tf_record_iterator(rec_path)))

g = tf.Graph()
with g.as_default():
    p = tf.placeholder(tf.float32, name="p")
    q = tf.sqrt(p, name="q")
    checks = tf.add_check_numerics_ops()
    ops(g)
    with tf.Session() as s:
        s.run(checks, {p: 4.0})
        show_error("check numerics", lambda: s.run(checks, {p: -1.0}))
