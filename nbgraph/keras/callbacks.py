"""`tf.keras.callbacks` (Callback, History, EarlyStopping, LambdaCallback, ModelCheckpoint,
TensorBoard) and the progress display of `fit` in TF 1.15's text: `Epoch 1/5`, then
`100/100 [==============================] - 0s 52us/sample - loss: 0.6931 - acc: 0.5000` (verbose=1,
redrawn in place) or `100/100 - 0s - loss: 0.6931 - acc: 0.5000` (verbose=2)."""
from __future__ import annotations

import sys
import time

import numpy as np


class Progbar:
    """`tf.keras.utils.Progbar`: a progress bar with running averages (stateful metrics as given)."""

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None, unit_name="step"):
        self.target, self.width, self.verbose, self.interval = target, width, verbose, interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._dynamic_display = ((hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
                                 or "ipykernel" in sys.modules or "posix" in sys.modules)
        self._total_width = 0
        self._seen_so_far = 0
        self._values: dict = {}
        self._values_order: list = []
        self._start = time.time()
        self._last_update = 0.0

    def update(self, current, values=None):
        values = values or []
        for k, v in values:
            if k not in self._values_order:
                self._values_order.append(k)
            if k not in self.stateful_metrics:
                if k not in self._values:
                    self._values[k] = [v * (current - self._seen_so_far), current - self._seen_so_far]
                else:
                    self._values[k][0] += v * (current - self._seen_so_far)
                    self._values[k][1] += current - self._seen_so_far
            else:
                self._values[k] = [v, 1]
        self._seen_so_far = current
        now = time.time()
        info = " - %.0fs" % (now - self._start)
        out = sys.stdout
        if self.verbose == 1:
            if now - self._last_update < self.interval and self.target is not None and current < self.target:
                return
            prev_total_width = self._total_width
            out.write("\b" * prev_total_width + "\r" if self._dynamic_display else "\n")
            if self.target is not None:
                numdigits = int(np.floor(np.log10(self.target))) + 1
                bar = ("%" + str(numdigits) + "d/%d [") % (current, self.target)
                prog_width = int(self.width * float(current) / self.target)
                if prog_width > 0:
                    bar += "=" * (prog_width - 1) + (">" if current < self.target else "=")
                bar += "." * (self.width - prog_width) + "]"
            else:
                bar = "%7d/Unknown" % current
            self._total_width = len(bar)
            out.write(bar)
            time_per_unit = (now - self._start) / current if current else 0
            if self.target is not None and current < self.target:
                eta = time_per_unit * (self.target - current)
                if eta > 3600:
                    eta_format = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
                elif eta > 60:
                    eta_format = "%d:%02d" % (eta // 60, eta % 60)
                else:
                    eta_format = "%ds" % eta
                info = " - ETA: %s" % eta_format
            elif time_per_unit >= 1 or time_per_unit == 0:
                info += " %.0fs/%s" % (time_per_unit, self.unit_name)
            elif time_per_unit >= 1e-3:
                info += " %.0fms/%s" % (time_per_unit * 1e3, self.unit_name)
            else:
                info += " %.0fus/%s" % (time_per_unit * 1e6, self.unit_name)
            for k in self._values_order:
                info += " - %s:" % k
                avg = np.mean(self._values[k][0] / max(1, self._values[k][1]))
                info += " %.4f" % avg if abs(avg) > 1e-3 else " %.4e" % avg
            self._total_width += len(info)
            if prev_total_width > self._total_width:
                info += " " * (prev_total_width - self._total_width)
            if self.target is not None and current >= self.target:
                info += "\n"
            out.write(info)
            out.flush()
        elif self.verbose == 2:
            if self.target is not None and current >= self.target:
                numdigits = int(np.floor(np.log10(self.target))) + 1
                info = ("%" + str(numdigits) + "d/%d") % (current, self.target) + info
                for k in self._values_order:
                    info += " - %s:" % k
                    avg = np.mean(self._values[k][0] / max(1, self._values[k][1]))
                    info += " %.4f" % avg if avg > 1e-3 else " %.4e" % avg
                out.write(info + "\n")
                out.flush()
        self._last_update = now

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)


class Callback:
    """Base of the callbacks `fit` calls at each epoch and batch."""

    def __init__(self):
        self.model = None
        self.params: dict = {}
        self.validation_data = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass
    def on_train_batch_begin(self, batch, logs=None): self.on_batch_begin(batch, logs)
    def on_train_batch_end(self, batch, logs=None): self.on_batch_end(batch, logs)
    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass


class History(Callback):
    """Records the epoch logs: `history.history['loss']`, `['acc']`, `['val_loss']`..."""

    def on_train_begin(self, logs=None):
        self.epoch: list = []
        self.history: dict = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)


