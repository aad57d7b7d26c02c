"""Finite-difference cases for the gradients of the grouping and reordering ops (segment sums,
products, maxima; dynamic_partition; reverse, reverse_sequence, roll, broadcast_to,
check_numerics). `test_gradient_properties.CASES` takes them in."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

import nbgraph as tf

from .grad_cases_linalg_conv import arr, distinct

CASES = {}


def case(*op_types):
    def deco(fn):
        for t in op_types:
            CASES[t] = (lambda data, t=t: fn(data, t))
        return fn
    return deco


@case("SegmentSum", "SegmentMean", "SegmentMax", "SegmentMin", "SegmentProd")
def _sorted_segments(data, op_type):
    n = data.draw(st.integers(1, 5))
    ids = np.sort(np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), np.int32))
    x = distinct(data, (n, 2)) if op_type in ("SegmentMax", "SegmentMin") else arr(data, (n, 2), 0.5, 2.0)
    fn = {"SegmentSum": tf.segment_sum, "SegmentMean": tf.segment_mean, "SegmentMax": tf.segment_max,
          "SegmentMin": tf.segment_min, "SegmentProd": tf.segment_prod}[op_type]
    return [x], lambda x: fn(x, ids)


@case("UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentProd")
def _unsorted_segments(data, op_type):
    n = data.draw(st.integers(1, 5))
    ids = np.array(data.draw(st.lists(st.integers(-1, 2), min_size=n, max_size=n)), np.int32)
    x = arr(data, (n, 2), 0.5, 2.0) if op_type == "UnsortedSegmentProd" else distinct(data, (n, 2))
    fn = {"UnsortedSegmentMax": tf.unsorted_segment_max, "UnsortedSegmentMin": tf.unsorted_segment_min,
          "UnsortedSegmentProd": tf.unsorted_segment_prod}[op_type]
    # an empty segment of max/min holds the dtype's lowest/highest value: only occupied ones are checked
    occupied = sorted(set(int(i) for i in ids if i >= 0)) or [0]
    return [x], lambda x: tf.gather(fn(x, ids, 3), occupied)


@case("DynamicPartition")
def _partition(data, op_type):
    n = data.draw(st.integers(1, 5))
    parts = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), np.int32)
    return [arr(data, (n, 2))], lambda x: tf.dynamic_partition(x, parts, 3)


@case("ReverseV2", "ReverseSequence", "Roll", "BroadcastTo", "CheckNumerics")
def _reorders(data, op_type):
    x = arr(data, (3, 2))
    if op_type == "ReverseV2":
        axes = data.draw(st.sampled_from([[0], [1], [0, 1], [-1]]))
        return [x], lambda x: tf.reverse(x, axes)
    if op_type == "ReverseSequence":
        lengths = data.draw(st.lists(st.integers(0, 3), min_size=2, max_size=2))
        return [x], lambda x: tf.reverse_sequence(x, lengths, seq_axis=0, batch_axis=1)
    if op_type == "Roll":
        shift, axis = data.draw(st.integers(-3, 3)), data.draw(st.sampled_from([0, 1]))
        return [x], lambda x: tf.roll(x, shift, axis)
    if op_type == "BroadcastTo":
        return [arr(data, (1, 2))], lambda x: tf.broadcast_to(x, [3, 2])
    return [x], lambda x: tf.check_numerics(x, "checked")


@case("SparseToDense")
def _sparse_to_dense(data, op_type):
    n = data.draw(st.integers(1, 3))
    cells = sorted(data.draw(st.sets(st.tuples(st.integers(0, 1), st.integers(0, 2)), min_size=n, max_size=n)))
    indices = np.array(cells, np.int64)
    return [arr(data, (len(cells),)), arr(data, ())], \
        lambda values, default: tf.sparse_to_dense(indices, [2, 3], values, default)


@case("SelectV2")
def _select_v2(data, op_type):
    cond = np.array(data.draw(st.lists(st.booleans(), min_size=3, max_size=3)))
    return [arr(data, (2, 3)), arr(data, (3,))], lambda x, y: tf.where_v2(cond, x, y)
