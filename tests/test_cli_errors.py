"""python -m backprop under bad input and bad luck: every failure is one line naming the file or
value, exit status 2 (Ctrl-C: 130), no traceback; nothing is lost or silently wrong."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import serve_folder, serve_raw

from backprop import files
from backprop.cli import main
from backprop.data import STALE_PART
from backprop.network import Network

ENV = {"BACKPROP_OFFLINE": "1", "OPENBLAS_NUM_THREADS": "1"}


def run(*args: str, env: dict | None = None, limits: dict | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m backprop ARGS`` in a subprocess, with optional resource limits."""

    def set_limits():
        for kind, value in (limits or {}).items():
            resource.setrlimit(kind, (value, value))

    return subprocess.run([sys.executable, "-m", "backprop", *args], capture_output=True,
                          text=True, env={**os.environ, **ENV, **(env or {})}, timeout=timeout,
                          preexec_fn=set_limits if limits else None)


def one_error_line(stderr: str, *needles: str) -> None:
    """One line of stderr is the error (others may be progress lines), no traceback."""
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    for needle in needles:
        assert needle in lines[0], (needle, stderr)


def fails(capsys, argv: list[str], *needles: str) -> str:
    """main(argv) exits 2 with one error line holding every needle; returns stdout."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    one_error_line(err, *needles)
    return out


@pytest.fixture(autouse=True)
def offline_empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path / "no-mnist-here"))
    monkeypatch.delenv("BACKPROP_MIRRORS", raising=False)


@pytest.fixture(scope="module")
def good_model(tmp_path_factory) -> Path:
    """A model trained for one epoch by the command line."""
    path = tmp_path_factory.mktemp("model") / "good.npz"
    result = run("train", "--epochs", "1", "--no-progress", "--save", str(path),
                 env={"BACKPROP_DATA": str(path.parent / "none")})
    assert result.returncode == 0, result.stderr
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- data loss -------------------------------------------------------------------------------------


def test_full_disk_keeps_the_previous_model(tmp_path, good_model):
    """The issue's `ulimit -f 100`: the second save fails, the first model is intact."""
    target = tmp_path / "m.npz"
    target.write_bytes(good_model.read_bytes())
    result = run("train", "--epochs", "1", "--seed", "3", "--no-progress", "--save", str(target),
                 limits={resource.RLIMIT_FSIZE: 100 * 1024})
    assert result.returncode == 2
    one_error_line(result.stderr, str(target), "File too large", "previous file there is unchanged")
    assert target.read_bytes() == good_model.read_bytes() and leftovers(tmp_path) == []
    assert run("evaluate", str(target)).returncode == 0


def test_ctrl_c_during_the_save(tmp_path, good_model, capsys, monkeypatch):
    target = tmp_path / "m.npz"
    target.write_bytes(good_model.read_bytes())

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    assert main(["train", "--epochs", "1", "--no-progress", "--save", str(target)]) == 130
    assert capsys.readouterr().err == "error: interrupted (Ctrl-C)\n"
    assert target.read_bytes() == good_model.read_bytes() and leftovers(tmp_path) == []


def test_save_into_a_missing_folder_fails_before_training(tmp_path, capsys):
    out = fails(capsys, ["train", "--no-progress", "--save", str(tmp_path / "nodir" / "m.npz")],
                "nodir", "does not exist")
    assert "trained" not in out and "data:" not in out


def test_save_onto_a_folder_fails_before_training(tmp_path, capsys):
    (tmp_path / "m.npz").mkdir()
    out = fails(capsys, ["train", "--no-progress", "--save", str(tmp_path / "m.npz")],
                "m.npz", "it is a folder")
    assert "trained" not in out


def test_save_without_suffix_prints_the_file_written(tmp_path, capsys):
    assert main(["train", "--epochs", "1", "--no-progress", "--save", str(tmp_path / "model")]) == 0
    out = capsys.readouterr().out
    assert f"saved: {tmp_path / 'model.npz'}\n" in out
    assert main(["evaluate", str(tmp_path / "model.npz")]) == 0


def _ctrl_c_delivered() -> None:
    # A shell without job control starts background jobs with SIGINT ignored, and a child
    # inherits that (Python then installs no handler): give the child Ctrl-C back, as a
    # terminal would, so the test does not depend on how the test run itself was started.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_training(tmp_path):
    proc = subprocess.Popen([sys.executable, "-u", "-m", "backprop", "train", "--epochs", "500",
                             "--no-progress", "--save", str(tmp_path / "m.npz")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **ENV, "BACKPROP_DATA": str(tmp_path / "none")},
                            preexec_fn=_ctrl_c_delivered)
    for line in proc.stdout:
        if line.startswith("network:"):
            break
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "error: interrupted (Ctrl-C)\n"
    assert list(tmp_path.glob("*m.npz*")) == []


