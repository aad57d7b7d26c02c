import tensorflow as tf
import numpy as np

# Lookup tables (vocabularies in text lessons): a static hash table from a KeyValueTensorInitializer,
# lookups of dense and sparse keys, size, tables_initializer, and the uninitialised-table error.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

init = tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3], key_dtype=tf.string, value_dtype=tf.int64)
table = tf.lookup.StaticHashTable(init, -1)
out = table.lookup(tf.constant(["a", "z", "c"]))
words = tf.placeholder(tf.string, [None, 2], name="words")
out2 = table.lookup(words, name="fed")
sp = tf.SparseTensor([[0, 0], [1, 2]], tf.constant(["c", "q"]), [2, 3])
out3 = table.lookup(sp)
rev = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(tf.constant([0, 1, 2], tf.int64),
                                                                    tf.constant(["x", "y", "z"])), "UNK",
                                name="rev_table")
back = rev.lookup(tf.constant([2, 0, 7], tf.int64))
size = table.size()
init_all = tf.tables_initializer()
for t in (out, out2, out3, back, size):
    print(t)
print(init_all.type, init_all.name, [i.name for i in init_all.control_inputs])
print([op.name for op in tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)])
ops()
with tf.Session() as sess:
    show_error("not initialized", lambda: sess.run(out))
    sess.run(init_all)
    show("out", sess.run(out))
    show("out2", sess.run(out2, {words: [["b", "b"], ["x", "a"]]}))
    v = sess.run(out3)
    show("out3", v.values)
    show("back", sess.run(back))
    show("size", sess.run(size))
print(tf.Session().run(tf.tables_initializer(name="again")))
