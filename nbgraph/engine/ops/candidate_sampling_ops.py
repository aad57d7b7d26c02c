"""Sampled losses of word2vec-style lessons, as TF 1.15 builds them: `tf.nn.nce_loss` and
`tf.nn.sampled_softmax_loss` over `_compute_sampled_logits`, the `LogUniformCandidateSampler`
op (classes drawn with P(c) = log((c+2)/(c+1)) / log(range_max+1), its expected counts) and
`ComputeAccidentalHits`. The samples come from nbgraph's random streams, so they (and the
losses) differ from TF's draws; given the same samples the losses are TF's formulas."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..grad_registry import NotDifferentiable
from ..graph import get_default_graph
from ..registry import register
from ..shapes import TensorShape
from .common import KernelError
from .random_ops import get_seed


def _log_uniform_probs(classes, range_max):
    classes = np.asarray(classes, np.float64)
    return (np.log(classes + 2.0) - np.log(classes + 1.0)) / np.log(range_max + 1.0)


def _sampler_kernel(op):
    a = op._attrs
    num_sampled, num_true, unique, range_max = a["num_sampled"], a["num_true"], a["unique"], a["range_max"]

    def k(ctx, true_classes):
        rng = ctx.rng(op)
        log_range = np.log(range_max + 1.0)

        def draw():
            return int(min(np.floor(np.exp(rng.random() * log_range)) - 1, range_max - 1))

        if unique and num_sampled > range_max:
            raise KernelError(f"Sampler's range is too small: {range_max} < {num_sampled}")
        tries, picked = 0, []
        while len(picked) < num_sampled:
            c = draw()
            tries += 1
            if not unique or c not in picked:
                picked.append(c)
        sampled = np.array(picked, np.int64)

        def expected(classes):
            p = _log_uniform_probs(classes, range_max)
            if unique and tries != num_sampled:  # TF's ExpectedCountHelper
                return -np.expm1(tries * np.log1p(-p))
            return p * num_sampled

        return (sampled, expected(true_classes).astype(np.float32).reshape(np.shape(true_classes)),
                expected(sampled).astype(np.float32))
    return k


def _sampler_shape(op):
    a = op._attrs
    t = op._inputs[0]._shape
    return [TensorShape([a["num_sampled"]]), t if t.ndims is not None else TensorShape([None, a["num_true"]]),
            TensorShape([a["num_sampled"]])]


register("LogUniformCandidateSampler", "random", _sampler_shape, _sampler_kernel, stateful=True,
         doc="samples classes from a log-uniform (Zipfian) distribution")
NotDifferentiable("LogUniformCandidateSampler")


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """(sampled_candidates, true_expected_count, sampled_expected_count)."""
    s1, s2 = get_seed(seed)
    op = apply_op("LogUniformCandidateSampler", name, [("true_classes", true_classes)], same_type=False,
                  attrs={"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
                         "range_max": int(range_max), "seed": s1 or 0, "seed2": s2 or 0},
                  out_dtypes=[_dt.int64, _dt.float32, _dt.float32])
    return op._outputs[0], op._outputs[1], op._outputs[2]


def _hits_kernel(op):
    def k(ctx, true_classes, sampled):
        idx, ids = [], []
        for i, row in enumerate(np.asarray(true_classes)):
            for label in row:
                for j in np.nonzero(np.asarray(sampled) == label)[0]:
                    idx.append(i)
                    ids.append(j)
        weights = np.full(len(idx), -np.finfo(np.float32).max, np.float32)
        return np.array(idx, np.int32), np.array(ids, np.int64), weights
    return k


register("ComputeAccidentalHits", "array", lambda op: [TensorShape([None])] * 3, _hits_kernel,
         doc="finds sampled classes that are true classes")
NotDifferentiable("ComputeAccidentalHits")


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    op = apply_op("ComputeAccidentalHits", name, [("true_classes", true_classes),
                                                  ("sampled_candidates", sampled_candidates)], same_type=False,
                  attrs={"num_true": int(num_true), "seed": 0, "seed2": 0},
                  out_dtypes=[_dt.int32, _dt.int64, _dt.float32])
    return op._outputs[0], op._outputs[1], op._outputs[2]


def _sum_rows(x):
    from .array_ops import ones, reshape, shape
    from .index_ops import stack
    from .reduce_ops import matmul
    cols = shape(x)[1]
    out = reshape(matmul(x, ones(stack([cols, 1]), x.dtype.base_dtype)), [-1])
    out.set_shape(x.get_shape()[:1] if x.get_shape().ndims is not None else [None])  # TF folds the shape
    return out


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                            sampled_values=None, subtract_log_q=True, remove_accidental_hits=False,
                            partition_strategy="mod", name=None, seed=None):
    from . import math_ops as M
    from .array_ops import cast, concat, ones_like, reshape, shape, stop_gradient, zeros_like
    from .index_ops import expand_dims, stack
    from .nn_more_ops import embedding_lookup
    from .nn_ops import slice as _slice
    from .reduce_ops import matmul
    g = get_default_graph()
    with g.name_scope(name or "compute_sampled_logits"):
        labels = convert_to_tensor(labels)
        inputs = convert_to_tensor(inputs)
        if labels.dtype.base_dtype != _dt.int64:
            labels = cast(labels, _dt.int64)
        labels_flat = reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(labels, num_true, num_sampled, True, num_classes, seed)
        sampled, true_expected_count, sampled_expected_count = (stop_gradient(s) for s in sampled_values)
        sampled = cast(sampled, _dt.int64)
        all_ids = concat([labels_flat, sampled], 0)
        all_w = embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        true_w = _slice(all_w, [0, 0], stack([shape(labels_flat)[0], -1]))
        sampled_w = _slice(all_w, stack([shape(labels_flat)[0], 0]), [-1, -1])
        sampled_logits = matmul(inputs, sampled_w, transpose_b=True)
        all_b = embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        true_b = _slice(all_b, [0], shape(labels_flat))
        sampled_b = _slice(all_b, shape(labels_flat), [-1])
        dim = shape(true_w)[1:2]
        new_true_w_shape = concat([[-1, num_true], dim], 0)
        row_wise_dots = M.multiply(expand_dims(inputs, 1), reshape(true_w, new_true_w_shape))
        dots_as_matrix = reshape(row_wise_dots, concat([[-1], dim], 0))
        true_logits = reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_b = reshape(true_b, [-1, num_true])
        true_logits += true_b
        sampled_logits += sampled_b
        if remove_accidental_hits:
            from .sparse_ops import sparse_to_dense
            acc_indices, acc_ids, acc_weights = compute_accidental_hits(labels, sampled, num_true=num_true)
            acc_indices_2d = reshape(acc_indices, [-1, 1])
            acc_ids_2d_int32 = reshape(cast(acc_ids, _dt.int32), [-1, 1])
            sparse_indices = concat([acc_indices_2d, acc_ids_2d_int32], 1, "sparse_indices")
            sampled_logits_shape = concat([shape(labels)[:1], expand_dims(num_sampled, 0)], 0)
            if sampled_logits.dtype.base_dtype != acc_weights.dtype.base_dtype:
                acc_weights = cast(acc_weights, sampled_logits.dtype.base_dtype)
            sampled_logits += sparse_to_dense(sparse_indices, sampled_logits_shape, acc_weights, default_value=0.0,
                                              validate_indices=False)
        if subtract_log_q:
            true_logits -= M.log(true_expected_count)
            sampled_logits -= M.log(sampled_expected_count)
        out_logits = concat([true_logits, sampled_logits], 1)
        out_labels = concat([ones_like(true_logits) / num_true, zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, partition_strategy="mod", name="nce_loss"):
    """Noise-contrastive estimation: per example, the sigmoid cross-entropy of the true class
    against `num_sampled` sampled classes (logits corrected by log expected counts)."""
    from .nn_ops import sigmoid_cross_entropy_with_logits
    logits, labels = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                             sampled_values, True, remove_accidental_hits, partition_strategy, name)
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="sampled_losses")
    return _sum_rows(sampled_losses)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True, partition_strategy="mod",
                         name="sampled_softmax_loss", seed=None):
    """Softmax cross-entropy over the true class and `num_sampled` sampled classes."""
    from .array_ops import stop_gradient
    from .nn_ops import softmax_cross_entropy_with_logits_v2
    logits, labels = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                             sampled_values, True, remove_accidental_hits, partition_strategy, name,
                                             seed)
    return softmax_cross_entropy_with_logits_v2(labels=stop_gradient(labels), logits=logits)


__all__ = ["nce_loss", "sampled_softmax_loss", "log_uniform_candidate_sampler", "compute_accidental_hits"]
