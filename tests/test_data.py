"""backprop.data: IDX parsing, the cache folder, the download path (against local fakes only)
and the embedded subset. No test touches the network."""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
from conftest import serve_folder

from backprop import data as mnist
from backprop.data import DataError, parse_idx, read_idx_folder


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes: magic (0, 0, 8, ndim), big-endian dims, data."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(d).to_bytes(4, "big") for d in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def fake_mnist(n_train: int = 6, n_test: int = 4, seed: int = 0) -> dict[str, bytes]:
    """The four files (gzipped, official names) of a tiny fake MNIST."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28)),
        "train-labels-idx1-ubyte": rng.integers(0, 10, n_train),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28)),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test),
    }
    return {f"{k}.gz": gzip.compress(idx_bytes(v), mtime=0) for k, v in arrays.items()}


def md5_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.md5(blob).hexdigest() for name, blob in files.items()}


def write_raw(folder: Path, files: dict[str, bytes]) -> None:
    """Write the files decompressed, under their raw names (no MD5 applies to raw files)."""
    for name, blob in files.items():
        (folder / name.removesuffix(".gz")).write_bytes(gzip.decompress(blob))


# -- IDX parsing ------------------------------------------------------------------------------


def test_parse_idx_images_and_labels():
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    assert parse_idx(idx_bytes(images)).tolist() == images.tolist()
    labels = np.array([3, 1, 4])
    assert parse_idx(idx_bytes(labels)).tolist() == [3, 1, 4]


def test_truncated_file_names_expected_and_actual_bytes():
    blob = idx_bytes(np.zeros((2, 28, 28)))[:-10]
    with pytest.raises(DataError, match=r"f\.idx: truncated: expected 1584 bytes .* got 1574"):
        parse_idx(blob, "f.idx")


def test_truncated_header():
    with pytest.raises(DataError, match="truncated"):
        parse_idx(b"\x00\x00\x08", "h.idx")


def test_bad_magic():
    blob = bytearray(idx_bytes(np.zeros(3)))
    blob[2] = 0x0D  # float type code instead of unsigned byte
    with pytest.raises(DataError, match=r"b\.idx: bad magic number"):
        parse_idx(bytes(blob), "b.idx")


def test_too_long_file():
    with pytest.raises(DataError, match="too long"):
        parse_idx(idx_bytes(np.zeros(3)) + b"\x00", "l.idx")


# -- the cache folder ---------------------------------------------------------------------------


def test_read_folder_of_raw_files(tmp_path):
    write_raw(tmp_path, fake_mnist())
    got = read_idx_folder(tmp_path)
    assert got is not None and got.source == "full"
    assert got.x_train.shape == (6, 784) and got.x_test.shape == (4, 784)
    assert 0 <= got.x_train.min() and got.x_train.max() <= 1
    assert got.y_train.dtype == np.int64


def test_missing_file_means_no_full_mnist(tmp_path):
    files = fake_mnist()
    del files["t10k-labels-idx1-ubyte.gz"]
    write_raw(tmp_path, files)
    assert read_idx_folder(tmp_path) is None


def test_count_mismatch_names_both_files(tmp_path):
    files = fake_mnist()
    files["t10k-labels-idx1-ubyte.gz"] = gzip.compress(idx_bytes(np.zeros(3)))
    write_raw(tmp_path, files)
    with pytest.raises(DataError, match="image/label count mismatch: 4 images but 3 labels"):
        read_idx_folder(tmp_path)


def test_gz_checksum_mismatch(tmp_path):
    for name, blob in fake_mnist().items():
        (tmp_path / name).write_bytes(blob)
    # Official names with the official MD5 table: these fake files cannot match.
    with pytest.raises(DataError, match="checksum mismatch"):
        read_idx_folder(tmp_path)


def test_gz_with_matching_checksums(tmp_path):
    files = fake_mnist()
    for name, blob in files.items():
        (tmp_path / name).write_bytes(blob)
    got = read_idx_folder(tmp_path, checksums=md5_of(files))
    assert got is not None and got.y_test.shape == (4,)


def test_load_mnist_prefers_the_cache(tmp_path, monkeypatch):
    write_raw(tmp_path, fake_mnist())
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    assert mnist.load_mnist().source == "full"


# -- download, against local fakes ---------------------------------------------------------------


class FakeResponse(io.BytesIO):
    def __init__(self, blob: bytes):
        super().__init__(blob)
        self.headers = {"Content-Length": str(len(blob))}


def opener_serving(files: dict[str, bytes], calls: list[str] | None = None, fail_after=None):
    """An opener that serves ``files`` by URL suffix; optionally breaks mid-transfer."""

    def opener(url: str, timeout: float):
        if calls is not None:
            calls.append(url)
        name = url.rsplit("/", 1)[-1]
        if name not in files:
            raise OSError(f"HTTP 404 for {url}")
        blob = files[name]
        if fail_after is not None:
            response = FakeResponse(blob)
            real_read = response.read

            def read(n=-1):
                if response.tell() >= fail_after:
                    raise OSError("connection reset")
                return real_read(n)

            response.read = read
            return response
        return FakeResponse(blob)

    return opener


def test_download_writes_verified_files(tmp_path):
    files = fake_mnist()
    calls: list[str] = []
    mnist.download(tmp_path, mirrors=("http://fake/",), opener=opener_serving(files, calls),
                   checksums=md5_of(files))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    assert read_idx_folder(tmp_path, checksums=md5_of(files)) is not None
    # Present, verified files are not fetched again.
    mnist.download(tmp_path, mirrors=("http://fake/",), opener=opener_serving(files, calls),
                   checksums=md5_of(files))
    assert len(calls) == 4


def test_download_falls_back_to_the_next_mirror(tmp_path):
    files = fake_mnist()

    def opener(url, timeout):
        if url.startswith("http://dead/"):
            raise OSError("name or service not known")
        return opener_serving(files)(url, timeout)

    mnist.download(tmp_path, mirrors=("http://dead/", "http://alive/"), opener=opener,
                   checksums=md5_of(files))
    assert len(list(tmp_path.iterdir())) == 4


def test_download_checksum_mismatch_leaves_nothing(tmp_path):
    files = fake_mnist()
    wrong = {name: "0" * 32 for name in files}
    with pytest.raises(DataError, match="checksum mismatch"):
        mnist.download(tmp_path, mirrors=("http://fake/",), opener=opener_serving(files),
                       checksums=wrong)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_download_leaves_no_partial_file(tmp_path):
    files = fake_mnist()
    with pytest.raises(DataError, match="connection reset"):
        mnist.download(tmp_path, mirrors=("http://fake/",),
                       opener=opener_serving(files, fail_after=10), checksums=md5_of(files))
    assert list(tmp_path.iterdir()) == []


def test_download_from_a_local_http_server(tmp_path):
    """The real urllib opener against a server on 127.0.0.1 serving the fake files."""
    files = fake_mnist()
    served = tmp_path / "served"
    served.mkdir()
    for name, blob in files.items():
        (served / name).write_bytes(blob)

    with serve_folder(served) as url:
        cache = tmp_path / "cache"
        mnist.download(cache, mirrors=(url,), checksums=md5_of(files), timeout=5)
    got = read_idx_folder(cache, checksums=md5_of(files))
    assert got is not None and got.x_train.shape == (6, 784)


def test_load_mnist_offline_uses_the_subset(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")

    def no_network(*args, **kwargs):
        raise AssertionError("offline load_mnist must not open a URL")

    monkeypatch.setattr(mnist.urllib.request, "urlopen", no_network)
    got = mnist.load_mnist()
    assert got.source == "subset"


def test_load_mnist_falls_back_when_download_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))

    def unreachable(url, timeout):
        raise OSError("network is unreachable")

    got = mnist.load_mnist(download_missing=True, opener=unreachable)
    assert got.source == "subset"
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []


# -- the embedded subset -------------------------------------------------------------------------


def test_subset_split_is_stratified_and_deterministic():
    a, b = mnist.read_subset(), mnist.read_subset()
    assert a.x_train.shape == (4000, 784) and a.x_test.shape == (1000, 784)
    assert np.bincount(a.y_train).tolist() == [400] * 10
    assert np.bincount(a.y_test).tolist() == [100] * 10
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    assert 0 <= a.x_train.min() and a.x_train.max() == 1.0
    assert "embedded subset" in a.description


def test_subset_bad_file(tmp_path):
    bad = tmp_path / "mnist_5k.csv.gz"
    bad.write_bytes(gzip.compress(b"1,2,3\n4,5,6\n"))
    with pytest.raises(DataError, match="expected 785 columns"):
        mnist.read_subset(bad)
    truncated = tmp_path / "t.csv.gz"
    truncated.write_bytes(gzip.compress(b"1,2,3\n" * 100)[:30])
    with pytest.raises(DataError, match="cannot read"):
        mnist.read_subset(truncated)
