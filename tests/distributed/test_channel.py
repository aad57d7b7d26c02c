"""The direct channel between a client and its tasks: values arrive exactly as sent (dtype,
shape, writable), and a connection without the cluster's key is refused."""
from __future__ import annotations

import os
from multiprocessing import AuthenticationError

import numpy as np
import pytest

from nbgraph.distributed import channel


@pytest.fixture
def echo():
    key = os.urandom(32)
    server = channel.Server("127.0.0.1", key, lambda message: ("echo", message))
    pool = channel.Pool(key)
    yield server, pool, key
    pool.close()
    server.close()


VALUES = [np.float32(2.5) * np.ones((), np.float32), np.arange(6, dtype=np.int64).reshape(2, 3),
          np.array([True, False]), np.array([1 + 2j], np.complex64), np.arange(12.0)[::3],
          np.array([b"ab", b"c"], dtype=object), np.array(["x", "yz"]), np.ones(200_000, np.float32),
          np.zeros((0, 3), np.float16), np.float64(1.5), 7, "text", None]


def test_values_come_back_exactly_as_sent_and_writable(echo):
    server, pool, _ = echo
    conn = pool.conn(server.address)
    channel.send(conn, ("push", ("step", 1), "t:0", VALUES))
    kind, (_, _, _, got) = channel.recv(conn)
    assert kind == "echo"
    for want, value in zip(VALUES, got):
        assert type(value) is type(want)
        if isinstance(want, np.ndarray):
            assert value.dtype == want.dtype and value.shape == want.shape
            np.testing.assert_array_equal(value, want)
            if value.dtype != object:
                value[...] = value  # a received array is the task's own: kernels may update it in place
        else:
            assert value == want


def test_a_connection_without_the_clusters_key_is_refused(echo):
    server, _, _ = echo
    with pytest.raises(AuthenticationError):
        channel.Pool(os.urandom(32)).conn(server.address)


def test_a_write_the_peer_does_not_read_yet_waits_in_a_buffer_and_never_blocks_the_loop():
    """A task's loop writes to a peer that is busy (not reading): the write must return at once,
    keep its bytes in order, and send them as the peer reads; otherwise two tasks pushing large
    tensors to each other would each block in a write while the other never reads."""
    import socket
    import threading
    import time

    from nbgraph.distributed.taskloop import Conn, Loop
    loop = Loop()
    mine, theirs = socket.socketpair()
    payload = np.random.RandomState(0).bytes(64 << 20)   # far more than a socket pair buffers
    done = threading.Event()
    took = []

    def write():
        conn = Conn(loop, mine, lambda c, m: None)
        t0 = time.perf_counter()
        conn.write(payload)
        took.append(time.perf_counter() - t0)
        took.append(len(conn.outbuf))
        done.set()
    loop.call_soon_threadsafe(write)
    assert done.wait(10), "the loop blocked in a write"
    assert took[1] > 0   # the socket could not take it all: the rest waits in the buffer
    got = bytearray()
    theirs.settimeout(30)
    while len(got) < len(payload):
        got += theirs.recv(1 << 20)
    assert bytes(got) == payload
    loop.close()
    theirs.close()


def test_messages_arrive_whole_however_the_bytes_are_cut(echo):
    """The loop reads what the socket has: several messages in one read, or one message cut
    anywhere (even inside its length header) over many reads."""
    import os
    import time
    server, pool, _ = echo
    conn = pool.conn(server.address)
    for i in range(50):   # back to back: many frames per read
        channel.send(conn, ("push", ("step", i), "t:0", np.arange(i, dtype=np.int32)))
    for i in range(50):
        kind, (_, step, _, value) = channel.recv(conn)
        assert step == ("step", i) and value.tolist() == list(range(i))
    payload = channel.dumps(("push", ("step", "cut"), "t:0", np.arange(5.0)))
    framed = len(payload).to_bytes(4, "big") + bytes(payload)
    for cut in (1, 3, 4, 7, len(framed) - 1):   # inside the header, at its end, inside the payload
        for piece in (framed[:cut], framed[cut:]):
            os.write(conn.fileno(), piece)
            time.sleep(0.02)
        kind, (_, step, _, value) = channel.recv(conn)
        assert kind == "echo" and step == ("step", "cut") and value.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
