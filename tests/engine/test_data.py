"""tf.data: dataset ops and their values, iterators as per-session resources, traced map
functions (captures, errors reported as TF does), decode_csv."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def _drain(sess, t):
    out = []
    while True:
        try:
            out.append(sess.run(t))
        except tf.errors.OutOfRangeError:
            return out


def test_from_tensor_slices_map_batch_repeat_structure_and_values():
    ds = tf.data.Dataset.from_tensor_slices((np.arange(5, dtype=np.float32), np.arange(5)))
    ds = ds.map(lambda x, y: (x * 2, y)).batch(2).repeat(2)
    assert ds.output_types == (tf.float32, tf.int64)
    assert [str(s) for s in ds.output_shapes] == ["(?,)", "(?,)"]
    assert ds.output_classes == (tf.Tensor, tf.Tensor)
    assert repr(ds) == "<DatasetV1Adapter shapes: ((?,), (?,)), types: (tf.float32, tf.int64)>"
    x, y = ds.make_one_shot_iterator().get_next()
    assert (str(x), x.op.type) == ('Tensor("IteratorGetNext:0", shape=(?,), dtype=float32)', "IteratorGetNext")
    assert x.op.inputs[0].op.type == "OneShotIterator"
    with tf.Session() as s:
        got = _drain(s, [x, y])
    assert [b[1].tolist() for b in got] == [[0, 1], [2, 3], [4], [0, 1], [2, 3], [4]]
    np.testing.assert_array_equal(got[1][0], [4.0, 6.0])


def test_end_of_sequence_text_and_it_stays_at_the_end():
    nxt = tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        assert [s.run(nxt), s.run(nxt)] == [0, 1]
        for _ in range(2):
            with pytest.raises(tf.errors.OutOfRangeError, match=r"^End of sequence\n\t \[\[node IteratorGetNext "):
                s.run(nxt)


def test_get_next_advances_once_per_run_even_when_fetched_twice():
    nxt = tf.data.Dataset.range(10).make_one_shot_iterator().get_next()
    doubled = nxt * 2
    with tf.Session() as s:
        assert s.run([nxt, doubled, nxt]) == [0, 0, 0]
        assert s.run(nxt) == 1


def test_initializable_iterator_restarts_and_lives_per_session():
    it = tf.data.Dataset.range(3).make_initializable_iterator()
    nxt = it.get_next()
    assert (it.initializer.type, nxt.op.inputs[0].op.type) == ("MakeIterator", "IteratorV2")
    s1, s2 = tf.Session(), tf.Session()
    with pytest.raises(tf.errors.FailedPreconditionError, match="^GetNext\\(\\) failed because the iterator has not "
                                                                 "been initialized"):
        s1.run(nxt)
    s1.run(it.initializer)
    s2.run(it.initializer)
    assert [s1.run(nxt), s1.run(nxt)] == [0, 1]
    assert s2.run(nxt) == 0
    s1.run(it.initializer)
    assert s1.run(nxt) == 0


def test_initializable_iterator_with_a_fed_placeholder():
    n = tf.placeholder(tf.int64, [])
    it = tf.data.Dataset.range(n).map(lambda x: x + n).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as s:
        s.run(it.initializer, {n: 3})
        assert _drain(s, nxt) == [3, 4, 5]
        s.run(it.initializer, {n: 1})
        assert _drain(s, nxt) == [1]


def test_one_shot_iterator_cannot_capture_a_placeholder():
    p = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match=r"^Cannot capture a placeholder \(name:Placeholder, type:Placeholder\) "
                                         r"by value\.$"):
        tf.data.Dataset.from_tensor_slices(p).make_one_shot_iterator()


def test_iterator_from_structure_reinitialised_with_two_datasets():
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    nxt = it.get_next()
    evens = tf.data.Dataset.range(6).filter(lambda x: tf.equal(x % 2, 0))
    init_a = it.make_initializer(tf.data.Dataset.range(2))
    init_b = it.make_initializer(evens)
    with tf.Session() as s:
        s.run(init_a)
        assert _drain(s, nxt) == [0, 1]
        s.run(init_b)
        assert _drain(s, nxt) == [0, 2, 4]
    with pytest.raises(TypeError, match="^Expected output types tf.int64 but got dataset with output types"):
        it.make_initializer(tf.data.Dataset.from_tensors(1.0))
    with pytest.raises(ValueError, match="^Iterator does not have an initializer.$"):
        it.initializer  # noqa: B018


def test_shuffle_buffer_semantics():
    def order(buffer, seed):
        tf.reset_default_graph()
        nxt = tf.data.Dataset.range(20).shuffle(buffer, seed=seed).make_one_shot_iterator().get_next()
        with tf.Session() as s:
            return _drain(s, nxt)
    assert order(1, 5) == list(range(20))  # a buffer of one cannot reorder
    a = order(4, 5)
    assert sorted(a) == list(range(20)) and a != list(range(20))
    assert a == order(4, 5)  # seeded: the same order again
    # with a buffer of 4, element i can only come out once i - 3 elements were emitted before it
    assert all(a.index(i) >= i - 3 for i in range(20))


def test_shuffle_reshuffles_each_epoch():
    nxt = tf.data.Dataset.range(10).shuffle(10, seed=1).repeat(2).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        got = _drain(s, nxt)
    assert sorted(got[:10]) == sorted(got[10:]) == list(range(10)) and got[:10] != got[10:]


def test_take_skip_zip_concatenate_flat_map_cache_prefetch():
    ds = tf.data.Dataset.range(10).skip(2).take(3)  # 2 3 4
    z = tf.data.Dataset.zip((ds, ds.map(lambda x: x * 10)))
    c = ds.concatenate(tf.data.Dataset.range(100, 102)).prefetch(1).cache()
    fm = tf.data.Dataset.range(3).flat_map(lambda x: tf.data.Dataset.from_tensors(x).repeat(x))
    with tf.Session() as s:
        assert [tuple(v) for v in _drain(s, z.make_one_shot_iterator().get_next())] == [(2, 20), (3, 30), (4, 40)]
        assert _drain(s, c.repeat(2).make_one_shot_iterator().get_next()) == [2, 3, 4, 100, 101] * 2
        assert _drain(s, fm.make_one_shot_iterator().get_next()) == [1, 2, 2]


def test_batch_drop_remainder_and_padded_batch():
    ds = tf.data.Dataset.range(5).batch(2, drop_remainder=True)
    assert str(ds.output_shapes) == "(2,)"
    rag = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[None])
    assert str(rag.output_shapes) == "(?, ?)"
    with tf.Session() as s:
        assert [b.tolist() for b in _drain(s, ds.make_one_shot_iterator().get_next())] == [[0, 1], [2, 3]]
        got = [b.tolist() for b in _drain(s, rag.make_one_shot_iterator().get_next())]
    assert got == [[[1, 0], [2, 2]], [[3, 3, 3]]]


def test_batch_of_different_shapes_is_tf_error():
    ds = tf.data.Dataset.range(1, 3).map(lambda x: tf.fill([x], x)).batch(2)
    nxt = ds.make_one_shot_iterator().get_next()
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^Cannot batch tensors with different shapes in component 0\. First element had "
                                 r"shape \[1\] and element 1 had shape \[2\]\."):
            s.run(nxt)


def test_dict_elements():
    ds = tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": [3.0, 4.0]})
    assert ds.output_types == {"a": tf.int32, "b": tf.float32}
    nxt = ds.map(lambda d: {"sum": tf.cast(d["a"], tf.float32) + d["b"]}).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        assert [v["sum"] for v in _drain(s, nxt)] == [4.0, 6.0]


def test_map_whose_python_function_raises_reports_the_element_and_error():
    def f(x):
        if x == 3:
            raise ValueError(f"bad element {x}")
        return x * 10

    def g(x):
        if x == 1:
            raise KeyError(int(x))
        return x

    nxt = tf.data.Dataset.range(5).map(lambda x: tf.py_func(f, [x], tf.int64)).make_one_shot_iterator().get_next()
    nxt2 = tf.data.Dataset.range(3).map(lambda x: tf.py_func(g, [x], tf.int64)).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        assert [s.run(nxt) for _ in range(3)] == [0, 10, 20]
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            s.run(nxt)
        text = str(e.value)
        assert text.startswith("ValueError: bad element 3\nTraceback (most recent call last):\n")
        assert 'raise ValueError(f"bad element {x}")' in text
        assert "\n\t [[{{node PyFunc}}]]\n\t [[node IteratorGetNext" in text
        assert e.value.op is nxt.op
        assert s.run(nxt) == 40  # TF's map goes on with the next element
        assert s.run(nxt2) == 0
        with pytest.raises(tf.errors.UnknownError, match=r"^KeyError: 1\n"):
            s.run(nxt2)


def test_map_op_error_inside_the_function():
    ds = tf.data.Dataset.from_tensor_slices(np.array([[1.0], [-1.0]], np.float32))
    assert_name = []

    def check(x):  # the Assert is no input of the result: TF runs a function's stateful ops anyway
        assert_name.append(tf.Assert(x[0] > 0, [x]).name)
        return x
    nxt = ds.map(check).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        assert s.run(nxt).tolist() == [1.0]
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^assertion failed: \[-1\]\n") as e:
            s.run(nxt)
        failing = assert_name[0].replace("AssertGuard/Merge", "AssertGuard/Assert")  # tf.Assert returns its guard
        assert failing.endswith("Assert/AssertGuard/Assert")
        assert f"\t [[{{{{node {failing}}}}}]]\n\t [[node IteratorGetNext" in str(e.value)


def test_map_captures_an_outer_tensor_and_variable():
    w = tf.Variable(3)
    nxt = tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.int32) * w).make_initializable_iterator()
    with tf.Session() as s:
        s.run(w.initializer)
        s.run(nxt.initializer)
        assert _drain(s, nxt.get_next()) == [0, 3, 6]


def test_text_line_dataset(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"x,1\r\ny,2\n")
    ds = tf.data.TextLineDataset(str(p)).map(lambda line: tf.decode_csv(line, [[""], [0]]))
    assert ds.output_types == (tf.string, tf.int32)
    with tf.Session() as s:
        got = _drain(s, ds.make_one_shot_iterator().get_next())
        assert [(a, int(b)) for a, b in got] == [(b"x", 1), (b"y", 2)]
        nxt = tf.data.TextLineDataset("/no/such.txt").make_one_shot_iterator().get_next()
        with pytest.raises(tf.errors.NotFoundError, match="^/no/such.txt; No such file or directory"):
            s.run(nxt)


def test_tf_data_make_iterator_functions():
    ds = tf.data.Dataset.range(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    it = tf.data.make_initializable_iterator(ds)
    assert tf.data.get_output_types(ds) == tf.int64
    with tf.Session() as s:
        s.run(it.initializer)
        assert (s.run(nxt), s.run(it.get_next())) == (0, 0)


def test_decode_csv_values_and_texts():
    rec = tf.placeholder(tf.string)
    cols = tf.decode_csv(rec, record_defaults=[[0], [0.0], ["x"]])
    assert [c.name for c in cols] == ["DecodeCSV:0", "DecodeCSV:1", "DecodeCSV:2"]
    req = tf.decode_csv(rec, record_defaults=[tf.constant([], tf.int32), [1.0]], field_delim=";")
    with tf.Session() as s:
        a, b, c = s.run(cols, {rec: ["1,2.5,a", ',,"q,""r"""']})
        assert (a.tolist(), b.tolist(), c.tolist()) == ([1, 0], [2.5, 0.0], [b"a", b'q,"r"'])
        for value, text in ((["1,2"], "Expect 3 fields but have 2 in record 0"),
                            (["a,2,3"], "Field 0 in record 0 is not a valid int32: a"),
                            (["1,x,3"], "Field 1 in record 0 is not a valid float: x")):
            with pytest.raises(tf.errors.InvalidArgumentError, match=f"^{text}\n"):
                s.run(cols, {rec: value})
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Field 0 is required but missing in record 0!"):
            s.run(req, {rec: [";2"]})


