"""A task's end of the direct channel: one thread, one `selectors` loop, every connection.

A step on a task waits for tensors other tasks push to it. With a thread per connection, each
pushed tensor woke two threads (the connection's reader, then the step it was for) and moved
the GIL between them; on a small machine a wake-up costs more than the message. Here one
thread reads every connection as data arrives and runs the step on the spot: a push that a
step waits for resumes that step (a generator, `worker.TaskPlan.start`) in the same thread, so
a message costs one wake-up of its task at most, and none when it arrives while the task is busy.

Connections are accepted (and authenticated with the cluster's key, by
`multiprocessing.connection`) on an accept thread, then handed to the loop. Messages use
`multiprocessing.connection`'s framing (a 4-byte big-endian length, or -1 and 8 bytes), so the
client's blocking `Connection`s talk to the loop unchanged. Writes never block the loop: what a
socket does not take at once waits in the connection's buffer until the socket is writable.
Other threads hand work to the loop with `call_soon_threadsafe`.
"""
from __future__ import annotations

import collections
import os
import pickle
import selectors
import socket
import struct
import threading
from multiprocessing.connection import Client, Listener

__all__ = ["Loop", "Conn", "LoopServer"]

_READ = 1 << 18   # bytes per read, into one buffer per connection (a fresh 256 KB buffer per read costs an mmap)


def _header(n: int) -> bytes:
    """`multiprocessing.connection`'s length header for a payload of `n` bytes."""
    return struct.pack("!i", n) if n <= 0x7FFFFFFF else struct.pack("!i", -1) + struct.pack("!Q", n)


def _size(buf, pos: int, end: int):
    """(payload size, header length) of the frame at `pos` in `buf[:end]`, or (None, 0) while its
    header is cut."""
    (n,) = struct.unpack_from("!i", buf, pos)
    if n != -1:
        return n, 4
    if end - pos < 12:
        return None, 0
    return struct.unpack_from("!Q", buf, pos + 4)[0], 12


class Conn:
    """One socket on the loop: reads whole frames and hands each message to `on_message`; buffers
    what it cannot write at once. `closed` once the peer is gone."""

    def __init__(self, loop: "Loop", sock: socket.socket, on_message, on_close=None) -> None:
        self.loop = loop
        self.sock = sock
        self.on_message = on_message
        self.on_close = on_close
        self.inbuf = bytearray()     # a message that has not wholly arrived
        self._rbuf = bytearray(_READ)  # one read buffer, reused: no allocation per read
        self._rview = memoryview(self._rbuf)
        self.outbuf = collections.deque()
        self.closed = False
        sock.setblocking(False)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        loop.selector.register(sock, selectors.EVENT_READ, self)

    # -- reading ------------------------------------------------------------------------------
    def readable(self) -> None:
        try:
            n = self.sock.recv_into(self._rbuf)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            n = 0
        if not n:
            self.close()
            return
        if self.inbuf:
            self.inbuf += self._rview[:n]
            self._parse_buffered()
            return
        # the common case: the read holds whole messages; parse them in place (no copy)
        view, pos = self._rview, 0
        while n - pos >= 4:
            size, head = _size(view, pos, n)
            if size is None or n - pos < head + size:
                break
            start = pos + head
            pos = start + size
            self.on_message(self, pickle.loads(view[start:pos]))
            if self.closed:
                return
        if pos < n:
            self.inbuf += view[pos:n]

    def _parse_buffered(self) -> None:
        buf = self.inbuf
        while len(buf) >= 4:
            size, head = _size(buf, 0, len(buf))
            if size is None or len(buf) < head + size:
                return
            payload = bytes(buf[head:head + size])
            del buf[:head + size]
            self.on_message(self, pickle.loads(payload))
            if self.closed:
                return

    # -- writing ------------------------------------------------------------------------------
    def send(self, message) -> None:
        """Sends `message` pickled as `channel.send` does; raises OSError when the peer is gone."""
        from .channel import dumps
        payload = dumps(message)
        if len(payload) <= _READ:
            self.write(_header(len(payload)) + bytes(payload))
        else:  # a large tensor: no copy to prepend the header
            self.write(_header(len(payload)))
            self.write(payload)

    def write(self, data) -> None:
        """Sends `data` (a whole frame); raises OSError when the peer is gone."""
        if self.closed:
            raise ConnectionResetError("connection closed")
        if self.outbuf:
            self.outbuf.append(memoryview(data))
            return
        try:
            n = self.sock.send(data)
        except (BlockingIOError, InterruptedError):
            n = 0
        except OSError:
            self.close()
            raise
        if n < len(data):
            self.outbuf.append(memoryview(data)[n:])
            self.loop.selector.modify(self.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, self)

    def writable(self) -> None:
        while self.outbuf:
            chunk = self.outbuf[0]
            try:
                n = self.sock.send(chunk)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                self.close()
                return
            if n < len(chunk):
                self.outbuf[0] = chunk[n:]
                return
            self.outbuf.popleft()
        if not self.closed:
            self.loop.selector.modify(self.sock, selectors.EVENT_READ, self)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.outbuf.clear()
        try:
            self.loop.selector.unregister(self.sock)
        except (KeyError, ValueError):
            pass
        try:
            self.sock.close()
        except OSError:
            pass
        if self.on_close is not None:
            self.on_close(self)


