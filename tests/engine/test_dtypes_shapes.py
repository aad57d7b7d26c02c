"""`engine/dtypes.py`, `engine/shapes.py` and constant dtype inference (`engine/convert.py`)."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import dtypes
from nbgraph.engine.shapes import Dimension, TensorShape, broadcast_shapes, unknown_shape


# -- DType ---------------------------------------------------------------------------------
def test_dtype_repr_and_str_are_tf_115s():
    assert repr(tf.float32) == "tf.float32"
    assert str(tf.float32) == "<dtype: 'float32'>"
    assert repr(tf.float32._as_ref) == "tf.float32_ref"
    assert tf.int64.name == "int64"


@pytest.mark.parametrize("value, expected", [
    ("float32", dtypes.float32), ("float", dtypes.float32), ("double", dtypes.float64),
    ("half", dtypes.float16), (np.float64, dtypes.float64), (np.dtype("int32"), dtypes.int32),
    (float, dtypes.float32), (int, dtypes.int32), (bool, dtypes.bool_), (str, dtypes.string),
    (bytes, dtypes.string), (np.uint8, dtypes.uint8), ("int32_ref", dtypes.int32._as_ref),
    (np.bool_, dtypes.bool_), (np.dtype("S3"), dtypes.string),
])
def test_as_dtype_accepts_every_spelling(value, expected):
    assert tf.as_dtype(value) is expected


@pytest.mark.parametrize("value, text", [
    ("foo", "Cannot convert value 'foo' to a TensorFlow DType."),
    (np.datetime64, "Cannot convert value <class 'numpy.datetime64'> to a TensorFlow DType."),
])
def test_as_dtype_rejects_unknown_types(value, text):
    with pytest.raises(TypeError) as e:
        tf.as_dtype(value)
    assert str(e.value) == text


def test_dtype_equality_and_hash():
    assert tf.float32 == "float32"
    assert tf.float32 == np.float32
    assert tf.float32 != tf.int32
    assert not (tf.float32 == None)  # noqa: E711 - TF's __eq__(None) is False
    assert not (tf.float32 == 3)
    assert tf.float32._as_ref != tf.float32
    assert len({tf.float32, tf.as_dtype("float"), tf.as_dtype(np.float32)}) == 1


def test_dtype_predicates_and_limits():
    assert tf.float16.is_floating and tf.float64.is_floating and not tf.int32.is_floating
    assert tf.int8.is_integer and tf.uint8.is_integer and not tf.bool.is_integer
    assert tf.uint8.is_unsigned and not tf.int8.is_unsigned
    assert tf.bool.is_bool and not tf.int32.is_bool
    assert (tf.int8.min, tf.int8.max) == (-128, 127)
    assert tf.uint8.max == 255
    assert tf.float32.max == np.finfo(np.float32).max
    assert tf.float32.size == 4 and tf.int64.size == 8
    with pytest.raises(TypeError) as e:
        tf.string.min
    assert str(e.value) == "Cannot find minimum value of <dtype: 'string'>."


def test_ref_dtypes():
    ref = tf.float32._as_ref
    assert ref.name == "float32_ref"
    assert ref.is_ref_dtype and not tf.float32.is_ref_dtype
    assert ref.base_dtype is tf.float32
    assert ref._as_ref is ref
    # TF: a ref converts to its base type, not the other way round.
    assert tf.float32.is_compatible_with(ref)
    assert not ref.is_compatible_with(tf.float32)
    assert ref.is_compatible_with(ref)
    assert not tf.float32.is_compatible_with(tf.int32)


def test_dtypes_pickle_to_the_same_object():
    for d in (tf.float32, tf.int64, tf.string, tf.float32._as_ref):
        assert pickle.loads(pickle.dumps(d)) is d


def test_numpy_twins():
    assert tf.float32.as_numpy_dtype is np.float32
    assert tf.int32.as_numpy_dtype is np.int32
    assert tf.bool.as_numpy_dtype is np.bool_
    assert tf.string.as_numpy_dtype is object


# -- constant dtype inference -----------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (1, "int32"), (1.0, "float32"), (True, "bool"), ("s", "string"), (b"s", "string"),
    (np.float64(1), "float64"), ([1, 2.5], "float32"), (2 ** 40, "int64"), ([], "float32"),
    (np.array([1, 2], np.int16), "int16"), ([[True], [False]], "bool"),
])
def test_constant_infers_tf_dtypes(value, expected):
    assert tf.constant(value).dtype.name == expected


@pytest.mark.parametrize("value, dtype, text", [
    (1.5, tf.int32, "Expected int32, got 1.5 of type 'float' instead."),
    ("a", tf.float32, "Expected float32, got 'a' of type 'str' instead."),
    (1, tf.bool, "Expected bool, got 1 of type 'int' instead."),
    (np.array([1.5]), tf.int32, "Expected int32, got array([1.5]) of type 'ndarray' instead."),
])
def test_constant_refuses_lossy_conversion(value, dtype, text):
    with pytest.raises(TypeError) as e:
        tf.constant(value, dtype=dtype)
    assert str(e.value) == text


def test_constant_with_shape_broadcasts_pads_and_refuses():
    with tf.Session() as s:
        assert s.run(tf.constant(7.0, shape=[2, 2])).tolist() == [[7.0, 7.0], [7.0, 7.0]]
        # TF 1.x pads a short list with its last element
        assert s.run(tf.constant([1, 2], shape=[2, 3])).tolist() == [[1, 2, 2], [2, 2, 2]]
        assert s.run(tf.constant([1, 2, 3, 4], shape=[2, 2])).tolist() == [[1, 2], [3, 4]]
    with pytest.raises(ValueError) as e:
        tf.constant([1, 2, 3, 4, 5, 6, 7], shape=[5])
    assert str(e.value) == "Too many elements provided. Needed at most 5, but received 7"
    with pytest.raises(TypeError) as e:
        tf.constant([1, 2, 3], shape=[3, 1], verify_shape=True)
    assert str(e.value) == "Expected Tensor's shape: (3, 1), got (3,)."


def test_constant_of_a_ragged_list_is_an_error():
    with pytest.raises(ValueError) as e:
        tf.constant([[1, 2], [3]])
    assert str(e.value) == "Argument must be a dense tensor: [[1, 2], [3]] - got shape [2], but wanted [2, 2]."


def test_constant_values_are_frozen():
    arr = np.array([1.0, 2.0], np.float32)
    c = tf.constant(arr)
    arr[0] = 99.0  # the caller's array is not the op's
    with tf.Session() as s:
        assert s.run(c).tolist() == [1.0, 2.0]


# -- Dimension ---------------------------------------------------------------------------
def test_dimension_basics():
    assert repr(Dimension(3)) == "Dimension(3)"
    assert repr(Dimension(None)) == "Dimension(None)"
    assert str(Dimension(3)) == "3" and str(Dimension(None)) == "?"
    assert Dimension(3) == 3
    assert (Dimension(None) == 3) is None  # TF: unknown compares to None
    assert Dimension(3) != Dimension(4)
    assert int(Dimension(5)) == 5
    assert Dimension(np.int64(2)).value == 2
    assert tf.Dimension is Dimension


def test_dimension_errors():
    with pytest.raises(ValueError) as e:
        Dimension(-1)
    assert str(e.value) == "Dimension -1 must be >= 0"
    with pytest.raises(TypeError) as e:
        Dimension(1.5)
    assert str(e.value).startswith("Dimension value must be integer or None or have an __index__ method, "
                                   "got value '1.5' with type '<class 'float'>'")


def test_dimension_merge():
    assert Dimension(None).merge_with(3).value == 3
    assert Dimension(3).merge_with(None).value == 3
    with pytest.raises(ValueError) as e:
        Dimension(3).merge_with(4)
    assert str(e.value) == "Dimensions 3 and 4 are not compatible"


# -- TensorShape -------------------------------------------------------------------------
@pytest.mark.parametrize("dims, text, rep", [
    ([None, 3], "(?, 3)", "TensorShape([Dimension(None), Dimension(3)])"),
    ([2, 3], "(2, 3)", "TensorShape([Dimension(2), Dimension(3)])"),
    ([3], "(3,)", "TensorShape([Dimension(3)])"),
    ([], "()", "TensorShape([])"),
    (None, "<unknown>", "TensorShape(None)"),
])
def test_tensor_shape_str_and_repr(dims, text, rep):
    s = TensorShape(dims)
    assert str(s) == text
    assert repr(s) == rep


def test_tensor_shape_queries():
    s = TensorShape([None, 3])
    assert s.as_list() == [None, 3]
    assert s.ndims == 2 and s.rank == 2 and len(s) == 2
    assert repr(s[0]) == "Dimension(None)" and s[1].value == 3
    assert s[1:] == TensorShape([3])
    assert not s.is_fully_defined() and s.num_elements() is None
    assert TensorShape([2, 3]).num_elements() == 6
    assert TensorShape([]).num_elements() == 1
    assert TensorShape(None).ndims is None
    assert repr(TensorShape(None)[0]) == "Dimension(None)"
    assert [d.value for d in s] == [None, 3]
    assert TensorShape(4).as_list() == [4]
    assert s == [None, 3] and s != [2, 3]


def test_tensor_shape_unknown_rank_errors():
    u = TensorShape(None)
    with pytest.raises(ValueError) as e:
        u.as_list()
    assert str(e.value) == "as_list() is not defined on an unknown TensorShape."
    with pytest.raises(ValueError) as e:
        len(u)
    assert str(e.value) == "Cannot take the length of shape with unknown rank."


def test_tensor_shape_compatibility_and_merge():
    s = TensorShape([None, 3])
    assert s.is_compatible_with([2, 3])
    assert not s.is_compatible_with([2, 4])
    assert not s.is_compatible_with([2, 3, 4])
    assert TensorShape(None).is_compatible_with([5, 6, 7])
    assert s.merge_with([2, None]).as_list() == [2, 3]
    assert TensorShape(None).merge_with(s) == s
    with pytest.raises(ValueError) as e:
        s.merge_with([2, 4])
    assert str(e.value) == "Shapes (?, 3) and (2, 4) are not compatible"
    with pytest.raises(ValueError) as e:
        s.assert_is_compatible_with([1])
    assert str(e.value) == "Shapes (?, 3) and [1] are incompatible"  # the other as given


def test_tensor_shape_rank_and_concatenate():
    s = TensorShape([None, 3])
    assert s.with_rank(2) is s
    assert str(TensorShape(None).with_rank(2)) == "(?, ?)"
    with pytest.raises(ValueError) as e:
        s.with_rank(3)
    assert str(e.value) == "Shape (?, 3) must have rank 3"
    assert str(s.concatenate([4])) == "(?, 3, 4)"
    assert s.concatenate(None).ndims is None
    assert unknown_shape(2).as_list() == [None, None]


@pytest.mark.parametrize("a, b, out", [
    ([2, 1], [3], [2, 3]), ([None, 3], [3], [None, 3]), ([None, 3], [1], [None, 3]),
    ([1], [None], [None]), ([], [4, 5], [4, 5]), ([None], [4], [4]),
])
def test_broadcast_shapes(a, b, out):
    assert broadcast_shapes(TensorShape(a), TensorShape(b)).as_list() == out


def test_broadcast_shapes_incompatible_and_unknown_rank():
    assert broadcast_shapes(TensorShape([2]), TensorShape([3])) is None
    assert broadcast_shapes(TensorShape(None), TensorShape([3])).ndims is None


# -- Tensor shapes and printing -----------------------------------------------------------
def test_tensor_prints_unknown_dims_as_question_marks():
    p = tf.placeholder(tf.float32, [None, 3])
    assert str(p) == 'Tensor("Placeholder:0", shape=(?, 3), dtype=float32)'
    assert repr(p) == "<tf.Tensor 'Placeholder:0' shape=(?, 3) dtype=float32>"
    assert str(p.shape) == "(?, 3)"
    assert p.get_shape() is p.shape


def test_tensor_of_unknown_rank_prints_without_shape():
    p = tf.placeholder(tf.float32)
    assert str(p) == 'Tensor("Placeholder:0", dtype=float32)'
    assert repr(p) == "<tf.Tensor 'Placeholder:0' shape=<unknown> dtype=float32>"


def test_set_shape_merges_and_refuses():
    p = tf.placeholder(tf.float32, [None, 3])
    p.set_shape([2, None])
    assert p.shape.as_list() == [2, 3]
    with pytest.raises(ValueError) as e:
        p.set_shape([3, 3])
    assert str(e.value) == "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2,3] and [3,3]."
    with pytest.raises(ValueError) as e:
        p.set_shape([2])
    assert str(e.value) == "Shapes must be equal rank, but are 2 and 1"


def test_variable_dtype_is_a_ref():
    v = tf.Variable([1.0, 2.0], name="v")
    assert v.dtype == tf.float32._as_ref
    assert repr(v.dtype) == "tf.float32_ref"
    assert v.dtype.base_dtype is tf.float32
    assert repr(v) == "<tf.Variable 'v:0' shape=(2,) dtype=float32_ref>"
    assert repr(tf.Variable(3)) == "<tf.Variable 'Variable:0' shape=() dtype=int32_ref>"


def test_dimension_arithmetic_and_comparisons_are_tf1s():
    """`pool.shape[1] * pool.shape[2] * pool.shape[3]` in CNN lessons: unknown in, unknown out."""
    d7, d64, unknown = Dimension(7), Dimension(64), Dimension(None)
    assert (d7 * d7 * d64).value == 3136 and repr(d7 * d7 * d64) == "Dimension(3136)"
    assert (d7 + 3).value == 10 and (3 + d7).value == 10 and (100 - d7).value == 93 and (d7 - 2).value == 5
    assert (d64 // 3).value == 21 and (130 // d7).value == 18 and (d64 % 5).value == 4 and (20 % d7).value == 6
    assert (3 * d7).value == 21
    for result in (unknown + 1, d7 * unknown, 2 - unknown, unknown // 2, d7 % unknown):
        assert result.value is None
    assert (d7 < 8, d7 <= 6, d7 > 6, d7 >= 8, d7 != 7, d7 != 8) == (True, False, True, False, False, True)
    assert (unknown < 8, unknown >= 1, unknown != 7) == (None, None, None)
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for /: 'Dimension' and 'int', please use // "
                                        r"instead$"):
        d7 / 2
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for /: 'int' and 'Dimension', please use // "
                                        r"instead$"):
        2 / d7
    with pytest.raises(TypeError):
        d7 * 2.5
    x = tf.placeholder(tf.float32, [None, 7, 7, 64])
    flat = tf.reshape(x, [-1, x.shape[1] * x.shape[2] * x.shape[3]])
    assert str(flat) == 'Tensor("Reshape:0", shape=(?, 3136), dtype=float32)'
