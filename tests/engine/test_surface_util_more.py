"""TF 1.15 utility names of the surfb round: make_template, get_local_variable, print, py_function, io, data."""
import pytest

import nbgraph as tf


def _lin(x):
    w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    return tf.multiply(x, w, name="m")


def test_make_template_shares_variables_and_names_scopes_like_tf():
    with tf.Graph().as_default():
        t = tf.make_template("lin", _lin)
        a, b = t(tf.constant([1., 2.])), t(tf.constant([3., 4.]))
        assert (a.name, b.name) == ("lin/m:0", "lin_1/m:0")
        assert [v.name for v in tf.global_variables()] == ["lin/w:0"]
        t2 = tf.make_template("lin", _lin, create_scope_now_=True)
        c, d = t2(tf.constant([1., 2.])), t2(tf.constant([1., 2.]))
        assert (c.name, d.name, t2.variable_scope_name) == ("lin_1_1/m:0", "lin_1_2/m:0", "lin_1/")
        assert [v.name for v in t2.trainable_variables] == ["lin_1/w:0"]
        t3 = tf.make_template("q", _lin, unique_name_="uq")
        assert t3(tf.constant([1., 1.])).name == "uq/m:0"
        with tf.variable_scope("outer"):
            t4 = tf.make_template("lin", _lin)
            e = t4(tf.constant([1., 2.]))
        assert e.name == "outer/lin/m:0" and [v.name for v in t4.variables] == ["outer/lin/w:0"]
        early = tf.make_template("early", _lin, create_scope_now_=True)  # opens no name scope yet
        assert early(tf.constant([1., 2.])).name == "early/m:0" and early.variable_scope_name == "early/"
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            assert s.run(b).tolist() == [3., 4.]


def test_make_template_errors():
    with tf.Graph().as_default():
        tb = tf.make_template("bad", lambda x: x * tf.Variable(1.0))
        tb(1.0)
        with pytest.raises(ValueError, match="^Trainable variable created when calling a template after the first"):
            tb(1.0)
    with pytest.raises(ValueError, match="^name cannot be None.$"):
        tf.make_template(None, _lin)


def test_get_local_variable_is_local_and_untrainable():
    with tf.Graph().as_default():
        lv = tf.get_local_variable("loc", [3], initializer=tf.zeros_initializer())
        assert lv.name == "loc:0" and tf.local_variables() == [lv] and tf.trainable_variables() == []
        assert lv not in tf.global_variables()


def test_strings_format_summarizes_like_tf_print_v2():
    with tf.Graph().as_default():
        x = tf.reshape(tf.range(24), [2, 3, 4])
        f = tf.strings.format("x={} y={}!", [x, tf.constant([1.5, 2.0, -3.25])])
        f2 = tf.strings.format("{} and {}", (tf.range(10), tf.constant(["a", "bc"])), summarize=2)
        f3 = tf.strings.format("<>", [tf.constant(True)], placeholder="<>", summarize=-1)
        f4 = tf.strings.format("{}", tf.reshape(tf.range(60.), [3, 4, 5]), summarize=1)
        assert (f.op.type, f.op.name, f.shape.as_list()) == ("StringFormat", "StringFormat", [])
        with tf.Session() as s:
            got = [t.decode() for t in s.run([f, f2, f3, f4])]
        assert got[0] == ("x=[[[0 1 2 3]\n  [4 5 6 7]\n  [8 9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n"
                          "  [20 21 22 23]]] y=[1.5 2 -3.25]!")
        assert got[1:3] == ['[0 1 ... 8 9] and ["a" "bc"]', "1"]
        assert got[3] == "[[[0 ... 4]\n  ...\n  [15 ... 19]]\n\n ...\n\n [[40 ... 44]\n  ...\n  [55 ... 59]]]"
        with pytest.raises(ValueError, match=r"^The template expects 2 tensors, but the inputs only has 1\. "):
            tf.strings.format("{} {}", [tf.constant(1)])


