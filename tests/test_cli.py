"""python -m backprop: train, evaluate, data info, and one-line errors for user mistakes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import serve_folder

from backprop.cli import main


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backprop", *args], capture_output=True,
                          text=True, env={**os.environ, "BACKPROP_OFFLINE": "1", **(env or {})},
                          timeout=300)


@pytest.fixture(autouse=True)
def offline_empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path / "no-mnist-here"))


def test_train_save_and_evaluate(tmp_path, capsys):
    model = tmp_path / "model.npz"
    assert main(["train", "--epochs", "3", "--seed", "0", "--no-progress",
                 "--save", str(model)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("data: embedded subset: 4,000 training and 1,000 test digits")
    assert out[-1].startswith("test accuracy: ")
    trained = float(out[-1].split()[-1].rstrip("%"))
    assert trained > 85
    assert main(["evaluate", str(model)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"test accuracy: {trained:.2f}%"


def test_default_training_reaches_90_percent(capsys):
    """The issue's bar: the default network on the embedded subset, seed 0, ≥ 90%."""
    assert main(["train", "--seed", "0", "--no-progress"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert float(last.split()[-1].rstrip("%")) >= 90


def test_user_errors_are_one_line_without_traceback(tmp_path):
    cases = [
        (["train", "--layers", "784,abc,10"], "layers must be comma-separated integers"),
        (["train", "--layers", "100,10"], "layers must start with 784"),
        (["train", "--lr", "-1"], "must be a positive number"),
        (["evaluate", str(tmp_path / "missing.npz")], "missing.npz"),
        (["train", "--epochs", "1", "--lr", "1e30", "--init", "uniform", "--no-progress"],
         "loss became"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_help_explains_every_option():
    result = run("train", "--help")
    assert result.returncode == 0
    for option in ("--layers", "--epochs", "--lr", "--batch-size", "--seed", "--dtype", "--save",
                   "--hidden", "--output", "--bias", "--init", "--l2", "--momentum"):
        assert option in result.stdout


def test_data_info_names_the_source(capsys):
    assert main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert "the book will use: embedded subset" in out
    assert "no-mnist-here" in out


def test_data_fetch_offline_says_so(tmp_path):
    result = run("data", "fetch", env={"BACKPROP_DATA": str(tmp_path),
                                       "BACKPROP_MIRRORS": "http://127.0.0.1:9/"})
    assert result.returncode == 2
    assert "no mirror could be reached: are you offline?" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_data_fetch_rejects_a_bad_file_from_a_mirror(tmp_path):
    """A local fake mirror serving files that are not the official ones: checksum error,
    nothing left in the cache."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "train-images-idx3-ubyte.gz").write_bytes(b"not mnist")
    cache = tmp_path / "cache"
    with serve_folder(served) as url:
        result = run("data", "fetch", env={"BACKPROP_DATA": str(cache), "BACKPROP_MIRRORS": url})
    assert result.returncode == 2
    assert "train-images-idx3-ubyte.gz" in result.stderr
    assert "checksum mismatch" in result.stderr
    assert list(cache.iterdir()) == []
