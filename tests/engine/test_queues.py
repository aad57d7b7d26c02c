"""Queues, readers, QueueRunner and Coordinator: TF's texts, blocking with deadlines and
Ctrl-C, per-session state, and real producer threads (bounded by joins with timeouts)."""
from __future__ import annotations

import _thread
import threading

import numpy as np
import pytest

import nbgraph as tf


def test_fifo_queue_ops_names_and_values():
    q = tf.FIFOQueue(3, tf.float32, shapes=[[]])
    enq, enq_many = q.enqueue(1.0), q.enqueue_many([[2.0, 3.0]])
    deq, deq_many, size = q.dequeue(), q.dequeue_many(2), q.size()
    assert (q.name, q.queue_ref.dtype.name) == ("fifo_queue", "resource")
    assert [enq.type, enq_many.type, deq.op.type, deq_many.op.type] == \
        ["QueueEnqueueV2", "QueueEnqueueManyV2", "QueueDequeueV2", "QueueDequeueManyV2"]
    assert str(deq_many) == 'Tensor("fifo_queue_DequeueMany:0", shape=(2,), dtype=float32)'
    assert str(q.dequeue_up_to(4)) == 'Tensor("fifo_queue_DequeueUpTo:0", shape=(?,), dtype=float32)'
    with tf.Session() as s:
        s.run(enq)
        s.run(enq_many)
        assert s.run(size) == 3
        assert s.run(deq) == 1.0
        np.testing.assert_array_equal(s.run(deq_many), [2.0, 3.0])


def test_closed_queue_texts():
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    enq, deq, deq_many, close = q.enqueue(1), q.dequeue(), q.dequeue_many(2), q.close()
    with tf.Session() as s:
        s.run(enq)
        s.run(close)
        with pytest.raises(tf.errors.OutOfRangeError,
                           match=r"^FIFOQueue '_\d+_fifo_queue' is closed and has insufficient elements "
                                 r"\(requested 2, current size 1\)\n\t \[\[node fifo_queue_DequeueMany"):
            s.run(deq_many)
        assert s.run(deq) == 1
        with pytest.raises(tf.errors.OutOfRangeError, match=r"\(requested 1, current size 0\)"):
            s.run(deq)
        with pytest.raises(tf.errors.CancelledError, match=r"^FIFOQueue '_\d+_fifo_queue' is closed\.\n"):
            s.run(enq)


def test_dequeue_up_to_on_closed_queue_returns_the_rest():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    with tf.Session() as s:
        s.run(q.enqueue_many([[1, 2]]))
        s.run(q.close())
        np.testing.assert_array_equal(s.run(q.dequeue_up_to(5)), [1, 2])


def test_empty_queue_dequeue_honours_timeout_and_session_stays_usable():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    deq = q.dequeue()
    with tf.Session() as s:
        with pytest.raises(tf.errors.DeadlineExceededError, match="^Timed out waiting for notification"):
            s.run(deq, options=tf.RunOptions(timeout_in_ms=50))
        s.run(q.enqueue(7))
        assert s.run(deq) == 7
    cfg = tf.ConfigProto(operation_timeout_in_ms=50)
    with tf.Session(config=cfg) as s:
        with pytest.raises(tf.errors.DeadlineExceededError):
            s.run(deq)


def test_full_queue_enqueue_times_out():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq = q.enqueue(1)
    with tf.Session() as s:
        s.run(enq)
        with pytest.raises(tf.errors.DeadlineExceededError):
            s.run(enq, options=tf.RunOptions(timeout_in_ms=50))
        assert s.run(q.size()) == 1


