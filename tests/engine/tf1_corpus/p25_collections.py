import tensorflow as tf
import collections
import numpy as np

# Variable collections: global, trainable, local; tf.get_collection and GraphKeys.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.Variable(1.0, name="a")
b = tf.Variable(2.0, name="b", trainable=False)
c = tf.get_variable("c", [1], initializer=tf.zeros_initializer(), trainable=False)
d = tf.Variable(0, name="d", collections=[tf.GraphKeys.LOCAL_VARIABLES], trainable=False)
e = tf.get_variable("e", [2], initializer=tf.ones_initializer(), collections=[tf.GraphKeys.LOCAL_VARIABLES])
f = tf.get_variable("f", [], initializer=tf.zeros_initializer())
print(tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES, tf.GraphKeys.LOCAL_VARIABLES)
print("global", [v.name for v in tf.global_variables()])
print("trainable", [v.name for v in tf.trainable_variables()])
print("local", [v.name for v in tf.local_variables()])
print("get_collection", [v.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)])
print("get_collection trainable", [v.name for v in tf.get_collection("trainable_variables")])
tf.add_to_collection("mine", a)
tf.add_to_collection("mine", f)
print("custom", [v.name for v in tf.get_collection("mine")], tf.get_collection("missing"))
print("graph", [v.name for v in tf.get_default_graph().get_collection("mine")])
print(tf.global_variables_initializer().name, tf.local_variables_initializer().name)
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    show("d", sess.run(d))
    show("e", sess.run(e))
