"""Reference side only: makes `tensorflow_estimator` 2.15 (the last release, TF 1.15's estimator
code carried forward) import on today's TensorFlow, so corpus programs marked
`# corpus: estimator` can get goldens for `tf.estimator`.

Needs the package importable, e.g. unpacked without dependencies into `$NBGRAPH_TF_ESTIMATOR`
(default /tmp/tfest):  pip download tensorflow-estimator==2.15.0 --no-deps, then unzip the wheel
there. The modules TF removed since (TPU embedding, distribute-coordinator training) are stubbed:
the programs never reach them.
"""
import importlib
import os
import sys
import types


class _Anything(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {"__init__": lambda self, *a, **k: None})


def _stub(fullname):
    parent, _, leaf = fullname.rpartition(".")
    module = _Anything(fullname)
    sys.modules[fullname] = module
    setattr(importlib.import_module(parent), leaf, module)


def install(tf1):
    """Sets `tf1.estimator` to tensorflow_estimator's v1 API."""
    sys.path.insert(0, os.environ.get("NBGRAPH_TF_ESTIMATOR", "/tmp/tfest"))
    from tensorflow.python.util import tf_export
    tf_export.ESTIMATOR_API_NAME = "estimator"
    tf_export.API_ATTRS["estimator"] = tf_export._Attributes("_estimator_api_names", "_estimator_api_constants")
    tf_export.API_ATTRS_V1["estimator"] = tf_export._Attributes("_estimator_api_names_v1",
                                                                "_estimator_api_constants_v1")
    for name in ("tensorflow.python.distribute.estimator_training", "tensorflow.python.tpu.tpu_embedding",
                 "tensorflow.python.tpu.session_support", "tensorflow.python.tpu.tpu_embedding_gradient"):
        try:
            importlib.import_module(name)
        except ImportError:
            _stub(name)
    training = sys.modules["tensorflow.python.distribute.estimator_training"]
    if isinstance(training, _Anything):  # train_and_evaluate asks it; locally the answer is no
        training.should_run_distribute_coordinator = lambda config: False
    from tensorflow_estimator._api.v1 import estimator
    tf1.estimator = estimator
