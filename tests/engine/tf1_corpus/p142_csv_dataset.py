import tensorflow as tf
import numpy as np
import os
import tempfile

# tf.data.experimental.CsvDataset as the tf.data lessons load a CSV: a header line, selected
# columns, dtypes (required columns) and values (defaults for empty fields) in record_defaults,
# quoted fields with commas, an na_value, a pipeline (repeat/batch) over it; the error for a
# required field left empty. Also tf.image.resize (TF 1.x's second name of resize_images).

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

folder = tempfile.mkdtemp()
path = os.path.join(folder, "people.csv")
with open(path, "w") as f:
    f.write("survived,pclass,name,sex,age,fare\n")
    f.write('1,1,"Allen, Miss. Elisabeth",female,29,211.3375\n')
    f.write('0,3,"Braund, Mr. Owen",male,,7.25\n')
    f.write('1,2,"Quote ""Q"" Name",female,NA,13.0\n')

ds = tf.data.experimental.CsvDataset(path, [tf.int32, tf.int32, tf.string, tf.string, [-1.0], tf.float32],
                                     header=True, na_value="NA")
print(ds.output_types)
print(ds.output_shapes)
it = ds.make_one_shot_iterator()
row = it.get_next()
print(len(row), row[0].dtype, row[2].shape)
with tf.Session() as sess:
    for i in range(3):
        values = sess.run(row)
        print(i, [v.decode() if isinstance(v, bytes) else round(float(v), 4) for v in values])
    show_error("past the end", lambda: sess.run(row))

sel = tf.data.experimental.CsvDataset(path, [tf.int32, tf.string, [0.0]], header=True, select_cols=[0, 3, 5])
batched = sel.repeat(2).batch(4)
print(batched.output_shapes)
nxt = batched.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    for _ in range(2):
        a, b, c = sess.run(nxt)
        show("survived", a)
        print("sex", [x.decode() for x in b])
        show("fare", c)

required = tf.data.experimental.CsvDataset(path, [tf.int32, tf.int32, tf.string, tf.string, tf.float32, tf.float32],
                                           header=True)
r = required.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    print("first", sess.run(r)[4])
    show_error("empty required field", lambda: sess.run(r))

no_header = tf.data.experimental.CsvDataset(path, [tf.string], select_cols=[2])
with tf.Session() as sess:
    first = no_header.make_one_shot_iterator().get_next()
    print("header as data", sess.run(first)[0].decode())

img = tf.constant(np.arange(2 * 3 * 1, dtype=np.float32).reshape(2, 3, 1))
resized = tf.image.resize(img, [4, 6])
print(resized)
with tf.Session() as sess:
    show("resized", sess.run(resized)[:, :, 0])