# -- one line instead of a traceback -----------------------------------------------------------


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2], lambda b: b"", lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:],
], ids=["truncated", "empty", "bit-flipped"])
def test_evaluate_a_damaged_file(tmp_path, good_model, capsys, damage):
    path = tmp_path / "m.npz"
    path.write_bytes(damage(good_model.read_bytes()))
    fails(capsys, ["evaluate", str(path)], str(path))


def _rewritten(tmp_path: Path, good_model: Path, config_change=None, **arrays) -> Path:
    with np.load(good_model) as data:
        content = {k: data[k] for k in data.files}
    if config_change:
        content["config"] = np.array(json.dumps(config_change(json.loads(str(content["config"])))))
    content.update(arrays)
    path = tmp_path / "m.npz"
    np.savez(path, **content)
    return path


def test_evaluate_a_config_with_an_extra_key(tmp_path, good_model, capsys):
    path = _rewritten(tmp_path, good_model, lambda c: {**c, "extra": 1})
    fails(capsys, ["evaluate", str(path)], str(path), "unknown configuration key(s) 'extra'")


def test_evaluate_string_weights(tmp_path, good_model, capsys):
    path = _rewritten(tmp_path, good_model, W0=np.full((784, 128), "0.5"))
    fails(capsys, ["evaluate", str(path)], str(path), "array W0 is <U3")


def test_evaluate_nan_weights(tmp_path, good_model, capsys):
    with np.load(good_model) as data:
        w = data["W1"].copy()
    w[0, 0] = np.nan
    path = _rewritten(tmp_path, good_model, W1=w)
    fails(capsys, ["evaluate", str(path)], str(path), "W1 holds non-finite values")


def test_evaluate_a_scalar_bias_in_a_vector_model(tmp_path, good_model, capsys):
    path = _rewritten(tmp_path, good_model, b2=np.zeros(1, np.float32))
    fails(capsys, ["evaluate", str(path)], str(path), "array b2", "shape (1,)", "(10,)")


@pytest.mark.parametrize("outputs", [5, 20])
def test_evaluate_a_model_with_the_wrong_number_of_outputs(tmp_path, capsys, outputs):
    path = Network((784, 16, outputs)).save(tmp_path / "m.npz")
    fails(capsys, ["evaluate", str(path)], str(path), f"gives {outputs} outputs",
          "MNIST needs 784 (pixels) and 10 (digits)")