class ProgbarLogger(Callback):
    """Prints `Epoch i/n` and the progress bar (TF 1.15 counts samples for array inputs)."""

    def __init__(self, count_mode="samples", stateful_metrics=None):
        super().__init__()
        self.unit_name = "sample" if count_mode == "samples" else "step"
        self.stateful_metrics = set(stateful_metrics or ())

    def on_train_begin(self, logs=None):
        self.verbose = self.params["verbose"]
        self.epochs = self.params["epochs"]

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.target = self.params["steps"] if self.unit_name == "step" else self.params["samples"]
        self.log_values: list = []
        if self.verbose:
            if self.epochs > 1:
                print("Epoch %d/%d" % (epoch + 1, self.epochs))
            self.progbar = Progbar(target=self.target, verbose=self.verbose, stateful_metrics=self.stateful_metrics,
                                   unit_name=self.unit_name)

    def on_batch_begin(self, batch, logs=None):
        if self.target is None or self.seen < self.target:
            self.log_values = []

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += logs.get("size", 1)
        self.log_values += [(k, logs[k]) for k in self.params["metrics"] if k in logs]
        if self.verbose and (self.target is None or self.seen < self.target):  # on_epoch_end shows the last
            self.progbar.update(self.seen, self.log_values)

    def on_epoch_end(self, epoch, logs=None):
        # TF 1.15 adds the epoch's logs to the last batch's: its loss is counted in the bar twice
        logs = logs or {}
        self.log_values += [(k, logs[k]) for k in self.params["metrics"] if k in logs]
        if self.verbose:
            self.progbar.update(self.seen, self.log_values)


class EarlyStopping(Callback):
    """Stops `fit` once `monitor` has not improved by `min_delta` for `patience` epochs."""

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False):
        super().__init__()
        self.monitor, self.patience, self.verbose, self.baseline = monitor, patience, verbose, baseline
        self.restore_best_weights = restore_best_weights
        if mode not in ("auto", "min", "max"):
            mode = "auto"
        if mode == "min" or (mode == "auto" and "acc" not in monitor):
            self.monitor_op, self.min_delta = np.less, -abs(min_delta)
        else:
            self.monitor_op, self.min_delta = np.greater, abs(min_delta)
        self.stopped_epoch = 0

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self.baseline if self.baseline is not None else (
            np.inf if self.monitor_op is np.less else -np.inf)
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            print("Early stopping conditioned on metric `%s` which is not available. Available metrics are: %s"
                  % (self.monitor, ",".join(list((logs or {}).keys()))), file=sys.stderr)
            return
        if self.monitor_op(current - self.min_delta, self.best):
            self.best = current
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                if self.restore_best_weights and self.best_weights is not None:
                    self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print("Epoch %05d: early stopping" % (self.stopped_epoch + 1))


class LambdaCallback(Callback):
    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        for name, fn in (("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_batch_begin", on_batch_begin), ("on_batch_end", on_batch_end)):
            if fn is not None:
                setattr(self, name, fn)
        if on_train_begin is not None:
            self.on_train_begin = lambda logs=None: on_train_begin(logs)
        if on_train_end is not None:
            self.on_train_end = lambda logs=None: on_train_end(logs)


class ModelCheckpoint(Callback):
    """Saves the weights (TF checkpoint format) after each epoch, or only when `monitor` improves."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", period=1, **kwargs):
        super().__init__()
        self.filepath, self.monitor, self.verbose = filepath, monitor, verbose
        self.save_best_only, self.period = save_best_only, period
        better_high = mode == "max" or (mode == "auto" and "acc" in monitor)
        self.monitor_op = np.greater if better_high else np.less
        self.best = -np.inf if better_high else np.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if (epoch + 1) % self.period:
            return
        path = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None or not self.monitor_op(current, self.best):
                return
            self.best = current
        self.model.save_weights(path)


class TensorBoard(Callback):
    """Writes the graph when training starts and each epoch's logs as scalars (`loss`, `acc`,
    `val_loss`...) to an event file in `log_dir`, as TF 1.15's callback does in graph mode."""

    def __init__(self, log_dir="./logs", histogram_freq=0, write_graph=True, write_images=False,
                 update_freq="epoch", **kwargs):
        super().__init__()
        if histogram_freq:
            raise NotImplementedError("nbgraph's TensorBoard callback writes scalars and the graph only "
                                      "(histogram_freq=0)")
        self.log_dir, self.write_graph, self.update_freq = log_dir, write_graph, update_freq
        self.writer = None

    def on_train_begin(self, logs=None):
        import nbgraph as tf
        if self.writer is None:
            graph = tf.get_default_graph() if self.write_graph else None
            self.writer = tf.summary.FileWriter(self.log_dir, graph)

    def on_epoch_end(self, epoch, logs=None):
        import nbgraph as tf
        for name, value in (logs or {}).items():
            if name in ("batch", "size", "num_steps"):
                continue
            summary = tf.Summary(value=[tf.Summary.Value(tag=name, simple_value=float(value))])
            self.writer.add_summary(summary, epoch)
        self.writer.flush()

    def on_train_end(self, logs=None):
        self.writer.close()
        self.writer = None


class CallbackList:
    def __init__(self, callbacks):
        self.callbacks = list(callbacks)

    def __getattr__(self, name):
        def call(*args):
            if len(args) == (1 if name.startswith(("on_epoch", "on_batch", "on_train_batch")) else 0):
                args = args + ({},)  # Keras always hands callbacks a logs dict
            for c in self.callbacks:
                getattr(c, name)(*args)
        return call