def test_print_writes_stderr_by_default_and_stdout_on_request(capsys):
    import sys
    with tf.Graph().as_default():
        p1 = tf.print("hello", tf.range(3), {"k": tf.range(2)}, [1, 2], output_stream=sys.stdout)
        p2 = tf.print(tf.constant("plain"), end="<E>\n")
        p3 = tf.print("a", tf.range(10), sep=",", summarize=2, output_stream=sys.stdout, name="pp")
        assert (p1.type, p1.name, p2.name, p3.name) == ("PrintV2", "PrintV2", "PrintV2_1", "pp")
        assert p2.inputs[0].op.type == "Const" and p1.inputs[0].op.type == "StringFormat"
        with tf.control_dependencies([tf.print("dep", tf.constant(7), output_stream=sys.stdout)]):
            y = tf.identity(3)
        with tf.Session() as s:
            capsys.readouterr()
            s.run(p1)
            s.run(p2)
            s.run(p3)
            s.run(y)
        out, err = capsys.readouterr()
        assert out == "hello [0 1 2] {'k': [0 1]} [1, 2]\na,[0 1 ... 8 9]\ndep 7\n"
        assert err == "plain<E>\n"
        with pytest.raises(ValueError, match=r"^Unsupported output stream, logging level, or file\.bogus\."):
            tf.print("a", output_stream="bogus")


def test_py_function_gets_eager_tensors_and_runs_in_dataset_map():
    seen = []

    def f(a, b):
        seen.append((type(a).__name__, a.numpy().tolist()))
        return a * 2 + b, tf.constant("s")

    with tf.Graph().as_default():
        y, z = tf.py_function(f, [tf.constant([1., 2.]), 3.0], [tf.float32, tf.string])
        assert (y.op.name, y.op.type, y.shape.ndims, z.dtype) == ("EagerPyFunc", "EagerPyFunc", None, tf.string)
        w = tf.py_function(lambda a: a.numpy() + 1, [tf.constant(1)], tf.int32, name="inc")
        assert w.name == "inc:0"
        ds = tf.data.Dataset.range(3).map(lambda i: tf.py_function(lambda v: v * 10, [i], tf.int64))
        nxt = ds.make_one_shot_iterator().get_next()
        bad = tf.py_function(lambda a: int("x"), [1], tf.int32)
        assert tf.gradients(y, [tf.constant(1.)]) == [None]
        with tf.Session() as s:
            yv, zv, wv = s.run([y, z, w])
            assert yv.tolist() == [5., 7.] and zv == b"s" and wv == 2
            assert [s.run(nxt) for _ in range(3)] == [0, 10, 20]
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"^ValueError: invalid literal for int\(\)"):
                s.run(bad)
        assert seen == [("EagerTensor", [1., 2.])]


