"""`compile`, `fit`, `evaluate`, `predict` (and the `*_on_batch` forms) of a Keras model in TF 1.15
graph mode: one target placeholder per output (`dense_1_target`), the loss under `loss/`, the
metrics under `metrics/`, the training step under `training/`, all run by `K.get_session()` with
`keras_learning_phase` fed 1 while training. Array inputs are checked as 1.15 checks them
(`Error when checking input: expected dense_input to have shape (4,) but got array with shape (3,)`)."""
from __future__ import annotations

import numpy as np

import nbgraph as tf

from . import backend as K
from . import callbacks as cbks
from . import losses as _losses
from . import metrics as _metrics
from . import optimizers as _optimizers
from .base_layer import _flatten, keras_history
from .data_adapter import ArraySource, DatasetSource, is_dataset
from .standardize import _as_list, _check_arrays, _check_loss_and_target


def _no_weights(sample_weight, class_weight):
    if sample_weight is not None or class_weight is not None:
        raise NotImplementedError("nbgraph's Keras does not weight samples or classes yet (sample_weight, "
                                  "class_weight)")


class TrainingMixin:
    """The training half of `Model`."""

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, sample_weight_mode=None,
                weighted_metrics=None, target_tensors=None, **kwargs):
        if kwargs:
            raise TypeError(f"Invalid keyword argument(s) in `compile`: {set(kwargs)}")
        self.optimizer = _optimizers.get(optimizer)
        self.loss = loss
        self._compile_metrics = metrics if isinstance(metrics, dict) else list(metrics or [])
        self._loss_weights = loss_weights
        self._train_op = None
        self.compiled = True
        # resolve the loss names now, so a bad one fails at compile time as in TF
        for fn in (loss.values() if isinstance(loss, dict) else _flatten(loss)):
            if fn is None:
                raise ValueError("The model cannot be compiled because it has no loss to optimize.")
            _losses.get(fn)
        if self.outputs:
            self._build_losses()

    def _build_losses(self):
        outputs, names = self.outputs, self.output_names
        loss = self.loss
        if isinstance(loss, dict):
            for k in loss:
                if k not in names:
                    raise ValueError(f"Unknown entry in loss dictionary: \"{k}\". Only expected the following keys: "
                                     f"{names}")
            loss_fns = [_losses.get(loss.get(n)) if loss.get(n) is not None else None for n in names]
        elif isinstance(loss, (list, tuple)):
            if len(loss) != len(outputs):
                raise ValueError(f"When passing a list as loss, it should have one entry per model outputs. The "
                                 f"model has {len(outputs)} outputs, but you passed loss={loss}")
            loss_fns = [_losses.get(x) for x in loss]
        else:
            loss_fns = [_losses.get(loss)] * len(outputs)
        weights = self._loss_weights
        if isinstance(weights, dict):
            weights = [weights.get(n, 1.0) for n in names]
        weights = list(weights) if weights is not None else [1.0] * len(outputs)
        self._loss_fns = loss_fns
        self.targets = []
        for out, name, fn in zip(outputs, names, loss_fns):
            ndim = out.get_shape().ndims
            with tf.name_scope(""):
                self.targets.append(tf.placeholder(out.dtype.base_dtype, shape=[None] * ndim, name=name + "_target"))
        self.metrics_names = ["loss"]
        self._metric_tensors = []
        many = len(outputs) > 1
        metrics = self._compile_metrics
        for i, (out, name, fn, y) in enumerate(zip(outputs, names, loss_fns, self.targets)):
            out_metrics = metrics.get(name, []) if isinstance(metrics, dict) else metrics
            for m in _flatten(out_metrics):
                mname, mfn = _metrics.resolve(m, fn, out, y.get_shape().ndims)
                full = f"{name}_{mname}" if many else mname
                with tf.name_scope(f"metrics/{mname}"):
                    self._metric_tensors.append(mfn(y, out))
                self.metrics_names.append(full)
        total, per_output = None, []
        with tf.name_scope("loss"):
            for out, name, fn, y, w in zip(outputs, names, loss_fns, self.targets, weights):
                if fn is None:
                    continue
                with tf.name_scope(name + "_loss"):
                    value = tf.reduce_mean(fn(y, out), name="value")
                per_output.append(value)
                term = value * w if w != 1.0 else value
                total = term if total is None else total + term
            extra = self.losses
            if extra:
                total = total + tf.add_n([tf.cast(x, total.dtype) for x in extra])
        if many:
            self.metrics_names[1:1] = [n + "_loss" for n in names]
            self._metric_tensors[0:0] = per_output
        self.total_loss = total

    # -- graph-side helpers ------------------------------------------------------------------------
    def _ensure_built(self, x):
        if not self.outputs:
            self._build_from(x)
        if getattr(self, "compiled", False) and not hasattr(self, "total_loss"):
            self._build_losses()

    def _require_compiled(self, what):
        if not getattr(self, "compiled", False):
            raise RuntimeError(f"You must compile your model before {what}. Use `model.compile(optimizer, loss)`.")

    def _make_train_op(self):
        if self._train_op is None:
            opt_name = getattr(self.optimizer, "_name", type(self.optimizer).__name__)
            with tf.name_scope("training"), tf.name_scope(opt_name):
                step = self.optimizer.minimize(self.total_loss, var_list=self.trainable_weights)
            updates = self.updates
            self._train_op = tf.group(step, *updates) if updates else step
        return self._train_op

    def _feed(self, xs, ys, training):
        feed = dict(zip(self.inputs, xs))
        feed.update(zip(getattr(self, "targets", []), ys))
        lp = K.learning_phase()
        if isinstance(lp, tf.Tensor):
            feed[lp] = bool(training)
        return feed

    def _standardize(self, x, y=None, check_y=True):
        self._ensure_built(x)
        xs = _check_arrays(_as_list(x, self.input_names, "input"), self.inputs,
                           [keras_history(t)[0].name for t in self.inputs], "input")
        ys = []
        if y is not None:
            ys = _check_arrays(_as_list(y, self.output_names, "target"), self.targets, self.output_names, "target",
                               check_last=not any(f is _losses.sparse_categorical_crossentropy
                                                  for f in self._loss_fns))
            n_x, n_y = {len(a) for a in xs}, {len(a) for a in ys}
            if n_x != n_y:
                raise ValueError(f"Input arrays should have the same number of samples as target arrays. Found "
                                 f"{list(n_x)[0]} input samples and {list(n_y)[0]} target samples.")
            _check_loss_and_target(ys, self._loss_fns, self.outputs)
        # the dtype of each placeholder, as a feed gets it in TF (once here, not per batch)
        xs = [a.astype(t.dtype.base_dtype.as_numpy_dtype, copy=False) for a, t in zip(xs, self.inputs)]
        ys = [a.astype(t.dtype.base_dtype.as_numpy_dtype, copy=False) for a, t in zip(ys, self.targets)]
        return xs, ys

    def _arrays(self, data, what):
        """Numpy data for the inputs (or targets), checked as TF 1.15 checks them."""
        if what == "input":
            return _check_arrays(_as_list(data, self.input_names, "input"), self.inputs,
                                 [keras_history(t)[0].name for t in self.inputs], "input")
        return _check_arrays(_as_list(data, self.output_names, "target"), self.targets, self.output_names, "target")

    def _source(self, x, y, batch_size, shuffle=False, steps=None, with_targets=True, what="steps"):
        if is_dataset(x):
            self._ensure_built_from_dataset(x)
            return DatasetSource(self, x, steps, with_targets, what)
        if with_targets:
            xs, ys = self._standardize(x, y)
        else:
            self._ensure_built(x)
            xs, ys = self._arrays(x, "input"), []
        return ArraySource(xs, ys, batch_size or 32, shuffle)

    def _ensure_built_from_dataset(self, dataset):
        if not self.outputs:
            shapes = tf.data.get_output_shapes(dataset) if hasattr(tf.data, "get_output_shapes") else None
            first = shapes[0] if isinstance(shapes, tuple) else shapes
            self._build_from(np.zeros([1] + first.as_list()[1:], np.float32))
        if getattr(self, "compiled", False) and not hasattr(self, "total_loss"):
            self._build_losses()

    def _run(self, source, fetches, training, on_batch=None):
        """Runs `fetches` on every batch of `source`; `on_batch(step, outputs, size)` after each."""
        session = K.get_session()
        for step, (xs, ys, size) in enumerate(source.batches()):
            if on_batch is not None and hasattr(on_batch, "begin"):
                on_batch.begin(step, size)
            xs = [a.astype(t.dtype.base_dtype.as_numpy_dtype, copy=False) for a, t in zip(xs, self.inputs)]
            ys = [a.astype(t.dtype.base_dtype.as_numpy_dtype, copy=False)
                  for a, t in zip(ys, getattr(self, "targets", []))]
            out = session.run(fetches, self._feed(xs, ys, training))
            yield out, size
            if on_batch is not None:
                on_batch(step, out, size)

    # -- the public loop ------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_freq=1, **kwargs):
        self._require_compiled("training/testing")
        _no_weights(sample_weight, class_weight)
        source = self._source(x, y, batch_size, shuffle, steps_per_epoch, what="steps_per_epoch")
        val = None
        if validation_data is not None:
            if is_dataset(validation_data):
                val = self._source(validation_data, None, batch_size, steps=validation_steps, what="validation_steps")
            else:
                if len(validation_data) not in (2, 3):
                    raise ValueError("When passing validation_data, it must contain 2 (x_val, y_val) or 3 (x_val, "
                                     "y_val, val_sample_weights) items, however it contains "
                                     f"{len(validation_data)} items")
                val = self._source(validation_data[0], validation_data[1], batch_size)
        elif validation_split and 0. < validation_split < 1.:
            if isinstance(source, DatasetSource):
                raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found: "
                                 f"{x}")
            split_at = int(source.count * (1. - validation_split))
            val = ArraySource([a[split_at:] for a in source.xs], [a[split_at:] for a in source.ys], source.batch_size)
            source = ArraySource([a[:split_at] for a in source.xs], [a[:split_at] for a in source.ys],
                                 source.batch_size, shuffle)
        train_op = self._make_train_op()
        K.get_session()
        steps_mode = source.mode == "steps"
        names = self.metrics_names
        out_labels = names + (["val_" + m for m in names] if val is not None else [])
        self.history = cbks.History()
        callback_list = list(callbacks or []) + [self.history]
        if verbose:
            callback_list.insert(0, cbks.ProgbarLogger(source.mode, stateful_metrics=names[1:]))
            if not steps_mode:
                print(f"Train on {source.count} samples" + (f", validate on {val.count} samples" if val is not None
                                                               else ""))
            elif source.count:
                print(f"Train on {source.count} steps" + (f", validate on {val.count} steps"
                                                          if val is not None and val.count else ""))
        cl = cbks.CallbackList(callback_list)
        params = {"batch_size": None if steps_mode else source.batch_size, "epochs": epochs,
                  "steps": source.count if steps_mode else None, "samples": None if steps_mode else source.count,
                  "verbose": verbose, "do_validation": val is not None, "metrics": out_labels}
        for c in callback_list:
            c.set_model(self)
            c.set_params(params)
        self.stop_training = False
        cl.on_train_begin()
        fetches = [train_op, self.total_loss] + self._metric_tensors
        for epoch in range(initial_epoch, epochs):
            cl.on_epoch_begin(epoch)
            agg = _Aggregate(len(names), steps_mode)

            def on_batch(b, out, size):
                agg.add(out[1:], size)
                logs = {"batch": b, "size": 1 if steps_mode else size}
                logs.update(zip(names, agg.batch_view(out[1:])))
                cl.on_batch_end(b, logs)
            on_batch.begin = lambda b, size: cl.on_batch_begin(b, {"batch": b, "size": 1 if steps_mode else size})
            for _ in self._run(source, fetches, True, on_batch):
                pass
            logs = dict(zip(names, agg.result()))
            if val is not None and (epoch + 1) % validation_freq == 0:
                vals = self._evaluate_source(val)
                logs.update(("val_" + k, v) for k, v in zip(names, vals))
            cl.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        cl.on_train_end()
        return self.history

    def _evaluate_source(self, source):
        agg = _Aggregate(len(self.metrics_names), source.mode == "steps")
        for out, size in self._run(source, [self.total_loss] + self._metric_tensors, False):
            agg.add(out, size)
        return agg.result()

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, callbacks=None,
                 **kwargs):
        self._require_compiled("training/testing")
        _no_weights(sample_weight, None)
        source = self._source(x, y, batch_size, steps=steps)
        results = [np.float32(r) for r in self._evaluate_source(source)]
        if verbose and source.count:
            bar = cbks.Progbar(source.count, verbose=verbose, unit_name="step" if source.mode == "steps" else "sample")
            bar.update(source.count, list(zip(self.metrics_names, results)))
        return results[0] if len(results) == 1 else results

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None, **kwargs):
        source = self._source(x, None, batch_size, steps=steps, with_targets=False)
        runs = list(self._run(source, list(self.outputs), False))
        outs = [np.concatenate([r[0][i] for r in runs]) for i in range(len(self.outputs))]
        return outs[0] if len(outs) == 1 else outs

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None, reset_metrics=True):
        self._require_compiled("training/testing")
        xs, ys = self._standardize(x, y)
        out = K.get_session().run([self._make_train_op(), self.total_loss] + self._metric_tensors,
                                  self._feed(xs, ys, True))[1:]
        res = [np.float32(out[0])] + [np.float32(np.mean(m)) for m in out[1:]]
        return res[0] if len(res) == 1 else res

    def test_on_batch(self, x, y, sample_weight=None, reset_metrics=True):
        self._require_compiled("training/testing")
        xs, ys = self._standardize(x, y)
        out = K.get_session().run([self.total_loss] + self._metric_tensors, self._feed(xs, ys, False))
        res = [np.float32(out[0])] + [np.float32(np.mean(m)) for m in out[1:]]
        return res[0] if len(res) == 1 else res

    def predict_on_batch(self, x):
        return self.predict(x, batch_size=len(_as_list(x, self.input_names, "input")[0]))

    # -- weights on disk ------------------------------------------------------------------------------
    def save_weights(self, filepath, overwrite=True, save_format=None):
        if save_format == "h5" or str(filepath).endswith((".h5", ".keras", ".hdf5")):
            raise ImportError("`save_weights` requires h5py when saving in hdf5.")
        saver = tf.train.Saver(var_list=self.weights)
        saver.save(K.get_session(), str(filepath), write_meta_graph=False)

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None):
        raise ImportError("`save_model` requires h5py. (nbgraph: save the weights with `save_weights(path)`, "
                          "TF's checkpoint format, and rebuild the model in code.)")

    def load_weights(self, filepath, by_name=False):
        if str(filepath).endswith((".h5", ".keras", ".hdf5")):
            raise ImportError("`load_weights` requires h5py when loading weights from HDF5.")
        saver = tf.train.Saver(var_list=self.weights)
        saver.restore(K.get_session(), str(filepath))


class _Aggregate:
    """Loss averaged over samples (over steps for a dataset); metrics averaged over every sample seen
    (TF's stateful metrics); both as Python floats, as TF 1.15's epoch logs hold them."""

    def __init__(self, n, steps_mode=False):
        self.sums = [0.0] * n
        self.counts = [0] * n
        self.steps_mode = steps_mode

    def add(self, values, size):
        for i, v in enumerate(values):
            v = np.asarray(v)
            weight = 1 if self.steps_mode else size
            if i == 0 or v.ndim == 0:
                self.sums[i] += float(v) * weight
                self.counts[i] += weight
            else:
                self.sums[i] += float(v.astype(np.float64).sum())
                self.counts[i] += v.size

    def batch_view(self, values):
        """What a batch's logs say: the batch loss, and each metric so far in the epoch."""
        return [float(values[0])] + [float(np.float32(self.sums[i] / max(self.counts[i], 1)))
                                     for i in range(1, len(values))]

    def result(self):
        return [s / max(c, 1) if i == 0 else float(np.float32(s / max(c, 1)))
                for i, (s, c) in enumerate(zip(self.sums, self.counts))]