def test_from_generator_values_fresh_per_pass_and_texts():
    calls = []

    def gen():
        calls.append(1)
        for i in range(3):
            yield i, [i] * 2

    ds = tf.data.Dataset.from_generator(gen, (tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([2])))
    assert ds.output_types == (tf.int64, tf.float32)
    assert [str(s) for s in ds.output_shapes] == ["()", "(2,)"]
    nxt = ds.repeat(2).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        got = _drain(s, nxt)
    assert [int(a) for a, _ in got] == [0, 1, 2, 0, 1, 2] and len(calls) == 2
    assert got[1][1].tolist() == [1.0, 1.0] and got[1][1].dtype == np.float32

    def wrong_shape():
        yield [1, 2, 3]

    def boom():
        yield 1
        raise ValueError("generator broke")

    n1 = tf.data.Dataset.from_generator(wrong_shape, tf.int32, tf.TensorShape([2])).make_one_shot_iterator().get_next()
    n2 = tf.data.Dataset.from_generator(boom, tf.int32).make_one_shot_iterator().get_next()
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^ValueError: `generator` yielded an element of shape \(3,\) where an element of "
                                 r"shape \(2,\) was expected\."):
            s.run(n1)
        assert s.run(n2) == 1
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^ValueError: generator broke\n"):
            s.run(n2)