def test_data_fixed_length_records_options_fused_transformations_and_writer(tmp_path):
    p = tmp_path / "f.bin"
    p.write_bytes(b"HH" + b"abcdefghi" + b"F")
    rp = str(tmp_path / "r.tfrecord")
    with tf.Graph().as_default():
        ds = tf.data.FixedLengthRecordDataset([str(p)], 3, header_bytes=2, footer_bytes=1)
        assert (ds.output_types, ds.output_shapes.as_list()) == (tf.string, [])
        n1 = ds.make_one_shot_iterator().get_next()
        partial = tf.data.FixedLengthRecordDataset([str(p)], 5).make_one_shot_iterator().get_next()
        ds2 = tf.data.Dataset.range(4).apply(tf.data.experimental.map_and_batch(lambda x: x * 2, 3))
        assert ds2.output_shapes.as_list() == [None]
        n2 = ds2.make_one_shot_iterator().get_next()
        ds3 = tf.data.Dataset.range(3).apply(tf.data.experimental.shuffle_and_repeat(10, count=2, seed=1))
        assert [i.op.type for i in ds3._variant_tensor.op.inputs] == ["RangeDataset", "Const", "Const", "Const", "Const"]
        assert ds3._variant_tensor.op.type == "ShuffleAndRepeatDataset"
        n3 = ds3.make_one_shot_iterator().get_next()
        o = tf.data.Options()
        o.experimental_deterministic = False
        ds4 = tf.data.Dataset.range(2).with_options(o)
        assert ds4.options().experimental_deterministic is False and ds4.options() == o
        with pytest.raises(AttributeError):
            o.no_such_option = 1
        w = tf.data.experimental.TFRecordWriter(rp).write(tf.data.Dataset.from_tensor_slices(["x", "yy"]))
        assert (w.type, w.name) == ("DatasetToTFRecord", "DatasetToTFRecord")
        with pytest.raises(TypeError, match="^`dataset` must produce scalar `DT_STRING` tensors whereas it produces"):
            tf.data.experimental.TFRecordWriter(rp).write(tf.data.Dataset.range(2))
        with tf.Session() as s:
            assert [s.run(n1) for _ in range(3)] == [b"abc", b"def", b"ghi"]
            with pytest.raises(tf.errors.OutOfRangeError):
                s.run(n1)
            assert [s.run(partial) for _ in range(2)] == [b"HHabc", b"defgh"]
            with pytest.raises(tf.errors.OutOfRangeError):
                s.run(partial)
            assert s.run(n2).tolist() == [0, 2, 4] and s.run(n2).tolist() == [6]
            assert sorted(s.run(n3) for _ in range(6)) == [0, 0, 1, 1, 2, 2]
            s.run(w)
    assert list(tf.python_io.tf_record_iterator(rp)) == [b"x", b"yy"]


def test_io_serialize_parse_base64_regex_matching_files_timestamp(tmp_path):
    import numpy as np
    for n in ("a.txt", "b.txt", "c.csv"):
        (tmp_path / n).write_text("x")
    vals = [np.array([[1.5, -2.0]], np.float32), np.int32(7), np.array([b"ab", b"c"], dtype=object),
            np.array([True, False]), np.array([1, 2], np.int64), np.array([], np.float64)]
    # TF 1.15's bytes for these tensors (Tensor::AsProtoTensorContent)
    want = ["08011208120208011202080222080000c03f000000c0", "08031200220407000000", "080712041202080242026162420163",
            "080a12041202080222020100", "0809120412020802221001000000000000000200000000000000", "080212021200"]
    with tf.Graph().as_default():
        m = tf.io.matching_files(str(tmp_path / "*.txt"))
        assert tf.matching_files is tf.io.matching_files and m.op.type == "MatchingFiles"
        ser = [tf.io.serialize_tensor(tf.constant(v)) for v in vals]
        assert (ser[0].op.type, ser[0].op.name, ser[0].shape.as_list()) == ("SerializeTensor", "SerializeTensor", [])
        par = tf.io.parse_tensor(ser[0], tf.float32)
        assert (par.op.type, par.shape.ndims) == ("ParseTensor", None)
        e1 = tf.io.encode_base64(tf.constant([b"hello?>", b"\xff\xfe", b""]))
        e2 = tf.io.encode_base64(tf.constant(b"hello?>"), pad=True)
        r1 = tf.strings.regex_full_match(tf.constant(["abc", "ab", "xabc"]), "a.c")
        r2 = tf.strings.regex_full_match(tf.constant(["abc", "ab"]), tf.constant("ab"))
        assert (r1.op.type, r2.op.type) == ("StaticRegexFullMatch", "RegexFullMatch")
        ts = tf.timestamp()
        assert (ts.op.type, ts.dtype, ts.shape.as_list()) == ("Timestamp", tf.float64, [])
        with tf.Session() as s:
            assert s.run(m).tolist() == [str(tmp_path / n).encode() for n in ("a.txt", "b.txt")]
            out = s.run(ser)
            assert [o.hex() for o in out] == want
            back = s.run([tf.io.parse_tensor(o, tf.as_dtype(v.dtype) if v.dtype != object else tf.string)
                          for o, v in zip(out, vals)])
            assert all(np.array_equal(b, v) and b.dtype == v.dtype for b, v in zip(back, vals))
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"^Type mismatch between parsed tensor \(float\) and dtype \(int32\)"):
                s.run(tf.io.parse_tensor(ser[0], tf.int32))
            with pytest.raises(tf.errors.InvalidArgumentError, match="^Could not parse `serialized` as TensorProto"):
                s.run(tf.io.parse_tensor(tf.constant(b"\xff\xff"), tf.int32))
            assert s.run(e1).tolist() == [b"aGVsbG8_Pg", b"__4", b""] and s.run(e2) == b"aGVsbG8_Pg=="
            assert s.run(tf.io.decode_base64(e1)).tolist() == [b"hello?>", b"\xff\xfe", b""]
            assert s.run(tf.io.decode_base64(e2)) == b"hello?>"
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"^Invalid character found in base64\."):
                s.run(tf.io.decode_base64(tf.constant("a$b")))
            assert s.run(r1).tolist() == [True, False, False] and s.run(r2).tolist() == [False, True]
            a, b = s.run(ts), s.run(ts)
            assert isinstance(a, np.float64) and b >= a > 1.6e9


