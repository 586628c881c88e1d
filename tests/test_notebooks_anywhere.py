"""A reader may open a notebook from any working directory (JupyterLab started elsewhere, a
notebook copied out of the book): it must still run top to bottom, since no page assumes the
repository root."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parents[1] / "book"


@pytest.mark.parametrize("page", ["intro.ipynb"])
def test_notebook_runs_from_another_working_directory(page, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")
    nb = nbformat.read(BOOK / page, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert list(tmp_path.iterdir()) == []  # and it leaves nothing behind there
