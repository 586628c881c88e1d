"""Shared fixtures: a local HTTP server (the only "network" any test uses)."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def blobs(n: int = 200, d: int = 8, classes: int = 3, seed: int = 0):
    """Separable Gaussian blobs: a task any working SGD learns."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3, size=(classes, d))
    y = rng.integers(0, classes, n)
    return centres[y] + rng.normal(size=(n, d)), y
