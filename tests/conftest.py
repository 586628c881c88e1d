"""Shared fixtures: a local HTTP server (the only "network" any test uses), and `flips`, the
mutation check of the claim tests."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

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

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


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