def test_ctrl_c_frees_a_blocked_dequeue():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    deq = q.dequeue()
    with tf.Session() as s:
        s.run(q.size())  # creates the session's queue
        from nbgraph.engine.resources import lookup
        res, stop = lookup(s._ctx, q.queue_ref.op), threading.Event()

        def press_ctrl_c():  # once the main thread is blocked in the dequeue (bounded wait)
            for _ in range(1000):
                if res.blocked or stop.is_set():
                    break
                stop.wait(0.01)
            if res.blocked:
                _thread.interrupt_main()

        presser = threading.Thread(target=press_ctrl_c)
        presser.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                s.run(deq, options=tf.RunOptions(timeout_in_ms=10000))
        finally:
            stop.set()
            presser.join(10)
        assert res.blocked == 0
        s.run(q.enqueue(3))
        assert s.run(deq) == 3


def test_queues_live_per_session():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    enq, size = q.enqueue(1), q.size()
    s1, s2 = tf.Session(), tf.Session()
    s1.run(enq)
    s1.run(enq)
    assert (s1.run(size), s2.run(size)) == (2, 0)


def test_random_shuffle_queue_keeps_min_after_dequeue_and_permutes():
    q = tf.RandomShuffleQueue(20, 5, tf.int32, shapes=[[]], seed=3)
    deq = q.dequeue()
    with tf.Session() as s:
        s.run(q.enqueue_many([list(range(10))]))
        got = [s.run(deq) for _ in range(5)]
        with pytest.raises(tf.errors.DeadlineExceededError):  # 5 left = min_after_dequeue
            s.run(deq, options=tf.RunOptions(timeout_in_ms=50))
        s.run(q.close())
        got += [s.run(deq) for _ in range(5)]
        with pytest.raises(tf.errors.OutOfRangeError, match="^RandomShuffleQueue '_"):
            s.run(deq)
    assert sorted(got) == list(range(10)) and got != list(range(10))


def test_padding_fifo_queue_pads_batches():
    q = tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None]])
    v = tf.placeholder(tf.int32, [None])
    enq, deq = q.enqueue([v]), q.dequeue_many(2)
    assert str(deq) == 'Tensor("padding_fifo_queue_DequeueMany:0", shape=(2, ?), dtype=int32)'
    with tf.Session() as s:
        s.run(enq, {v: [1, 2, 3]})
        s.run(enq, {v: [4]})
        np.testing.assert_array_equal(s.run(deq), [[1, 2, 3], [4, 0, 0]])


def test_enqueue_shape_mismatch_is_a_graph_error():
    q = tf.FIFOQueue(3, tf.float32, shapes=[[2]])
    with pytest.raises(ValueError, match=r"^Shapes \(3,\) and \(2,\) are incompatible$"):
        q.enqueue([[1.0, 2.0, 3.0]])


def _pipeline(n, capacity):
    """A closed source queue of 0..n-1 and a QueueRunner of 4 producer threads moving
    each element to an output queue."""
    src = tf.FIFOQueue(n, tf.int32, shapes=[[]], name="src")
    fill = [src.enqueue_many([np.arange(n, dtype=np.int32)]), src.close()]
    out = tf.FIFOQueue(capacity, tf.int32, shapes=[[]], name="out")
    qr = tf.train.QueueRunner(out, [out.enqueue(src.dequeue())] * 4)
    tf.train.add_queue_runner(qr)
    return fill, out, qr


def test_four_producers_every_element_consumed_exactly_once():
    n = 200
    fill, out, qr = _pipeline(n, capacity=8)
    deq = out.dequeue()
    with tf.Session() as s:
        s.run(fill)
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=s, coord=coord)
        assert len(threads) == 5  # four producers and the cancel-on-stop thread
        got = []
        with pytest.raises(tf.errors.OutOfRangeError, match="^FIFOQueue '_\\d+_out' is closed"):
            while True:  # the last producer to finish closes `out`
                got.append(int(s.run(deq, options=tf.RunOptions(timeout_in_ms=10000))))
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=10)
        assert not any(t.is_alive() for t in threads)
    assert sorted(got) == list(range(n))


