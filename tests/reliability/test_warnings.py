"""Group 11 of issue 15: numpy's RuntimeWarnings never reach the learner; TF gives the same
values silently (casting NaN or 1e20 to int32, float16 overflow, as well as log(0), sqrt(-1),
1/0). Warnings stay off only while nbgraph computes: the caller's numpy settings are untouched."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import nbgraph as tf

CASES = [
    ("cast_nan", lambda: tf.cast(tf.constant([np.nan, 1.0]), tf.int32), [-2147483648, 1]),
    ("cast_big", lambda: tf.cast(tf.constant([1e20]), tf.int32), [-2147483648]),
    ("cast_f16", lambda: tf.cast(tf.constant([1e6]), tf.float16), [np.inf]),
    ("mul_f16", lambda: tf.constant([60000.0], tf.float16) * tf.constant([60000.0], tf.float16), [np.inf]),
    ("mul_f32", lambda: tf.constant([1e30]) * tf.constant([1e30]), [np.inf]),
    ("log0", lambda: tf.log(tf.constant([0.0])), [-np.inf]),
    ("sqrt", lambda: tf.sqrt(tf.constant([-1.0])), [np.nan]),
    ("div0", lambda: tf.constant([1.0]) / tf.constant([0.0]), [np.inf]),
]


@pytest.mark.parametrize("build, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_no_runtime_warning_leaks_from_a_run(build, expected):
    t = build()
    sess = tf.Session()
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # any warning fails the test
        got = sess.run(t)
        np.testing.assert_array_equal(got, np.asarray(expected, dtype=got.dtype))
        # traced runs too
        opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        sess.run(t, options=opts, run_metadata=tf.RunMetadata())


def test_the_callers_numpy_settings_are_untouched():
    sess = tf.Session()
    sess.run(tf.cast(tf.constant([np.nan]), tf.int32))
    with pytest.warns(RuntimeWarning):
        np.array([np.nan]).astype(np.int32)
    assert np.geterr()["invalid"] == "warn"


def test_stepping_a_run_is_quiet_and_leaves_the_settings_alone():
    t = tf.cast(tf.constant([1e20]), tf.int32) + 1
    sess = tf.Session()
    execution, _ = sess._start(t, None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in execution:
            assert np.geterr()["invalid"] == "warn"   # between steps: the caller's settings
    assert execution.results[0].tolist() == [-2147483647]
