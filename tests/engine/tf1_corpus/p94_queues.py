import tensorflow as tf
import numpy as np

# FIFOQueue, PaddingFIFOQueue and RandomShuffleQueue: op names, values, sizes, closing,
# TF's texts for a closed queue, and a dequeue on an empty queue timing out.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

q = tf.FIFOQueue(3, tf.float32, shapes=[[]])
print(q.name, q.dtypes, q.shapes, q.names)
enq = q.enqueue(1.0)
enq_many = q.enqueue_many([[2.0, 3.0]])
deq = q.dequeue()
deq_many = q.dequeue_many(2)
deq_up_to = q.dequeue_up_to(5)
close = q.close()
cancel = q.close(cancel_pending_enqueues=True)
size = q.size()
print(enq.name, enq.type, enq_many.name, enq_many.type)
print(deq, deq_many, deq_up_to, size)
print(close.name, close.type, cancel.name, cancel.get_attr("cancel_pending_enqueues"))
ops()
sess = tf.Session()
sess.run(enq)
sess.run(enq_many)
show("size", sess.run(size))
show("dequeue", sess.run(deq))
show("dequeue_many", sess.run(deq_many))
show_error("empty, timed out", lambda: sess.run(deq, options=tf.RunOptions(timeout_in_ms=100)))
sess.run(enq)
show("still usable", sess.run(size))
sess.run(close)
show("dequeue_up_to after close", sess.run(deq_up_to))
show_error("dequeue closed", lambda: sess.run(deq))
show_error("dequeue_many closed", lambda: sess.run(deq_many))
show_error("dequeue_up_to closed", lambda: sess.run(deq_up_to))
show_error("enqueue closed", lambda: sess.run(enq))
other = tf.Session()
show("another session has its own queue", other.run(size))
other.run(enq)
show("its dequeue", other.run(deq))
sess.close()
other.close()

two = tf.FIFOQueue(5, [tf.int32, tf.string], shapes=[[], []], name="pairs")
put = two.enqueue_many([[1, 2, 3], ["a", "b", "c"]])
num, word = two.dequeue()
nums, words = two.dequeue_many(2)
print(num, word, nums, words)
with tf.Session() as s:
    s.run(put)
    show("pair", s.run([num, word]))
    show("pairs", s.run([nums, words]))

named = tf.FIFOQueue(4, [tf.int32, tf.float32], shapes=[[], [2]], names=["id", "xy"])
named_put = named.enqueue({"id": 7, "xy": [1.0, 2.0]})
got = named.dequeue()
print(sorted(got))
with tf.Session() as s:
    s.run(named_put)
    v = s.run(got)
    show("id", v["id"])
    show("xy", v["xy"])

pq = tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None]])
seq = tf.placeholder(tf.int32, [None])
pput = pq.enqueue([seq])
pget = pq.dequeue_many(3)
print(pget)
with tf.Session() as s:
    for v in ([1, 2, 3], [4], [5, 6]):
        s.run(pput, {seq: v})
    show("padded", s.run(pget))

rq = tf.RandomShuffleQueue(capacity=20, min_after_dequeue=4, dtypes=[tf.int32], shapes=[[]], seed=3, name="rq")
rput = rq.enqueue_many([list(range(10))])
rget = rq.dequeue()
rclose = rq.close()
print(rq.queue_ref.op.type, rget)
with tf.Session() as s:
    s.run(rput)
    first = [int(s.run(rget)) for _ in range(6)]
    show_error("min_after_dequeue holds back", lambda: s.run(rget, options=tf.RunOptions(timeout_in_ms=100)))
    s.run(rclose)
    rest = [int(s.run(rget)) for _ in range(4)]
    print("all once", sorted(first + rest) == list(range(10)))
    show_error("random queue closed", lambda: s.run(rget))