def test_coordinator_stops_producers_blocked_on_a_full_queue():
    counter = tf.Variable(0)
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    qr = tf.train.QueueRunner(q, [q.enqueue(tf.assign_add(counter, 1))] * 4)
    deq = q.dequeue()
    with tf.Session() as s:
        s.run(counter.initializer)
        coord = tf.train.Coordinator()
        threads = qr.create_threads(s, coord=coord, start=True)
        first = [int(s.run(deq, options=tf.RunOptions(timeout_in_ms=10000))) for _ in range(6)]
        coord.request_stop()  # producers are blocked on the full queue: the cancel op frees them
        coord.join(threads, stop_grace_period_secs=10)
        assert not any(t.is_alive() for t in threads)
        assert len(set(first)) == 6
        assert qr.exceptions_raised == []


def test_coordinator_join_reraises_the_thread_exception():
    coord = tf.train.Coordinator()
    started = threading.Event()

    def worker():
        with coord.stop_on_exception():
            started.set()
            raise RuntimeError("producer failed")

    t = threading.Thread(target=worker)
    coord.register_thread(t)
    t.start()
    assert started.wait(5)
    assert coord.wait_for_stop(5) and coord.should_stop()
    with pytest.raises(RuntimeError, match="producer failed"):
        coord.join(stop_grace_period_secs=5)


def test_coordinator_out_of_range_is_a_clean_stop():
    coord = tf.train.Coordinator()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "done"))
    coord.join([])
    assert coord.should_stop()
    coord.clear_stop()
    assert not coord.should_stop()


def test_queue_runner_without_coordinator_records_errors_and_needs_default_session():
    with pytest.raises(ValueError, match="^Cannot start queue runners: No default session is registered"):
        tf.train.start_queue_runners()


def test_string_input_producer_reader_decode_csv_batch(tmp_path):
    names = []
    for i in range(2):
        p = tmp_path / f"f{i}.csv"
        p.write_text(f"a,b\n{i},1.5\n{i + 10},2.5\n")
        names.append(str(p))
    fq = tf.train.string_input_producer(names, num_epochs=1, shuffle=False)
    key, value = tf.TextLineReader(skip_header_lines=1).read(fq)
    c1, c2 = tf.decode_csv(value, record_defaults=[[0], [0.0]])
    b1, b2 = tf.train.batch([c1, c2], batch_size=2)
    assert (fq.name, key.op.type, b1.name) == ("input_producer", "ReaderReadV2", "batch:0")
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=s, coord=coord)
        rows = []
        with pytest.raises(tf.errors.OutOfRangeError, match="^FIFOQueue '_\\d+_batch/fifo_queue' is closed"):
            while True:
                rows.append(s.run([b1, b2]))
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=10)
    assert [r[0].tolist() for r in rows] == [[0, 10], [1, 11]]


def test_whole_file_reader_and_read_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"hello\nworld")
    q = tf.FIFOQueue(2, tf.string, shapes=[[]])
    key, value = tf.WholeFileReader().read(q)
    with tf.Session() as s:
        s.run(q.enqueue(str(p)))
        assert s.run([key, value]) == [str(p).encode(), b"hello\nworld"]
        assert s.run(tf.read_file(str(p))) == b"hello\nworld"
        with pytest.raises(tf.errors.NotFoundError, match=r"^/no/such/file; No such file or directory\n"):
            s.run(tf.read_file("/no/such/file"))


def test_waiting_dequeue_many_failing_on_close_counts_what_it_still_wanted():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    deq = q.dequeue_many(4)
    with tf.Session() as s:
        s.run(q.enqueue_many([[1, 2]]))
        errors = []

        def consumer():
            try:
                s.run(deq, options=tf.RunOptions(timeout_in_ms=10000))
            except tf.errors.OpError as e:
                errors.append(e)

        t = threading.Thread(target=consumer)
        t.start()
        s.run(q.close())
        t.join(10)
        assert not t.is_alive()
        # either the dequeue started before the close (TF: it took the two, wants two more) or after
        assert len(errors) == 1 and str(errors[0]).splitlines()[0].endswith(
            ("(requested 2, current size 0)", "(requested 4, current size 2)"))
        np.testing.assert_array_equal(s.run(q.dequeue_up_to(4)), [1, 2])  # put back, as TF does


