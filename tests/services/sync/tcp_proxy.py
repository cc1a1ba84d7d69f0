"""A loopback TCP proxy that can cut a connection after a number of bytes.

Put between the client and a real server process to cut a sync exactly where a test
wants: part-way through a request (the server never sees all of it) or part-way through
a reply (the server has done the work, the client never hears). ``on_cut`` runs when a
cut happens, e.g. to SIGKILL the server at that moment.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Cut:
    """Cut the next connection whose request starts with ``match`` (``b"POST /api/…"``).

    ``request_bytes``: forward at most this many request bytes, then cut.
    ``reply_bytes``: forward at most this many reply bytes, then cut.
    """

    match: bytes
    request_bytes: int | None = None
    reply_bytes: int | None = None
    on_cut: Callable[[], None] | None = None
    done: bool = False


class CuttingProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.cuts: list[Cut] = []
        self.cut_count = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def arm(self, cut: Cut) -> Cut:
        with self._lock:
            self.cuts.append(cut)
        return cut

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()
        for s in list(self._sockets):
            with contextlib.suppress(OSError):
                s.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _take_cut(self, first: bytes) -> Cut | None:
        with self._lock:
            for cut in self.cuts:
                if not cut.done and first.startswith(cut.match):
                    cut.done = True
                    return cut
        return None

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        self._sockets.append(upstream)
        state: dict[str, Cut | None] = {"cut": None}
        decided = threading.Event()

        def cut_now(cut: Cut) -> None:
            self.cut_count += 1
            if cut.on_cut is not None:  # first, so the client's error comes after it
                cut.on_cut()
            for s in (client, upstream):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()

        def pump(src: socket.socket, dst: socket.socket, upstream_side: bool) -> None:
            sent = 0
            first = True
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    if upstream_side and first:
                        state["cut"] = self._take_cut(data)
                        first = False
                        decided.set()
                    if not upstream_side:
                        decided.wait(5)
                    cut = state["cut"]
                    limit = None
                    if cut is not None:
                        limit = cut.request_bytes if upstream_side else cut.reply_bytes
                    if limit is not None and sent + len(data) >= limit:
                        dst.sendall(data[: max(0, limit - sent)])
                        assert cut is not None
                        cut_now(cut)
                        return
                    dst.sendall(data)
                    sent += len(data)
            except OSError:
                pass
            finally:
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)

        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()
        pump(client, upstream, True)
