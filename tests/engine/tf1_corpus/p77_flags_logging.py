import tensorflow as tf
import sys

# tf.app.flags / tf.flags as scripts use them: DEFINE_* then FLAGS.x (argv parsed on first read),
# assignment, tf.app.run with an argv; tf.logging's levels and verbosity. (nbgraph also tolerates
# a Jupyter kernel's `-f kernel.json` in argv, where TF raised UnrecognizedFlagError: see
# tests/engine/test_flags_logging.py.)

from corpus_helpers import show, show_error  # noqa: E402,F401

sys.argv = ["train.py", "--epochs=7"]
flags = tf.app.flags
flags.DEFINE_integer("epochs", 3, "number of epochs")
flags.DEFINE_string("data_dir", "/tmp/mnist", "where the data is")
tf.flags.DEFINE_float("learning_rate", 0.01, "learning rate")
tf.app.flags.DEFINE_boolean("use_fp16", False, "half precision")
flags.DEFINE_bool("shuffle", True, "shuffle the data")
flags.DEFINE_list("layers", ["64", "32"], "layer sizes")
flags.DEFINE_enum("optimizer", "adam", ["adam", "sgd"], "optimizer")
FLAGS = flags.FLAGS
print(FLAGS.epochs, FLAGS.data_dir, FLAGS.learning_rate, FLAGS.use_fp16, FLAGS.shuffle, FLAGS.layers, FLAGS.optimizer)
print(type(FLAGS.epochs).__name__, type(FLAGS.learning_rate).__name__)
FLAGS.learning_rate = 0.5
print(FLAGS.learning_rate, tf.flags.FLAGS.learning_rate, FLAGS is tf.flags.FLAGS, tf.app.flags.FLAGS is tf.flags.FLAGS)
print("epochs" in FLAGS, FLAGS["epochs"].default, FLAGS["epochs"].value)
show_error("unknown-flag", lambda: FLAGS.no_such_flag)
show_error("duplicate", lambda: flags.DEFINE_integer("epochs", 5, "again"))
show_error("bad-enum", lambda: setattr(FLAGS, "optimizer", "rmsprop"))


def main(argv):
    print("main got", argv, FLAGS.epochs, FLAGS.data_dir)
    return 0


try:
    tf.app.run(main=main, argv=["train.py", "--data_dir=/data", "extra_arg"])
except SystemExit as e:
    print("SystemExit", e.code)

print(tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR, tf.logging.FATAL)
tf.logging.set_verbosity(tf.logging.INFO)
print(tf.logging.get_verbosity())
tf.logging.info("Step %d: loss = %.3f", 10, 0.5)  # to stderr
tf.logging.set_verbosity(tf.logging.ERROR)
print(tf.logging.get_verbosity())
tf.logging.warn("not shown")
