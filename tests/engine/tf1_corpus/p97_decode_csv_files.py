import tensorflow as tf
import numpy as np
import os
import tempfile

# decode_csv (defaults, quotes, delimiters, TF's error texts), read_file, WholeFileReader,
# TextLineDataset + decode_csv.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rec = tf.placeholder(tf.string)
cols = tf.decode_csv(rec, record_defaults=[[0], [0.0], ["x"], [np.int64(7)], [np.float64(0.5)]])
print(cols)
ops()
sess = tf.Session()
for i, c in enumerate(sess.run(cols, {rec: ["1,2.5,a,9,1e3", ",,,,", '3,-1,"q,""r""",0,2']})):
    show("col%d" % i, c)
for value in (["1,2,3,4"], ["a,2,3,4,5"], ["1,x,3,4,5"], ["1,2,3,4.5,5"], ["1,2,3,4,y"], ["1,2,3,4,5,6"],
              ['1,2,"a,4,5'], ['1,2,a"b,4,5']):
    show_error(value[0], lambda: sess.run(cols, {rec: value}))
req = tf.decode_csv(rec, record_defaults=[tf.constant([], tf.int32), [1.0]], field_delim=";")
show("semicolons", sess.run(req, {rec: ["1;2", "3;"]}))
show_error("required", lambda: sess.run(req, {rec: [";2"]}))
grid = tf.decode_csv(tf.constant([["1,2", "3,4"], ["5,6", "7,8"]]), [[0], [0]])
print(grid)
show("grid", sess.run(grid))
show_error("bad default type", lambda: tf.decode_csv(rec, record_defaults=[[True]]))
long_delim = tf.decode_csv(rec, record_defaults=[[0]], field_delim=";;")
show_error("long delim", lambda: sess.run(long_delim, {rec: ["1"]}))

d = tempfile.mkdtemp()
path = os.path.join(d, "data.txt")
with open(path, "w") as f:
    f.write("x,1\ny,2\nz,3\n")
contents = tf.read_file(path)
print(contents)
show("read_file", sess.run(contents))
missing = tf.read_file("/nonexistent_nbgraph_dir/none.txt")
show_error("missing", lambda: sess.run(missing))

q = tf.FIFOQueue(2, tf.string, shapes=[[]])
key, value = tf.WholeFileReader().read(q)
sess.run(q.enqueue(path))
k, v = sess.run([key, value])
print(os.path.basename(k.decode()), v)

lines = tf.data.TextLineDataset(path).map(lambda line: tf.decode_csv(line, [[""], [0]]))
print(lines.output_types, lines.output_shapes)
nxt = lines.make_one_shot_iterator().get_next()
show("rows", [sess.run(nxt) for _ in range(3)])
show_error("rows end", lambda: sess.run(nxt))
sess.close()
