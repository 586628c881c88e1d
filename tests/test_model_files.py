"""Saving and loading models (atomic writes, files checked before they are trusted) and the
engine's refusal of bad inputs and labels in every entry point."""

from __future__ import annotations

import errno
import io
import json
import threading
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from backprop import files
from backprop.network import Network, model_path
from backprop.train import train


def small(seed: int = 0, **options) -> Network:
    return Network((784, 8, 10), seed=seed, **options)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def rewrite(path: Path, config: dict | None = None, **arrays) -> None:
    """Rewrite a saved model with another config and/or arrays (other names kept)."""
    with np.load(path) as data:
        content = {k: data[k] for k in data.files}
    if config is not None:
        content["config"] = np.array(json.dumps(config))
    content.update(arrays)
    np.savez(path, **content)


# -- atomic saves --------------------------------------------------------------------------------


def test_save_appends_npz_and_returns_the_path(tmp_path):
    assert small().save(tmp_path / "model") == tmp_path / "model.npz"
    assert (tmp_path / "model.npz").is_file() and not (tmp_path / "model").exists()
    assert small().save(tmp_path / "m.npz") == tmp_path / "m.npz"
    assert leftovers(tmp_path) == []


def test_a_write_failing_midway_keeps_the_previous_model(tmp_path, monkeypatch):
    target = tmp_path / "m.npz"
    small(seed=1).save(target)
    before = target.read_bytes()

    def full_disk(f, **arrays):
        f.write(b"PK\x03\x04 a few bytes of a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(np, "savez", full_disk)
    with pytest.raises(OSError, match=r"m\.npz: cannot save the network \(No space left"):
        small(seed=2).save(target)
    assert target.read_bytes() == before and leftovers(tmp_path) == []


def test_ctrl_c_between_the_temporary_file_and_the_rename(tmp_path, monkeypatch):
    target = tmp_path / "m.npz"
    small(seed=1).save(target)
    before = target.read_bytes()

    def interrupted(src, dst):
        assert Path(src).stat().st_size > 0  # the temporary file is complete by now
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        small(seed=2).save(target)
    assert target.read_bytes() == before and leftovers(tmp_path) == []


def test_concurrent_saves_leave_a_whole_model(tmp_path):
    """Writers racing on one path: every file seen afterwards is one whole model."""
    target = tmp_path / "same.npz"
    nets = [small(seed=s) for s in range(4)]

    def save_many(net):
        for _ in range(10):
            net.save(target)

    threads = [threading.Thread(target=save_many, args=(n,)) for n in nets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = Network.load(target)
    assert any(all(np.array_equal(a, b) for a, b in zip(loaded.weights, n.weights, strict=True))
               for n in nets)
    assert leftovers(tmp_path) == []


def test_model_path_checks_the_folder(tmp_path):
    with pytest.raises(ValueError, match="folder .*nodir does not exist"):
        model_path(tmp_path / "nodir" / "m.npz", check=True)
    (tmp_path / "dir.npz").mkdir()
    with pytest.raises(ValueError, match="it is a folder"):
        model_path(tmp_path / "dir.npz", check=True)
    assert model_path(tmp_path / "m", check=True) == tmp_path / "m.npz"


# -- loading: nothing trusted before it is checked -----------------------------------------------


def test_round_trip_keeps_everything(tmp_path):
    net = small(bias="scalar", dtype=np.float64, input_range=None)
    back = Network.load(net.save(tmp_path / "m.npz"))
    assert back.config() == net.config()
    assert all(np.array_equal(a, b) for a, b in zip(back.weights + back.biases,
                                                    net.weights + net.biases, strict=True))


@pytest.mark.parametrize("damage, message", [
    (lambda b: b[: len(b) // 2], "not a saved backprop network, or damaged"),
    (lambda b: b"", "not a saved backprop network, or damaged"),
    (lambda b: b[:-30], "not a saved backprop network, or damaged"),
], ids=["truncated", "empty", "end cut"])
def test_damaged_files_are_a_value_error(tmp_path, damage, message):
    path = small().save(tmp_path / "m.npz")
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(ValueError, match=message):
        Network.load(path)


def test_every_flipped_byte_is_caught_or_harmless(tmp_path):
    """Flip one byte at a time across the whole file: each load either refuses with a
    ValueError or gives back exactly the saved network (the byte was in a field that does not
    matter, such as a timestamp); never another exception, never different parameters."""
    net = Network((784, 2, 10), seed=0)
    path = net.save(tmp_path / "m.npz")
    good = path.read_bytes()
    refused = 0
    for offset in range(0, len(good), 7):
        flipped = bytearray(good)
        flipped[offset] ^= 0xFF
        path.write_bytes(bytes(flipped))
        try:
            back = Network.load(path)
        except ValueError:
            refused += 1
            continue
        assert all(np.array_equal(a, b) for a, b in zip(back.weights + back.biases,
                                                        net.weights + net.biases, strict=True))
    assert refused > 0


def test_flipped_array_byte_is_refused(tmp_path):
    path = small().save(tmp_path / "m.npz")
    blob = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("W0.npy")
    blob[info.header_offset + 30 + len(info.filename) + 1000] ^= 0x01  # inside W0's data
    path.write_bytes(bytes(blob))
    with pytest.raises(ValueError, match="Bad CRC-32"):
        Network.load(path)


def test_config_with_an_extra_key(tmp_path):
    path = small().save(tmp_path / "m.npz")
    rewrite(path, config={**small().config(), "colour": "blue"})
    with pytest.raises(ValueError, match="unknown configuration key\\(s\\) 'colour'"):
        Network.load(path)


def test_config_with_wrong_types(tmp_path):
    path = small().save(tmp_path / "m.npz")
    rewrite(path, config={**small().config(), "sizes": "784,8,10"})
    with pytest.raises(ValueError, match="sizes '784,8,10' is not a list of positive integers"):
        Network.load(path)
    rewrite(path, config={**small().config(), "hidden": ["relu"]})
    with pytest.raises(ValueError, match="not a usable backprop network"):
        Network.load(path)


def test_string_weights(tmp_path):
    path = small().save(tmp_path / "m.npz")
    rewrite(path, W0=np.full((784, 8), "1.0"))
    with pytest.raises(ValueError, match="array W0 is <U3 of shape \\(784, 8\\), the "
                                         "configuration says float32"):
        Network.load(path)


def test_non_finite_weights(tmp_path):
    net = small()
    net.weights[1][3, 4] = np.nan
    path = net.save(tmp_path / "m.npz")
    with pytest.raises(ValueError, match="array W1 holds non-finite values"):
        Network.load(path)


def test_scalar_bias_in_a_vector_model(tmp_path):
    path = small().save(tmp_path / "m.npz")
    rewrite(path, b0=np.zeros(1, np.float32))
    with pytest.raises(ValueError, match="array b0 is float32 of shape \\(1,\\), the "
                                         "configuration says float32 of shape \\(8,\\)"):
        Network.load(path)


def test_sizes_that_disagree_with_the_arrays(tmp_path):
    path = small().save(tmp_path / "m.npz")
    rewrite(path, config={**small().config(), "sizes": [784, 9, 10]})
    with pytest.raises(ValueError, match="array W0 is float32 of shape \\(784, 8\\)"):
        Network.load(path)


def test_a_small_file_claiming_a_huge_layer_allocates_nothing(tmp_path):
    """The issue's 1.2 KB file with sizes [784, 200000, 10] took 1.9 GB: now its headers are
    compared with the configuration before any array is built."""
    path = Network((3, 2, 10)).save(tmp_path / "m.npz")
    rewrite(path, config={**Network((3, 2, 10)).config(), "sizes": [784, 200_000, 10]})
    assert path.stat().st_size < 3_000
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="the configuration says float32 of shape "
                                             "\\(784, 200000\\)"):
            Network.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # a real load would need 784 × 200,000 × 4 bytes = 627 MB


def test_a_header_that_lies_about_its_size(tmp_path):
    """A member whose .npy header claims more data than the member holds."""
    path = tmp_path / "m.npz"
    net = Network((3, 2, 10))
    net.save(path)
    fake = io.BytesIO()
    np.lib.format.write_array_header_1_0(fake, {"descr": "<f4", "fortran_order": False,
                                                "shape": (3, 2)})
    rewrite(path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["W0.npy"] = fake.getvalue() + b"\x00" * 4  # 4 bytes instead of 24
    with zipfile.ZipFile(path, "w") as z:
        for name, blob in members.items():
            z.writestr(name, blob)
    with pytest.raises(ValueError, match="array W0: its size does not match its header"):
        Network.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match="missing.npz: No such file"):
        Network.load(tmp_path / "missing.npz")


# -- inputs and labels in every entry point ----------------------------------------------------


def digits(n: int = 20, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 1, (n, 784)), rng.integers(0, 10, n)


@pytest.mark.parametrize("scale", [
    lambda x: (x * 255).astype(np.uint8), lambda x: x * 255.0,
], ids=["uint8 0-255", "float 0-255"])
def test_unscaled_images_are_refused(scale):
    x, y = digits()
    net = small()
    for call in (lambda: train(net, scale(x), y, epochs=1, progress=False),
                 lambda: net.accuracy(scale(x), y), lambda: net.predict(scale(x)),
                 lambda: train(net, x, y, scale(x), y, epochs=1, progress=False)):
        with pytest.raises(ValueError, match=r"outside the expected \[0, 1\]: unscaled pixels\? "
                                             "divide 0-255 images by 255"):
            call()


def test_input_range_none_allows_any_real_inputs():
    x, y = digits()
    net = small(input_range=None)
    assert 0 <= net.accuracy(x * 255, y) <= 1
    with pytest.raises(ValueError, match="outside the expected \\[-1, 1\\]"):
        small(input_range=(-1, 1)).predict(x * 3)


@pytest.mark.parametrize("labels, message", [
    (np.zeros(5, np.int64), "5 labels for 20 input rows"),
    (np.zeros((20, 1), np.int64), "labels must have shape \\(K,\\), got \\(20, 1\\)"),
    (np.full(20, 10), "label 10 is out of range: labels must lie in 0..9"),
    (np.full(20, -1), "label -1 is out of range"),
    (np.zeros(20), "labels must be integers, got dtype float64"),
], ids=["length", "shape", "too big", "negative", "float"])
def test_bad_labels_in_every_entry_point(labels, message):
    x, y = digits()
    net = small()
    for call in (lambda: net.accuracy(x, labels), lambda: net.cost(x, labels),
                 lambda: net.gradients(x, labels),
                 lambda: train(net, x, labels, epochs=1, progress=False),
                 lambda: train(net, x, y, x, labels, epochs=1, progress=False)):
        with pytest.raises(ValueError, match=message):
            call()


def test_cost_with_one_label_too_many_names_both_counts():
    x, _ = digits(5)
    with pytest.raises(ValueError, match="6 labels for 5 input rows"):
        small().cost(x, np.zeros(6, np.int64))


def test_test_labels_out_of_range_are_refused_not_scored():
    x, y = digits()
    with pytest.raises(ValueError, match="label 2[0-9] is out of range"):
        train(small(), x, y, x, y + 20, epochs=1, progress=False)
