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