def test_numerics_and_initialization_checks():
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        w = tf.get_local_variable("lw", [2])
        a = tf.assert_variables_initialized()
        assert (a.op.type, a.name, [i.op.name for i in a.op.inputs]) == ("Pack", "stack:0", ["Rank", "Rank_1"])
        assert tf.assert_variables_initialized([v]).name == "Rank_2:0"
        y = tf.verify_tensor_all_finite(1.0 / tf.constant([1.0, 0.0]), "bad!")
        assert y.name == "VerifyFinite/control_dependency:0"
        with tf.Session() as s:
            with pytest.raises(tf.errors.FailedPreconditionError, match="^Attempting to use uninitialized value"):
                s.run(a)
            s.run([v.initializer, w.initializer])
            assert s.run(a).tolist() == [0, 1]
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"^bad! : Tensor had Inf values"):
                s.run(y)
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, name="p")
        tf.log(p, name="q")
        tf.constant(3)
        c = tf.add_check_numerics_ops()
        checks = [o for o in g.get_operations() if o.type == "CheckNumerics"]
        assert (c.name, c.type) == ("group_deps", "NoOp")
        assert [(o.name, o.get_attr("message"), [x.name for x in o.control_inputs]) for o in checks] == \
            [("CheckNumerics", b"p:0", []), ("CheckNumerics_1", b"q:0", ["CheckNumerics"])]
        assert tf.assert_variables_initialized() is None
        with tf.Session() as s:
            s.run(c, {p: 1.0})
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"^q:0 : Tensor had NaN values"):
                s.run(c, {p: -1.0})


def test_py_function_gradient_reruns_the_function_under_a_tape():
    import numpy as np
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0, 3.0], tf.float64)
        k = tf.constant(2, tf.int32)
        y = tf.py_function(lambda a, b: a * a * tf.cast(b, tf.float64) + tf.sin(a), [x, k], tf.float64)
        gx, gk = tf.gradients(tf.reduce_sum(y * y), [x, k])
        assert gx.op.type == "EagerPyFunc" and gx.op.name == "gradients/EagerPyFunc_grad/EagerPyFunc"
        with tf.Session() as s:
            yv, gv, kv = s.run([y, gx, gk])
        xv = np.array([1., 2., 3.])
        np.testing.assert_allclose(gv, 2 * yv * (4 * xv + np.cos(xv)))
        assert kv == 0
