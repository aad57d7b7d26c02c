"""Run one corpus program under real TensorFlow, set up the way a TF 1.x lesson sees it.

    python run_tf.py PROGRAM.py

`import tensorflow as tf` inside the program gets `tensorflow.compat.v1` with v2 behaviour
(eager, v2 tensor shapes, resource variables) switched off. One TF 2 addition is undone:
TF 2 prefixes every error raised by `Session.run` with "Graph execution error:" and the
node's creation traceback; TF 1.15 put the runtime's own message first.
A `# corpus: estimator` line gives the program `tf.estimator` from tensorflow_estimator 2.15
(TF 1.15's estimator code, last released for TF 2.15) through `tf_estimator_shim.py`.
"""
import os
import runpy
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# TF 1.x's `tf.nn.rnn_cell` cells live on in the `tf_keras` package (Keras 2); TF 2 with Keras 3
# refuses them. Programs that use them say so with a `# corpus: legacy-keras` line.
with open(sys.argv[1], encoding="utf-8") as _f:
    _source = _f.read()
    if "# corpus: legacy-keras" in _source or "# corpus: estimator" in _source:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow.compat.v1 as tf1  # noqa: E402
from tensorflow.python.framework import error_interpolation  # noqa: E402

tf1.disable_v2_behavior()
tf1.disable_resource_variables()
tf1.logging.set_verbosity(tf1.logging.ERROR)
error_interpolation.interpolate_graph = lambda message, graph: message

if "# corpus: estimator" in _source:  # tf.estimator: tensorflow_estimator 2.15 (see tf_estimator_shim.py)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tf_estimator_shim  # noqa: E402

    tf_estimator_shim.install(tf1)
sys.modules["tensorflow"] = tf1
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # corpus_helpers
runpy.run_path(sys.argv[1], run_name="__main__")
