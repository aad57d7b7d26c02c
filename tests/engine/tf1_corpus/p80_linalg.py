import tensorflow as tf
import numpy as np

# Linear algebra: inverse, determinant, solve, Cholesky, eigen/singular values, QR, diagonals,
# einsum, tensordot and cross; TF's op types, shapes and error texts.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

m = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]]
rhs = [[1.0], [2.0], [3.0]]
with tf.Graph().as_default():
    a = tf.constant(m, name="a")
    b = tf.constant(rhs, name="b")
    inv = tf.matrix_inverse(a)
    det = tf.matrix_determinant(a)
    sol = tf.matrix_solve(a, b)
    chol = tf.cholesky(a)
    e, v = tf.self_adjoint_eig(a)
    s, u, w = tf.svd(a)
    q, r = tf.qr(a)
    for t in (inv, det, sol, chol, e, v, s, u, w, q, r):
        print(t, t.op.type)
    with tf.Session() as sess:
        show("inv", sess.run(inv))
        show("det", sess.run(det))
        show("solve", sess.run(sol))
        show("chol", sess.run(chol))
        show("eigvals", sess.run(e))
        show("eig rebuilt", sess.run(tf.matmul(v * e, v, transpose_b=True)))
        show("singular", sess.run(s))
        show("svd rebuilt", sess.run(tf.matmul(u * s, w, transpose_b=True)))
        show("qr rebuilt", sess.run(tf.matmul(q, r)))
        show("|diag r|", np.abs(sess.run(tf.diag_part(r))))
        show("inv @ a", sess.run(tf.matmul(inv, a)))
        show("linalg.inv", sess.run(tf.linalg.inv(a)))
        show("linalg.det", sess.run(tf.linalg.det(a)))
        show("adjoint inv", sess.run(tf.matrix_inverse(a, adjoint=True)))
    ops()

with tf.Graph().as_default():
    d = tf.diag([1.0, 2.0, 3.0])
    dp = tf.diag_part(tf.constant(m))
    cr = tf.cross(tf.constant([1.0, 0.0, 0.0]), tf.constant([0.0, 1.0, 0.0]))
    es = tf.einsum("ij,jk->ik", tf.constant(m), tf.constant(rhs))
    for t in (d, dp, cr, es):
        print(t, t.op.type)
    with tf.Session() as sess:
        show("diag", sess.run(d))
        show("diag_part", sess.run(dp))
        show("cross", sess.run(cr))
        show("einsum", sess.run(es))
        show("einsum trace", sess.run(tf.einsum("ii", tf.constant(m))))
        show("einsum outer", sess.run(tf.einsum("i,j->ij", tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]))))
        show("trace", sess.run(tf.trace(tf.constant(m))))
        show("tensordot 1", sess.run(tf.tensordot(tf.constant(m), tf.constant(rhs), axes=1)))
        show("tensordot 0", sess.run(tf.tensordot(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]), axes=0)))
        show("tensordot pairs", sess.run(tf.tensordot(tf.ones([2, 3, 4]), tf.ones([4, 3]), [[1, 2], [1, 0]])))
        show("batch det", sess.run(tf.matrix_determinant(tf.constant([m, m]))))
        show("eye", sess.run(tf.eye(2)))

with tf.Graph().as_default():
    show_error("inverse non-square", lambda: tf.matrix_inverse(tf.ones([2, 3])))
    show_error("det rank 1", lambda: tf.matrix_determinant(tf.ones([3])))
    show_error("inverse int", lambda: tf.matrix_inverse(tf.constant([[1, 2], [3, 4]])))
    show_error("solve rows", lambda: tf.matrix_solve(tf.ones([2, 2]), tf.ones([3, 1])))
    show_error("cross dim", lambda: tf.cross(tf.ones([2]), tf.ones([2])))
    show_error("diag_part odd", lambda: tf.diag_part(tf.ones([2, 2, 2])))
    p = tf.placeholder(tf.float32, [2, 2], name="p")
    with tf.Session() as sess:
        show_error("singular", lambda: sess.run(tf.matrix_inverse(p), {p: [[1.0, 2.0], [2.0, 4.0]]}))
        show("det fed", sess.run(tf.matrix_determinant(p), {p: [[1.0, 2.0], [3.0, 4.0]]}))
        show_error("solve fed rows", lambda: sess.run(tf.matrix_solve(p, tf.ones([3, 1])), {p: [[1.0, 2.0], [3.0, 4.0]]}))
# (TF 1.15's Cholesky raised on a matrix that is not positive definite; TF 2 returns NaNs, so the
# corpus leaves it out: tests/engine/test_linalg_conv_ops.py checks TF 1.15's error.)