def test_closing_the_session_cancels_a_blocked_enqueue():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq = q.enqueue(1)
    s = tf.Session()
    s.run(enq)
    errors, started = [], threading.Event()

    def producer():
        started.set()
        try:
            s.run(enq)
        except tf.errors.OpError as e:
            errors.append(e)

    t = threading.Thread(target=producer)
    t.start()
    assert started.wait(5)
    from nbgraph.engine.resources import lookup
    res, waited = lookup(s._ctx, q.queue_ref.op), threading.Event()
    for _ in range(500):  # bounded: until the producer is blocked on the full queue
        if res.blocked:
            break
        waited.wait(0.01)
    assert res.blocked == 1
    s.close()
    t.join(10)
    assert not t.is_alive()
    assert [type(e) for e in errors] == [tf.errors.CancelledError]
    assert str(errors[0]).startswith("Session has been closed.\n")


def _run_batches(fetch):
    out = []
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=s, coord=coord)
        try:
            while True:
                out.append(s.run(fetch, options=tf.RunOptions(timeout_in_ms=10000)))
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=10)
    return out


def test_shuffle_batch_every_element_once_and_pairs_kept():
    x = tf.train.range_input_producer(20, num_epochs=1, shuffle=False).dequeue()
    a, b = tf.train.shuffle_batch([x, x * 10], batch_size=5, capacity=15, min_after_dequeue=5, seed=4,
                                  num_threads=2, allow_smaller_final_batch=True)
    assert (a.name, str(a.shape)) == ("shuffle_batch:0", "(?,)")
    got = _run_batches([a, b])
    flat = [v for xs, _ in got for v in xs.tolist()]
    assert sorted(flat) == list(range(20)) and flat != list(range(20))
    assert all((ys == 10 * xs).all() for xs, ys in got)


def test_batch_variants():
    x = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
    smaller = tf.train.batch([x], batch_size=2, allow_smaller_final_batch=True)
    assert str(smaller) == 'Tensor("batch:0", shape=(?,), dtype=int32)'
    assert [v.tolist() for v in _run_batches(smaller)] == [[0, 1], [2, 3], [4]]
    tf.reset_default_graph()
    n = tf.train.range_input_producer(3, num_epochs=1, shuffle=False).dequeue() + 1
    seq = tf.fill([n], n)
    with pytest.raises(ValueError, match=r"^All shapes must be fully defined"):
        tf.train.batch([seq], batch_size=2)
    padded = tf.train.batch({"s": seq}, batch_size=2, dynamic_pad=True, allow_smaller_final_batch=True)
    assert [v["s"].tolist() for v in _run_batches(padded)] == [[[1, 0], [2, 2]], [[3, 3, 3]]]


def test_limit_epochs_counts_up_to_its_limit():
    v = tf.train.limit_epochs(tf.constant([1, 2]), num_epochs=2)
    assert [x.op.name for x in tf.local_variables()] == ["limit_epochs/epochs"]
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert s.run(v).tolist() == [1, 2] and s.run(v).tolist() == [1, 2]
        with pytest.raises(tf.errors.OutOfRangeError, match=r"^Reached limit of 2\n"):
            s.run(v)


def _blocked_enqueue(s, q, enq):
    """Starts a thread whose enqueue blocks on the full queue; returns (thread, errors)."""
    from nbgraph.engine.resources import lookup
    errors = []

    def producer():
        try:
            s.run(enq, options=tf.RunOptions(timeout_in_ms=10000))
        except tf.errors.OpError as e:
            errors.append(e)

    t = threading.Thread(target=producer)
    t.start()
    res, waited = lookup(s._ctx, q.queue_ref.op), threading.Event()
    for _ in range(500):
        if res.blocked:
            break
        waited.wait(0.01)
    assert res.blocked == 1
    return t, errors


