"""The direct channel of a cluster: client <-> task and task -> task, without the Dask scheduler.

Dask runs the task processes (starts them, names them by task, restarts a killed one, says which
are alive). A step's messages do not go through it: as TF's workers talk to each other directly
(gRPC), each task process listens on its own authenticated socket (`multiprocessing.connection`,
HMAC challenge with a key only the cluster's client and its tasks know) and a step is one
request per task, straight from the client, with the tensors that cross tasks pushed from the
producing task to the consuming one. A Dask message costs ~0.3-1 ms on a laptop; this channel
costs tens of microseconds, which is what lets a small training step run at all on a cluster.

`Server`: a task's end (an accept thread, and one loop thread that reads every connection,
`taskloop.py`). `Pool`: connections from this process to task channels, one per thread and address for
request/reply, one shared (locked) per address for one-way messages.
"""
from __future__ import annotations

import io
import pickle
import socket
import threading
from multiprocessing.connection import Client

from .taskloop import LoopServer

import numpy as np

__all__ = ["Server", "Pool", "fast", "send", "recv"]


_SMALL = 1 << 16   # arrays up to this many bytes travel as (dtype, shape, bytes)


def _array(dtype: str, shape: tuple, data: bytes):
    """A small array as it arrives: writable, its own memory."""
    return np.frombuffer(bytearray(data), dtype).reshape(shape)


class _Pickler(pickle.Pickler):
    """Pickles a small numpy array as its dtype, shape and bytes: a step's messages are mostly
    scalars and small tensors, which numpy's own reduction takes three times longer to pickle."""

    def reducer_override(self, o):
        if type(o) is np.ndarray and o.dtype.kind not in "OUSV" and o.nbytes <= _SMALL:
            return _array, (o.dtype.str, o.shape, o.tobytes())
        return NotImplemented


def dumps(message) -> memoryview:
    """`message` pickled (protocol 5), small arrays as their bytes."""
    f = io.BytesIO()
    _Pickler(f, protocol=5).dump(message)
    return f.getbuffer()


def send(conn, message) -> None:
    """Sends `message` on a blocking `multiprocessing.connection.Connection`."""
    conn.send_bytes(dumps(message))


def recv(conn):
    return pickle.loads(conn.recv_bytes())


def fast(conn):
    """Small messages go out at once (no Nagle delay between a request and the next)."""
    try:
        s = socket.fromfd(conn.fileno(), socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        finally:
            s.close()  # closes the duplicate only
    except OSError:
        pass
    return conn


class Server(LoopServer):
    """Accepts connections with `authkey` on `host` and answers each message with
    `handle(message)` (None: a one-way message, nothing is sent back), on one loop thread."""

    def __init__(self, host: str, authkey: bytes, handle) -> None:
        super().__init__(host, authkey, lambda message, conn: handle(message))


class Pool:
    """This process's connections to task channels that share `authkey`."""

    def __init__(self, authkey: bytes) -> None:
        self.authkey = authkey
        self._local = threading.local()
        self._oneway = {}
        self._lock = threading.Lock()

    def _mine(self) -> dict:
        conns = getattr(self._local, "conns", None)
        if conns is None:
            conns = self._local.conns = {}
        return conns

    def conn(self, address):
        """This thread's request/reply connection to `address` (opened on first use)."""
        conns = self._mine()
        c = conns.get(address)
        if c is None:
            c = conns[address] = fast(Client(tuple(address), family="AF_INET", authkey=self.authkey))
        return c

    def drop(self, address) -> None:
        """Closes this thread's connection to `address` (a reply it still owes is never read)."""
        c = self._mine().pop(address, None)
        if c is not None:
            try:
                c.close()
            except OSError:
                pass

    def post(self, address, message) -> None:
        """Sends a one-way message to `address` (raises OSError/EOFError when it is gone)."""
        address = tuple(address)
        with self._lock:
            entry = self._oneway.get(address)
            if entry is None:
                entry = self._oneway[address] = [None, threading.Lock()]
        with entry[1]:
            if entry[0] is None:
                entry[0] = fast(Client(address, family="AF_INET", authkey=self.authkey))
            try:
                send(entry[0], message)
            except Exception:
                try:
                    entry[0].close()
                finally:
                    entry[0] = None
                raise

    def close(self) -> None:
        with self._lock:
            entries = list(self._oneway.values())
            self._oneway.clear()
        for conn, _ in entries:
            if conn is not None:
                try:
                    conn.close()
                except OSError:
                    pass
        for c in list(self._mine().values()):
            try:
                c.close()
            except OSError:
                pass
        self._local = threading.local()
