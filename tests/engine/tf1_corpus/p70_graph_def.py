import tensorflow as tf

# GraphDef, NodeDef and get_attr: what TF 1.x writes for a small graph, and import_graph_def.

from corpus_helpers import show, show_error  # noqa: E402

x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
y = tf.reduce_sum(tf.matmul(x, w, transpose_b=False), axis=1, keep_dims=True, name="y")
z = tf.add(y, tf.constant(1.0), name="z")
c = tf.cast(z, tf.int32, name="c")
s = tf.shape(x, name="s")
n = tf.add_n([x, x], name="n")
g = tf.get_default_graph()
gd = g.as_graph_def()
print(type(gd).__name__, len(gd.node))
for node in gd.node:
    print(node.name, node.op, list(node.input), node.device == "")
for name, attr in [("MatMul", "T"), ("MatMul", "transpose_a"), ("y", "keep_dims"), ("y", "Tidx"), ("z", "T"),
                   ("c", "SrcT"), ("c", "DstT"), ("s", "out_type"), ("n", "N"), ("w", "dtype"), ("w", "container"),
                   ("w/Assign", "_class"), ("w/Assign", "use_locking"), ("w/Assign", "validate_shape"),
                   ("x", "dtype")]:
    print(name, attr, repr(g.get_operation_by_name(name).get_attr(attr)))
print([d.size for d in x.op.get_attr("shape").dim], [d.size for d in w.op.get_attr("shape").dim])
print(g.get_operation_by_name("Const").get_attr("value").float_val)
nd = z.op.node_def
print(nd.name, nd.op, list(nd.input), nd.attr["T"].type)
show_error("missing attr", lambda: z.op.get_attr("nope"))

with tf.Graph().as_default() as g2:
    feed = tf.placeholder(tf.float32, [None, 2], name="feed")
    out, w_op = tf.import_graph_def(gd, input_map={"x:0": feed}, return_elements=["z:0", "w"], name="m")
    print(out, w_op.name, w_op.type)
    print(tf.import_graph_def(gd))
    print(sorted(op.name for op in g2.get_operations())[:6])
    with tf.Session() as sess:
        sess.run("m/w/Assign")
        show("imported z", sess.run(out, {feed: [[1.0, 1.0], [2.0, 0.5]]}))
    show_error("bad return", lambda: tf.import_graph_def(gd, return_elements=["nope:0"]))
    show_error("bad input_map", lambda: tf.import_graph_def(gd, input_map={"q:0": feed}))
    unknown = tf.GraphDef()
    unknown.node.add(name="u", op="NoSuchOpAnywhere")
    show_error("unknown op", lambda: tf.import_graph_def(unknown), message=False)
