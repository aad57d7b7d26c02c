import tensorflow as tf
import numpy as np

# tf.train.batch / shuffle_batch: names, shapes, what comes back for a tensor, a list and a
# dict; enqueue_many, allow_smaller_final_batch and dynamic_pad; every element exactly once.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def run_all(fetch, n_batches=None):
    out = []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        try:
            while n_batches is None or len(out) < n_batches:
                out.append(sess.run(fetch))
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
            coord.join(threads)
    return out


x = tf.train.range_input_producer(10, num_epochs=1, shuffle=False).dequeue()
smaller = tf.train.batch([x], batch_size=4, allow_smaller_final_batch=True)
print(smaller)
print("smaller", [b.tolist() for b in run_all(smaller)])

tf.reset_default_graph()
x = tf.train.range_input_producer(10, num_epochs=1, shuffle=False).dequeue()
as_list = tf.train.batch([x], batch_size=5)
print(as_list)
as_dict = tf.train.batch({"v": x, "w": x * 2}, batch_size=5, name="dict_batch")
print(sorted(as_dict.items()))

tf.reset_default_graph()
rows = tf.constant(np.arange(12).reshape(6, 2))
many = tf.train.batch([rows], batch_size=4, enqueue_many=True, capacity=6)
print(many)

tf.reset_default_graph()
x = tf.train.range_input_producer(20, num_epochs=1, shuffle=False).dequeue()
sb = tf.train.shuffle_batch([x, x * 10], batch_size=5, capacity=15, min_after_dequeue=5, seed=4,
                            allow_smaller_final_batch=True)
print(sb)
print([q.name for q in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)])
got = run_all(sb)
flat = sorted(v for a, _ in got for v in a.tolist())
print("each once", flat == list(range(20)))
print("pairs kept", all((b == 10 * a).all() for a, b in got))

tf.reset_default_graph()
n = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue() + 1
seq = tf.fill([n], n)
padded = tf.train.batch([seq], batch_size=2, dynamic_pad=True)
print(padded)
print("padded", [b.tolist() for b in run_all(padded)])
show_error("unknown shape", lambda: tf.train.batch([seq], batch_size=2))
