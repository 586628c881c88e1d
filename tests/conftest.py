"""Shared fixtures: a local HTTP server (the only "network" any test uses), and `flips`, the
mutation check of the claim tests."""

from __future__ import annotations

import contextlib
import http.server
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from backprop.claims import HOLDS, get_claim


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    with _running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)) as url:
        yield url


@contextlib.contextmanager
def serve_raw(reply: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that reads a request and calls ``reply`` on the connection
    (for servers that misbehave below HTTP: garbage, a cut transfer, a trickle, no end).
    Yields the base URL; a reply that writes to a client gone away just ends."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(10)
            with contextlib.suppress(OSError):
                self.request.recv(65536)
                reply(self.request)

    with _running(socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)) as url:
        yield url


@contextlib.contextmanager
def _running(server: socketserver.TCPServer) -> Iterator[str]:
    """Serve in a background thread; yield the base URL; stop and close on exit."""
    server.daemon_threads = True  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def blobs(n: int = 200, d: int = 8, classes: int = 3, seed: int = 0):
    """Separable Gaussian blobs inside [0, 1], as pixels are: a task any working SGD learns."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0.2, 0.8, size=(classes, d))
    y = rng.integers(0, classes, n)
    return np.clip(centres[y] + rng.normal(scale=0.1, size=(n, d)), 0, 1), y
@pytest.fixture
def flips():
    """``flips(claim_id, mutated)``: the mutated transcription gets the other verdict than the
    registered one (and the registered one is what the claim gets)."""

    def check(claim_id: str, mutated) -> bool:
        claim = get_claim(claim_id)
        original = claim.verify().equal
        assert original == (claim.expected == HOLDS)
        return claim.verify(transcription=mutated).equal != original

    return check
