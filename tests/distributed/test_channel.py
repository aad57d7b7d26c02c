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