def test_close_cancelling_pending_enqueues():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq, deq = q.enqueue(5), q.dequeue()
    with tf.Session() as s:
        s.run(enq)
        t, errors = _blocked_enqueue(s, q, enq)
        s.run(q.close(cancel_pending_enqueues=True))
        t.join(10)
        assert not t.is_alive()
        assert [(type(e), str(e).splitlines()[0]) for e in errors] == \
            [(tf.errors.CancelledError, "Enqueue operation was cancelled")]
        assert s.run(deq) == 5
        with pytest.raises(tf.errors.OutOfRangeError):
            s.run(deq)


def test_close_without_cancelling_waits_for_pending_enqueues():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq, deq, close = q.enqueue(5), q.dequeue(), q.close()
    with tf.Session() as s:
        s.run(enq)
        t, errors = _blocked_enqueue(s, q, enq)
        with pytest.raises(tf.errors.DeadlineExceededError):  # TF's close queues behind the enqueue
            s.run(close, options=tf.RunOptions(timeout_in_ms=50))
        closer = threading.Thread(target=s.run, args=(close,))
        closer.start()
        assert s.run(deq) == 5  # room: the pending enqueue completes, then the close
        t.join(10)
        closer.join(10)
        assert not t.is_alive() and not closer.is_alive() and errors == []
        assert s.run(deq) == 5
        with pytest.raises(tf.errors.OutOfRangeError):
            s.run(deq)


def test_queue_shape_arguments_as_tf():
    assert tf.FIFOQueue(3, tf.float32, shapes=[]).shapes == [tf.TensorShape([])]
    assert tf.FIFOQueue(3, tf.float32, shapes=[2, 3]).shapes == [tf.TensorShape([2, 3])]
    assert tf.queue.FIFOQueue is tf.FIFOQueue and tf.train.queue_runner.QueueRunner is tf.train.QueueRunner
    with pytest.raises(ValueError, match=r"^When providing partial shapes, a list of shapes must be provided\.$"):
        tf.PaddingFIFOQueue(3, tf.float32, shapes=[None])
    with pytest.raises(ValueError, match=r"^All shapes must be fully defined: \[TensorShape\(\[Dimension\(None\)\]\)\]$"):
        tf.FIFOQueue(3, tf.float32, shapes=[[None]])
    with pytest.raises(ValueError, match=r"^Queue shapes must have the same length as dtypes$"):
        tf.FIFOQueue(3, [tf.float32, tf.int32], shapes=[[2]])


def test_match_filenames_once_feeds_a_file_queue(tmp_path):
    for i in range(3):
        (tmp_path / f"data.tfrecords-{i:05d}").write_text(f"x{i}\n")
    (tmp_path / "other.txt").write_text("no\n")
    files = tf.train.match_filenames_once(str(tmp_path / "data.tfrecords-*"))
    assert repr(files) == "<tf.Variable 'matching_filenames:0' shape=<unknown> dtype=string_ref>"
    assert files in tf.local_variables() and files not in tf.global_variables()
    queue = tf.train.string_input_producer(files, shuffle=False)
    _, line = tf.TextLineReader().read(queue)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="^Attempting to use uninitialized value "
                                                                    "matching_filenames\n"):
            sess.run(files)
        sess.run(tf.local_variables_initializer())
        assert [f.decode().rsplit("/", 1)[1] for f in sess.run(files)] == [
            "data.tfrecords-00000", "data.tfrecords-00001", "data.tfrecords-00002"]
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        assert [sess.run(line) for _ in range(4)] == [b"x0", b"x1", b"x2", b"x0"]
        coord.request_stop()
        coord.join(threads)
