import tensorflow as tf
import numpy as np

# QueueRunner and Coordinator: four producer threads move every element of a closed source
# queue to an output queue; the last one closes it; the consumer sees each element once.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

n = 50
src = tf.FIFOQueue(n, tf.int32, shapes=[[]], name="source")
fill = src.enqueue_many([np.arange(n, dtype=np.int32)])
close_src = src.close()
out = tf.FIFOQueue(4, tf.int32, shapes=[[]], name="out")
move = out.enqueue(src.dequeue() * 2)
qr = tf.train.QueueRunner(out, [move] * 4)
print(qr.name, len(qr.enqueue_ops), qr.close_op.name, qr.cancel_op.name)
tf.train.add_queue_runner(qr)
print(len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)))
took = out.dequeue()
with tf.Session() as sess:
    sess.run([fill, close_src])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    print("threads", len(threads))
    got = []
    try:
        while not coord.should_stop():
            got.append(int(sess.run(took)))
    except tf.errors.OutOfRangeError as e:
        print("consumer done:", str(e).splitlines()[0])
    finally:
        coord.request_stop()
    coord.join(threads)
    print("every element once", sorted(got) == [2 * i for i in range(n)])
    print("threads alive", sum(t.is_alive() for t in threads))

coord = tf.train.Coordinator()
print(coord.should_stop())
try:
    with coord.stop_on_exception():
        raise RuntimeError("producer failed")
except RuntimeError:
    print("not swallowed?")
print(coord.should_stop())
show_error("join re-raises", lambda: coord.join([]))
coord2 = tf.train.Coordinator()
coord2.request_stop(tf.errors.OutOfRangeError(None, None, "input ended"))
coord2.join([])
print("out of range is a clean stop", coord2.should_stop())
show_error("no default session", lambda: tf.train.start_queue_runners())
