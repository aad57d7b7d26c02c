import tensorflow as tf
from tensorflow.python.framework import ops
from tensorflow.python.framework import constant_op, dtypes, tensor_shape
from tensorflow.python.ops import array_ops, control_flow_ops, init_ops, math_ops, nn_ops, random_ops
from tensorflow.python.ops import state_ops, variables

# The module paths cookbook lessons import: `ops.reset_default_graph()` first of all, then the
# framework and ops modules used the way those lessons use them.

from corpus_helpers import ops as show_ops, show, show_error  # noqa: E402,F401

tf.constant(1.0, name="before")
ops.reset_default_graph()
print([op.name for op in tf.get_default_graph().get_operations()])
print(ops.get_default_graph() is tf.get_default_graph())
sess = tf.Session()

a = constant_op.constant([1.0, 2.0, 3.0], dtype=dtypes.float32, name="a")
b = math_ops.add(a, 1.0)
c = math_ops.reduce_sum(math_ops.multiply(b, b))
d = array_ops.reshape(a, [3, 1])
e = array_ops.concat([a, b], 0)
with ops.name_scope("scope"):
    f = nn_ops.relu(math_ops.subtract(a, 2.0))
    g = array_ops.placeholder(dtypes.int32, shape=tensor_shape.TensorShape([None, 2]), name="g")
h = ops.convert_to_tensor([[1, 2]], name="h")
# (variables.Variable is the V2 class: TF 1.15 made resource variables there; lessons use tf.Variable)
v = tf.Variable(init_ops.zeros_initializer()([3]), name="v")
w = tf.Variable(init_ops.constant_initializer(2.0)([3]), name="w")
upd = state_ops.assign_add(v, a)
grp = control_flow_ops.group(upd, name="grp")
for t in (a, b, c, d, e, f, g, h, upd):
    print(t)
print(grp.name, grp.type, v.dtype, dtypes.float32 == tf.float32, tensor_shape.TensorShape([None, 3]))
sess.run(variables.global_variables_initializer())
sess.run(grp)
show("b", sess.run(b))
show("c", sess.run(c))
show("f", sess.run(f))
show("v", sess.run(v))
show("w", sess.run(w))
show("g", sess.run(math_ops.reduce_sum(g), {g: [[1, 2], [3, 4]]}))
print(len(ops.get_collection(ops.GraphKeys.GLOBAL_VARIABLES)), len(tf.trainable_variables()))
with ops.Graph().as_default() as other:
    x = constant_op.constant(5, name="x")
    print(x.graph is other, ops.get_default_graph() is other)
    print(random_ops.random_normal([2, 3]).shape, random_ops.truncated_normal([4]).dtype)
show_ops()
