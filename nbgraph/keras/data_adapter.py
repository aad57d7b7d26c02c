"""Where `fit`/`evaluate`/`predict` get their batches: numpy arrays (sliced by `batch_size`, shuffled
per epoch with numpy's global generator as TF does, counted in samples) or a `tf.data.Dataset` of
`(x, y)` (pulled through an iterator in Keras's session, `steps` batches an epoch, counted in steps)."""
from __future__ import annotations

from typing import Iterator

import numpy as np

import nbgraph as tf

from . import backend as K


def is_dataset(x) -> bool:
    return isinstance(x, tf.data.Dataset)


class ArraySource:
    mode = "samples"

    def __init__(self, xs: list, ys: list, batch_size: int, shuffle=False):
        self.xs, self.ys, self.batch_size, self.shuffle = xs, ys, batch_size, shuffle
        self.count = len(xs[0])

    def batches(self) -> Iterator[tuple[list, list, int]]:
        index = np.arange(self.count)
        if self.shuffle == "batch":
            raise NotImplementedError("shuffle='batch' is for HDF5 data, which nbgraph does not read")
        if self.shuffle:
            np.random.shuffle(index)
        for start in range(0, self.count, self.batch_size):
            ids = index[start:start + self.batch_size]
            yield [a[ids] for a in self.xs], [a[ids] for a in self.ys], len(ids)


class DatasetSource:
    """`steps` batches of a dataset per epoch (a fresh pass each epoch when `steps` is None)."""

    mode = "steps"

    def __init__(self, model, dataset, steps, with_targets=True, what="steps_per_epoch"):
        self.model, self.dataset, self.steps, self.with_targets = model, dataset, steps, with_targets
        self.count = steps
        self._next = None
        self._iterator = None

    def _element(self):
        if self._next is None:
            with tf.name_scope(None):
                self._iterator = tf.data.make_initializable_iterator(self.dataset)
                self._next = self._iterator.get_next()
            self._initialised = False
        return self._next

    def batches(self) -> Iterator[tuple[list, list, int]]:
        element = self._element()
        session = K.get_session()
        if self.steps is None or not self._initialised:
            session.run(self._iterator.initializer)
            self._initialised = True
        step = 0
        while self.steps is None or step < self.steps:
            try:
                value = session.run(element)
            except tf.errors.OutOfRangeError:
                if self.steps is not None:
                    print(f"WARNING: Your dataset iterator ran out of data; interrupting training. Make sure that "
                          f"your iterator can generate at least `steps_per_epoch * epochs` batches (in this case, "
                          f"{self.steps} batches).")
                self.count = step
                return
            if self.with_targets:
                if not isinstance(value, tuple) or len(value) < 2:
                    raise ValueError("Please provide model inputs as a dataset of (inputs, targets) tuples.")
                x, y = value[0], value[1]
            else:
                x, y = (value[0] if isinstance(value, tuple) and len(value) == 2 else value), None
            xs = self.model._arrays(x, "input")
            ys = self.model._arrays(y, "target") if y is not None else []
            yield xs, ys, len(xs[0])
            step += 1
        self.count = step