def test_data_fetch_from_a_server_that_is_not_http(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    with serve_raw(lambda conn: conn.sendall(b"SSH-2.0-OpenSSH\r\n\r\n")) as url:
        monkeypatch.setenv("BACKPROP_MIRRORS", url)
        fails(capsys, ["data", "fetch"], "train-images-idx3-ubyte.gz", "BadStatusLine")
    assert list(tmp_path.iterdir()) == []


def test_data_fetch_chunked_transfer_cut_short(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + b"x" * 100
    with serve_raw(lambda conn: conn.sendall(reply)) as url:
        monkeypatch.setenv("BACKPROP_MIRRORS", url)
        fails(capsys, ["data", "fetch"], "train-images-idx3-ubyte.gz", "IncompleteRead")
    assert list(tmp_path.iterdir()) == []


def test_data_fetch_mirror_with_a_bad_port(capsys, monkeypatch):
    monkeypatch.setenv("BACKPROP_MIRRORS", "http://127.0.0.1:70000/")
    fails(capsys, ["data", "fetch"], "BACKPROP_MIRRORS", "http://127.0.0.1:70000/",
          "not a valid URL")


def test_data_fetch_404_is_not_called_offline(tmp_path, capsys, monkeypatch):
    (tmp_path / "served").mkdir()
    with serve_folder(tmp_path / "served") as url:
        monkeypatch.setenv("BACKPROP_MIRRORS", url)
        assert main(["data", "fetch"]) == 2
    err = capsys.readouterr().err
    one_error_line(err, "HTTP error 404")
    assert "offline" not in err


def test_a_network_too_large_for_memory():
    """784-1,000,000,000-10 needs 6 TB: one line, under an address-space limit so that the
    test cannot take the machine's memory whatever its overcommit policy."""
    result = run("train", "--layers", "784,1000000000,10", "--no-progress",
                 limits={resource.RLIMIT_AS: 4 << 30})
    assert result.returncode == 2
    one_error_line(result.stderr, "not enough memory")


def test_output_into_a_closed_pipe_is_quiet():
    """The reader goes away before anything is written: no 'Broken pipe' message."""
    proc = subprocess.Popen([sys.executable, "-m", "backprop", "data", "info"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **ENV})
    proc.stdout.close()  # before anything is written: the first write meets a closed pipe
    err = proc.stderr.read()
    proc.wait(timeout=300)
    assert err == b"" and proc.returncode == 141


def test_verify_piped_into_head():
    """The issue's `verify --json | head -1` (note 002: the quickest to verify)."""
    result = subprocess.run(f"'{sys.executable}' -m backprop verify --note 002 --json | head -1",
                            shell=True, capture_output=True, text=True, timeout=300,
                            env={**os.environ, **ENV})
    assert result.stdout == "[\n" and result.stderr == ""


# -- the data cascade on the command line -------------------------------------------------------


@pytest.mark.parametrize("offline", ["1", "0"])
def test_train_falls_back_from_an_unusable_cache_saying_why(tmp_path, capsys, monkeypatch,
                                                            offline):
    cache = tmp_path / "cache"
    cache.write_text("a file, not a folder")
    monkeypatch.setenv("BACKPROP_DATA", str(cache))
    monkeypatch.setenv("BACKPROP_OFFLINE", offline)
    monkeypatch.setenv("BACKPROP_MIRRORS", "http://127.0.0.1:9/")
    assert main(["train", "--epochs", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("data: embedded subset")
    assert out[1].startswith(f"data: cache not used: {cache}: the cache path is a file")
    assert ("download failed" in out[1]) == (offline == "0")


def test_data_info_says_why_the_cache_is_not_used(tmp_path, capsys, monkeypatch):
    import gzip

    from test_data import fake_mnist, idx_bytes, write_raw

    files_ = fake_mnist()
    files_["train-images-idx3-ubyte.gz"] = gzip.compress(idx_bytes(np.zeros((6, 28, 27))))
    write_raw(tmp_path, files_)
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    assert main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert "the book will use: embedded subset" in out
    assert "why: cache not used: " in out and "images are 28×27 pixels" in out


def test_offline_on_is_understood(tmp_path, monkeypatch, capsys):
    capsys.readouterr()
    hits = []
    with serve_raw(lambda conn: hits.append(1)) as url:
        monkeypatch.setenv("BACKPROP_MIRRORS", url)
        monkeypatch.setenv("BACKPROP_OFFLINE", "on")
        assert main(["data", "info"]) == 0 and main(["evaluate", "/nonexistent.npz"]) == 2
        from backprop.data import load_mnist

        assert load_mnist().source == "subset"
    assert hits == []
    capsys.readouterr()
    monkeypatch.setenv("BACKPROP_OFFLINE", "maybe")
    fails(capsys, ["train", "--no-progress"], "BACKPROP_OFFLINE='maybe' is not understood")


# -- silent wrong results ------------------------------------------------------------------------


@pytest.mark.parametrize("options, rule", [
    (["--lr", "5"], "rule: accuracy at chance"),
    (["--lr", "100"], "rule: loss far above its start"),
    (["--output", "sigmoid", "--lr", "1e6"], "rule: accuracy at chance"),
    (["--output", "sigmoid_ce", "--lr", "1e6"], "rule: loss far above its start"),
], ids=["lr 5", "lr 100", "sigmoid lr 1e6", "sigmoid_ce lr 1e6"])
def test_divergence_is_an_error_naming_its_rule(tmp_path, capsys, options, rule):
    # plain SGD (the notes' iteration), so that each case meets the rule it is named for
    plain = ["--momentum", "0", "--schedule", "constant", "--no-augment"]
    out = fails(capsys, ["train", "--epochs", "2", "--no-progress", *plain, *options,
                         "--save", str(tmp_path / "m.npz")], rule)
    assert "saved" not in out and not (tmp_path / "m.npz").exists()


# -- a download killed midway ------------------------------------------------------------------


def _trickle(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(1000):
        conn.sendall(b"x" * 10)
        time.sleep(0.05)


def _fetch_until_part(cache: Path, url: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "backprop", "data", "fetch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **ENV, "BACKPROP_DATA": str(cache),
                                 "BACKPROP_MIRRORS": url})
    deadline = time.monotonic() + 60
    while not list(cache.glob(".*.part")):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    return proc


def test_sigterm_during_a_download_removes_its_part_file(tmp_path):
    with serve_raw(_trickle) as url:
        proc = _fetch_until_part(tmp_path, url)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    one_error_line(err, "terminated (SIGTERM)")
    assert list(tmp_path.iterdir()) == []


def test_sigkill_during_a_download_leaves_a_part_file_the_next_run_removes(tmp_path, capsys,
                                                                           monkeypatch):
    with serve_raw(_trickle) as url:
        proc = _fetch_until_part(tmp_path, url)
        proc.kill()
        proc.communicate(timeout=60)
    (part,) = tmp_path.glob(".*.part")
    old = time.time() - STALE_PART - 1  # as if the next run came two minutes later
    os.utime(part, (old, old))
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    assert main(["data", "info"]) == 0
    assert list(tmp_path.iterdir()) == []