def _adopt(connection) -> socket.socket:
    """The socket of a `multiprocessing.connection.Connection` (which lets go of it)."""
    sock = socket.socket(fileno=os.dup(connection.fileno()))
    connection.close()
    return sock


class Loop:
    """The selector loop of one task, on its own daemon thread."""

    def __init__(self, name: str = "nbgraph-task-loop") -> None:
        self.selector = selectors.DefaultSelector()
        self._calls = collections.deque()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.selector.register(self._wake_r, selectors.EVENT_READ, None)
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True, name=name)
        self.thread.start()

    def call_soon_threadsafe(self, fn, *args) -> None:
        """Runs `fn(*args)` on the loop's thread."""
        self._calls.append((fn, args))
        try:
            self._wake_w.send(b"\0")
        except (BlockingIOError, OSError):
            pass  # a wake-up is pending already (or the loop is closing)

    def in_loop(self) -> bool:
        return threading.current_thread() is self.thread

    def connect(self, address, authkey: bytes, on_message, on_close=None) -> Conn:
        """A new authenticated connection to `address`, on this loop (call from the loop's thread)."""
        c = Client(tuple(address), family="AF_INET", authkey=authkey)
        return Conn(self, _adopt(c), on_message, on_close)

    def _run(self) -> None:
        select = self.selector.select
        calls = self._calls
        while not self.closed:
            for key, mask in select():
                conn = key.data
                if conn is None:
                    try:
                        while self._wake_r.recv(4096):
                            pass
                    except (BlockingIOError, OSError):
                        pass
                    continue
                if mask & selectors.EVENT_WRITE and not conn.closed:
                    conn.writable()
                if mask & selectors.EVENT_READ and not conn.closed:
                    conn.readable()
            while calls:
                fn, args = calls.popleft()
                fn(*args)

    def close(self) -> None:
        def stop():
            self.closed = True
            for key in list(self.selector.get_map().values()):
                if key.data is not None:
                    key.data.close()
        self.call_soon_threadsafe(stop)


class LoopServer:
    """Accepts connections with `authkey` on `host` (an accept thread authenticates them) and
    serves them on `loop`: `handle(message, conn)` answers each message; a reply that is not None
    is written back at once (a step that waits for pushes writes its reply itself, later)."""

    def __init__(self, host: str, authkey: bytes, handle, loop: Loop | None = None) -> None:
        self.loop = loop or Loop()
        self.listener = Listener((host, 0), family="AF_INET", authkey=authkey)
        self.address = self.listener.address
        self.handle = handle
        self.closed = False
        threading.Thread(target=self._accept, daemon=True, name="nbgraph-channel-accept").start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                connection = self.listener.accept()
            except Exception:  # noqa: BLE001 - a failed handshake or a closed listener
                if self.closed:
                    return
                continue
            self.loop.call_soon_threadsafe(Conn, self.loop, _adopt(connection), self._on_message)

    def _on_message(self, conn: Conn, message) -> None:
        reply = self.handle(message, conn)
        if reply is not None and not conn.closed:
            try:
                conn.send(reply)
            except OSError:
                pass

    def close(self) -> None:
        self.closed = True
        try:
            self.listener.close()
        except OSError:
            pass
        self.loop.close()