def test_feedable_iterator_switches_by_string_handle():
    train = tf.data.Dataset.range(100).make_one_shot_iterator()
    val = tf.data.Dataset.range(10, 12).make_initializable_iterator()
    handle = tf.placeholder(tf.string, shape=[])
    nxt = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes).get_next()
    assert (train.string_handle().op.type, nxt.op.inputs[0].op.type) == \
        ("IteratorToStringHandle", "IteratorFromStringHandleV2")
    with tf.Session() as s:
        th, vh = s.run([train.string_handle(), val.string_handle()])
        s.run(val.initializer)
        assert [s.run(nxt, {handle: th}) for _ in range(2)] == [0, 1]
        assert [s.run(nxt, {handle: vh}) for _ in range(2)] == [10, 11]
        assert s.run(nxt, {handle: th}) == 2
        with pytest.raises(tf.errors.OutOfRangeError, match="^End of sequence"):
            s.run(nxt, {handle: vh})
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Unable to find the iterator for handle 'x'"):
            s.run(nxt, {handle: "x"})


def test_interleave_unbatch_list_files(tmp_path):
    def drain(ds):
        with tf.Session() as s:
            return _drain(s, ds.make_one_shot_iterator().get_next())

    rep = tf.data.Dataset.range(1, 6).interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(x),
                                                 cycle_length=2, block_length=2)
    assert drain(rep) == [1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 4, 4, 5, 5, 5]  # TF's order
    ub = tf.data.Dataset.range(7).batch(3).apply(tf.data.experimental.unbatch())
    assert str(ub.output_shapes) == "()" and drain(ub) == list(range(7))
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text(f"line {i}\nmore {i}\n")
    files = tf.data.Dataset.list_files(str(tmp_path / "*.txt"), shuffle=False)
    assert [f.decode().rsplit("/", 1)[-1] for f in drain(files)] == ["f0.txt", "f1.txt", "f2.txt"]
    lines = files.interleave(tf.data.TextLineDataset, cycle_length=2)
    assert drain(lines) == [b"line 0", b"line 1", b"more 0", b"more 1", b"line 2", b"more 2"]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^assertion failed: \[No files matched pattern: "):
        drain(tf.data.Dataset.list_files(str(tmp_path / "*.csv")))


def test_op_attrs_hold_only_values_a_graphdef_can(tmp_path):
    """Traced functions, py_func callables and generators are bound to the op outside its
    attrs, so GraphDef export sees plain values (a function attr is the function's name)."""
    w = tf.Variable(2)
    ds = tf.data.Dataset.range(4).map(lambda x: tf.py_func(lambda v: v, [x], tf.int64)).filter(lambda x: x > 0)
    ds = ds.flat_map(lambda x: tf.data.Dataset.from_tensors(x)).interleave(tf.data.Dataset.from_tensors, 2)
    ds = ds.map(lambda x: tf.cast(x, tf.int32) * w).shuffle(3, seed=1).padded_batch(2, [])
    ds.make_initializable_iterator().get_next()
    tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
    tf.data.Dataset.from_generator(lambda: iter([1]), tf.int32).make_one_shot_iterator().get_next()
    q = tf.RandomShuffleQueue(4, 1, [tf.int32], shapes=[[]])
    tf.TextLineReader().read(q)
    tf.decode_csv(tf.constant(["1"]), [[0]])
    plain = (tf.DType, tf.TensorShape, np.ndarray, bool, int, float, str, bytes, np.integer, np.floating)

    def ok(v):
        return isinstance(v, plain) or (isinstance(v, (list, tuple)) and all(isinstance(x, plain) for x in v))
    bad = [(op.name, k) for op in tf.get_default_graph().get_operations() for k, v in op._attrs.items()
           if not ok(v)]
    assert bad == []
    mapped = next(op for op in tf.get_default_graph().get_operations() if op.type == "MapDataset")
    assert mapped.get_attr("f").startswith("tf_data_map_")


def test_map_op_error_names_the_bad_element_and_iteration_goes_on():
    nxt = tf.data.Dataset.from_tensor_slices(["1", "2", "x", "4"]).map(tf.string_to_number) \
        .make_one_shot_iterator().get_next()
    with tf.Session() as s:
        assert [s.run(nxt), s.run(nxt)] == [1.0, 2.0]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^StringToNumberOp could not correctly convert string: x\n\t \[\[\{\{node "
                                 r"StringToNumber\}\}\]\]\n\t \[\[node IteratorGetNext "):
            s.run(nxt)
        assert s.run(nxt) == 4.0


def test_string_to_number():
    s = tf.placeholder(tf.string)
    n, i = tf.string_to_number(s), tf.strings.to_number(s, out_type=tf.int32)
    assert (str(n), n.op.type) == ('Tensor("StringToNumber:0", dtype=float32)', "StringToNumber")
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(n, {s: ["1.5", " 3", "1e3"]}), [1.5, 3.0, 1000.0])
        assert sess.run(i, {s: [["12", "-3"]]}).tolist() == [[12, -3]]
        for t, v in ((n, "1_0"), (i, "1.5"), (i, "99999999999"), (n, "")):
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=f"^StringToNumberOp could not correctly convert string: {v}\n"):
                sess.run(t, {s: [v]})
