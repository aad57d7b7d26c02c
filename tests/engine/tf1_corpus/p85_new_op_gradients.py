import tensorflow as tf
import numpy as np

# Gradients through the issue-13 ops: convolution, pooling, bias, linear algebra, diagonals,
# split, gather_nd, top_k, einsum; the gradient graph's op names and the values.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

img = (np.arange(1 * 4 * 5 * 2, dtype=np.float64).reshape(1, 4, 5, 2) % 7) / 7.0 - 0.3
flt = (np.arange(2 * 3 * 2 * 3, dtype=np.float64).reshape(2, 3, 2, 3) % 5) / 5.0 - 0.4


def grads(label, build, wrt_values):
    with tf.Graph().as_default():
        ins = [tf.constant(v, name=f"in{i}") for i, v in enumerate(wrt_values)]
        out = build(*ins)
        outs = out if isinstance(out, (list, tuple)) else [out]
        w = [tf.constant(np.linspace(-1.0, 1.0, int(np.prod(o.shape.as_list()))).reshape(o.shape.as_list())
                         .astype(o.dtype.as_numpy_dtype)) for o in outs]
        loss = tf.add_n([tf.reduce_sum(o * c) for o, c in zip(outs, w)])
        gs = tf.gradients(loss, ins)
        if label not in ("eigvals", "trace", "top_k", "singular values", "svd", "qr"):  # (TF 2 renamed MatrixSetDiag/MatrixDiag; its top_k
            print(label, [None if g is None else g.op.type for g in gs])  # gradient ends in another op)
        with tf.Session() as sess:
            for i, g in enumerate(gs):
                if g is not None:
                    show(f"{label} d{i}", sess.run(g))


grads("conv2d same", lambda x, f: tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"), [img, flt])
grads("conv2d valid s2", lambda x, f: tf.nn.conv2d(x, f, [1, 2, 2, 1], "VALID"), [img, flt])
grads("max_pool", lambda x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), [img + np.arange(40).reshape(img.shape) * 1e-3])
grads("avg_pool", lambda x: tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 1, 2, 1], "SAME"), [img])
grads("bias_add", lambda x, b: tf.nn.bias_add(x, b), [img, np.array([0.1, -0.2])])
m = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
grads("matrix_inverse", tf.matrix_inverse, [m])
grads("matrix_determinant", tf.matrix_determinant, [m])
grads("matrix_solve", tf.matrix_solve, [m, np.array([[1.0], [2.0], [3.0]])])
grads("cholesky", tf.cholesky, [m])
grads("eigvals", tf.self_adjoint_eigvals, [m])
grads("singular values", lambda a: tf.svd(a, compute_uv=False), [m])
grads("svd", lambda a: (lambda s, u, v: [s, tf.matmul(u * [1.0, 2.0], v, transpose_b=True)])(*tf.svd(a[:, :2])),
      [m])
grads("qr", lambda a: (lambda q, r: tf.matmul(q * [1.0, 2.0, 3.0], r))(*tf.qr(a)), [m])
grads("diag", tf.diag, [np.array([1.0, 2.0])])
grads("diag_part", tf.diag_part, [m])
grads("trace", tf.trace, [m])
grads("cross", tf.cross, [np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])])
grads("split", lambda x: tf.split(x, 3, axis=1), [np.arange(12.0).reshape(2, 6)])
grads("split sizes", lambda x: tf.split(x, [1, -1], 1), [np.arange(12.0).reshape(2, 6)])
grads("gather_nd", lambda p: tf.gather_nd(p, [[0, 1], [2, 0], [0, 1]]), [m])
grads("top_k", lambda x: tf.nn.top_k(x, 2).values, [np.array([[1.0, 3.0, 2.0], [0.5, -1.0, 4.0]])])
grads("einsum", lambda a, b: tf.einsum("ij,jk->ik", a, b), [m, m[:, :2]])
grads("tile", lambda x: tf.tile(x, [2, 3]), [m[:2]])
grads("pad", lambda x: tf.pad(x, [[1, 0], [0, 2]]), [m[:2]])

with tf.Graph().as_default():
    x = tf.constant(img)
    f = tf.constant(flt)
    y = tf.nn.bias_add(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"), [0.1, 0.2, 0.3])
    p = tf.nn.max_pool(tf.nn.relu(y), [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    gx, gf = tf.gradients(tf.reduce_sum(p), [x, f])
    print(gx, gf)
    for op in tf.get_default_graph().get_operations():
        if op.name.split("/")[1:2] in (["Conv2D_grad"], ["MaxPool_grad"], ["BiasAdd_grad"], ["Relu_grad"]):
            print("  op", op.name, op.type, [t.name for t in op.inputs], op.outputs[0].shape)
