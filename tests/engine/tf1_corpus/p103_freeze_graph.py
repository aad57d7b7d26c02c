import tensorflow as tf

# Freezing a trained graph: graph_util.convert_variables_to_constants (variables become Consts holding
# their trained values), extract_sub_graph, importing the frozen GraphDef into a fresh graph; bad input.

x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
b = tf.Variable([0.5], name="b")
y = tf.add(tf.matmul(x, w), b, name="y")
loss = tf.reduce_sum(y)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    s.run(train, {x: [[1.0, 1.0]]})
    gd = tf.graph_util.convert_variables_to_constants(s, s.graph.as_graph_def(), ["y"])
print([(n.name, n.op if n.op != "AddV2" else "Add") for n in gd.node])
sub = tf.graph_util.extract_sub_graph(tf.get_default_graph().as_graph_def(), ["y"])
print([n.name for n in sub.node])
with tf.Graph().as_default() as g:
    tf.import_graph_def(gd, name="")
    with tf.Session() as s:
        print(s.run("y:0", {"x:0": [[1.0, 2.0]]}))
try:
    tf.graph_util.extract_sub_graph(gd, ["nope"])
except AssertionError as e: print("AssertionError", e)
try:
    tf.graph_util.extract_sub_graph("x", ["y"])
except TypeError as e: print("TypeError", e)
print([n.name for n in tf.graph_util.remove_training_nodes(sub).node])
