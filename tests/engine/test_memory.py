"""What a run keeps alive: intermediates are freed after their last use, so a long chain on a big
tensor holds a few tensors at a time, never the whole chain (measured with tracemalloc, which sees
numpy's allocations; the numbers are byte counts, not times, so they do not depend on the machine)."""
from __future__ import annotations

import tracemalloc

import numpy as np

import nbgraph as tf

N = 1_000_000          # float32: 4 MB a tensor
CHAIN = 40


def _peak_tensors(fetch, feed):
    tracemalloc.start()
    try:
        with tf.Session() as s:
            s.run(fetch, feed)          # the plan is built and cached outside the measured run
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            out = s.run(fetch, feed)
            peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return out, peak / (N * 4)


def test_a_long_chain_holds_a_few_tensors_not_the_whole_chain():
    x = tf.placeholder(tf.float32, shape=[N], name="x")
    y = x
    for i in range(CHAIN):
        y = y * 1.0001 + 0.5 if i % 2 else y - 0.25
    value = np.ones(N, np.float32)
    out, tensors = _peak_tensors(y, {x: value})
    expected = value.copy()
    for i in range(CHAIN):
        expected = expected * np.float32(1.0001) + np.float32(0.5) if i % 2 else expected - np.float32(0.25)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert tensors < 6, f"a run of a {CHAIN}-op chain held {tensors:.1f} tensors at its peak"


def test_fetching_an_intermediate_keeps_only_that_one_alive_too():
    x = tf.placeholder(tf.float32, shape=[N], name="x")
    mid = x
    for _ in range(10):
        mid = mid + 1.0
    y = mid
    for _ in range(20):
        y = y * 2.0
    (got_mid, got_y), tensors = _peak_tensors([mid, y], {x: np.zeros(N, np.float32)})
    assert got_mid[0] == 10.0 and got_y[0] == 10.0 * 2 ** 20
    assert tensors < 7, f"held {tensors:.1f} tensors at the peak"
