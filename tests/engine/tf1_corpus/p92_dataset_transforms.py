import tensorflow as tf
import numpy as np

# Dataset transformations: zip, concatenate, take/skip, flat_map, filter, padded_batch,
# batch(drop_remainder), cache, prefetch, shuffle with buffer semantics.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def drain(ds):
    t = ds.make_one_shot_iterator().get_next()
    out = []
    with tf.Session() as sess:
        while True:
            try:
                out.append(sess.run(t))
            except tf.errors.OutOfRangeError:
                return out


a = tf.data.Dataset.range(10).skip(2).take(4)
b = a.map(lambda v: tf.cast(v, tf.float32) / 2)
z = tf.data.Dataset.zip((a, b))
print(z.output_types, z.output_shapes)
show("zip", drain(z))
c = a.concatenate(tf.data.Dataset.range(100, 103))
show("concatenate", drain(c))
show("flat_map", drain(tf.data.Dataset.range(4).flat_map(lambda v: tf.data.Dataset.from_tensors(v).repeat(v))))
show("filter", drain(tf.data.Dataset.range(12).filter(lambda v: v % 3 > 0)))
show("take -1", drain(tf.data.Dataset.range(3).take(-1)))
show("skip all", len(drain(tf.data.Dataset.range(3).skip(5))))

dropped = tf.data.Dataset.range(7).batch(3, drop_remainder=True)
print(dropped.output_shapes)
show("drop_remainder", drain(dropped))
ragged = tf.data.Dataset.range(1, 5).map(lambda v: tf.fill([v], v))
print(ragged.output_shapes)
padded = ragged.padded_batch(2, padded_shapes=[None])
print(padded.output_shapes)
for i, batch in enumerate(drain(padded)):
    show("padded %d" % i, batch)
fixed = ragged.padded_batch(3, padded_shapes=[5], padding_values=tf.constant(-1, tf.int64))
print(fixed.output_shapes)
for i, batch in enumerate(drain(fixed)):
    show("fixed %d" % i, batch)
bad = ragged.batch(2)
show_error("batch ragged", lambda: drain(bad), message=False)  # TF 1.15 and 2.x word it differently

cached = tf.data.Dataset.range(3).map(lambda v: v + 1).cache().prefetch(2).repeat(2)
show("cache", drain(cached))

same = drain(tf.data.Dataset.range(10).shuffle(1, seed=3))
show("buffer of one keeps order", same)
shuffled = drain(tf.data.Dataset.range(10).shuffle(10, seed=3))
show("a permutation", sorted(shuffled))
print("reordered", shuffled != list(range(10)))
windowed = drain(tf.data.Dataset.range(30).shuffle(5, seed=7))
print("buffer bound", all(windowed.index(i) >= i - 4 for i in range(30)))
epochs = drain(tf.data.Dataset.range(8).shuffle(8, seed=1).repeat(2))
print("each epoch a permutation", sorted(epochs[:8]) == sorted(epochs[8:]) == list(range(8)))

show("interleave", drain(tf.data.Dataset.range(1, 6).interleave(
    lambda v: tf.data.Dataset.from_tensors(v).repeat(v), cycle_length=2, block_length=2)))
show("interleave ranges", drain(tf.data.Dataset.range(1, 4).interleave(
    lambda v: tf.data.Dataset.range(v * 10, v * 10 + 3), cycle_length=3)))
unbatched = tf.data.Dataset.range(7).batch(3).apply(tf.data.experimental.unbatch())
print(unbatched.output_shapes)
show("unbatch", drain(unbatched))
