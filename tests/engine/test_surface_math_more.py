"""The surfa round's TF 1.15 functions (tf.norm, tf.sort, tf.math.reduce_std, ...): values against
numpy, op types/names as TF builds them, and TF's error texts."""
import numpy as np
import pytest

import nbgraph as tf

X = np.arange(-12., 12.).reshape(2, 3, 4).astype(np.float32)


def run(t, feed=None):
    with tf.Session() as s:
        return s.run(t, feed)


@pytest.fixture(autouse=True)
def _fresh():
    tf.reset_default_graph()


@pytest.mark.parametrize("kw,ref", [
    ({}, lambda a: np.linalg.norm(a.ravel())),
    ({"ord": 1}, lambda a: np.abs(a).sum()),
    ({"ord": np.inf, "axis": 1}, lambda a: np.abs(a).max(1)),
    ({"ord": 3, "axis": -1}, lambda a: (np.abs(a) ** 3).sum(-1) ** (1 / 3)),
    ({"ord": "fro", "axis": (1, 2)}, lambda a: np.linalg.norm(a, "fro", axis=(1, 2))),
    ({"ord": 1, "axis": (1, 2)}, lambda a: np.linalg.norm(a, 1, axis=(1, 2))),
    ({"ord": np.inf, "axis": [1, 2]}, lambda a: np.linalg.norm(a, np.inf, axis=(1, 2))),
    ({"ord": 2, "axis": (1, 2)}, lambda a: np.linalg.norm(a, 2, axis=(1, 2))),
    ({"ord": 2, "axis": (-1, -2)}, lambda a: np.linalg.norm(a, 2, axis=(-1, -2))),
])
def test_norm_values(kw, ref):
    got = run(tf.norm(tf.constant(X), **kw))
    np.testing.assert_allclose(got, ref(X.astype(np.float64)), rtol=1e-5)


def test_norm_graph_and_keepdims():
    n = tf.norm(tf.constant(X), ord=1, axis=2, keepdims=True)
    assert n.name == "norm/Sum:0" and n.shape.as_list() == [2, 3, 1]
    assert [o.type for o in tf.get_default_graph().get_operations() if o.name.startswith("norm/")] == \
        ["Abs", "Const", "Sum"]
    e = tf.linalg.norm(tf.constant(X), name="e")
    assert e.name == "e/Squeeze:0" and e.op.inputs[0].op.type == "Sqrt"
    assert tf.norm(tf.constant(X), ord=2, axis=(1, 2)).shape.as_list() == [None]


@pytest.mark.parametrize("kw,msg", [
    ({"ord": "fro"}, "'ord' must be a supported vector norm, got fro"),
    ({"ord": -2}, "'ord' must be a supported vector norm, got -2"),
    ({"ord": "nuc", "axis": (0, 1)}, "'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got nuc"),
    ({"axis": (1, 1)}, "'axis' must be None, an integer, or a tuple of 2 unique integers"),
    ({"axis": [0, 1, 2]}, "'axis' must be None, an integer, or a tuple of 2 unique integers"),
])
def test_norm_errors(kw, msg):
    with pytest.raises(ValueError) as e:
        tf.norm(tf.constant(X), **kw)
    assert str(e.value) == msg


def test_norm_gradient_matches_finite_difference():
    x = tf.placeholder(tf.float64, [2, 3, 4])
    n = tf.norm(x, ord=3)
    g = run(tf.gradients(n, x)[0], {x: X})
    a = X.astype(np.float64)
    np.testing.assert_allclose(g, np.sign(a) * np.abs(a) ** 2 / ((np.abs(a) ** 3).sum() ** (2 / 3)), rtol=1e-6)
