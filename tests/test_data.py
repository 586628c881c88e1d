"""backprop.data: IDX parsing, the cache folder, the download path (against local fakes only)
and the embedded subset. No test touches the network."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import serve_folder, serve_raw

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
    assert got is not None and got.source == "idx"  # not the official files
    assert got.description.startswith("IDX files in the cache: 6 and 4 digits")
    assert got.x_train.shape == (6, 784) and got.x_test.shape == (4, 784)
    assert 0 <= got.x_train.min() and got.x_train.max() <= 1
    assert got.y_train.dtype == np.int64


def test_empty_folder_means_no_idx_files(tmp_path):
    assert read_idx_folder(tmp_path) is None
    assert read_idx_folder(tmp_path / "absent") is None


def test_missing_file_is_named(tmp_path):
    files = fake_mnist()
    del files["t10k-labels-idx1-ubyte.gz"]
    write_raw(tmp_path, files)
    with pytest.raises(DataError, match="3 of the 4 IDX files; missing t10k-labels-idx1-ubyte"):
        read_idx_folder(tmp_path)


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
    got = mnist.load_mnist()
    assert got.source == "idx" and got.note == "" and len(got.y_train) == 6


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

            response.read = response.read1 = read
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


# -- images, checksums and what the data is called ------------------------------------------------


def test_images_that_are_not_28_by_28_are_named(tmp_path):
    files = fake_mnist()
    files["t10k-images-idx3-ubyte.gz"] = gzip.compress(idx_bytes(np.zeros((4, 28, 27))))
    write_raw(tmp_path, files)
    with pytest.raises(DataError, match=r"t10k-images-idx3-ubyte: images are 28×27 pixels"):
        read_idx_folder(tmp_path)


def test_full_mnist_only_with_the_official_checksums(tmp_path, monkeypatch):
    """Raw files whose MD5s are the official ones are "full MNIST"; the same files with any
    other MD5 table are only "IDX files in the cache"."""
    files = fake_mnist()
    write_raw(tmp_path, files)
    assert read_idx_folder(tmp_path).source == "idx"
    raw = {name.removesuffix(".gz"): hashlib.md5(gzip.decompress(blob)).hexdigest()
           for name, blob in files.items()}
    monkeypatch.setattr(mnist, "RAW_MD5", raw)
    got = read_idx_folder(tmp_path)
    assert got.source == "full" and got.description.startswith("full MNIST: 6 training")


def test_a_file_that_is_a_folder_is_named(tmp_path):
    write_raw(tmp_path, fake_mnist())
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    (tmp_path / "train-labels-idx1-ubyte").mkdir()
    with pytest.raises(DataError, match="train-labels-idx1-ubyte: is a folder"):
        read_idx_folder(tmp_path)


# -- environment flags ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("yes", True), ("on", True), ("ON", True), (" True ", True),
    ("0", False), ("false", False), ("no", False), ("off", False), ("", False),
])
def test_offline_flag_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("BACKPROP_OFFLINE", value)
    assert mnist.offline() is expected


def test_offline_flag_typo_is_an_error(monkeypatch):
    monkeypatch.setenv("BACKPROP_OFFLINE", "offline")
    with pytest.raises(DataError, match="BACKPROP_OFFLINE='offline' is not understood"):
        mnist.offline()


# -- the cascade: a cache it cannot use is reported, online and offline alike --------------------


def _cache_is_a_file(tmp):
    (tmp / "cache").write_text("not a folder")
    return tmp / "cache", "the cache path is a file"


def _parent_is_a_file(tmp):
    (tmp / "parent").write_text("not a folder")
    return tmp / "parent" / "cache", None  # nothing cached to report; a download cannot write


def _one_file_missing(tmp):
    files = fake_mnist()
    del files["train-labels-idx1-ubyte.gz"]
    (tmp / "cache").mkdir()
    write_raw(tmp / "cache", files)
    return tmp / "cache", "missing train-labels-idx1-ubyte"


def _a_file_is_a_folder(tmp):
    (tmp / "cache").mkdir()
    write_raw(tmp / "cache", fake_mnist())
    (tmp / "cache" / "t10k-images-idx3-ubyte").unlink()
    (tmp / "cache" / "t10k-images-idx3-ubyte").mkdir()
    return tmp / "cache", "t10k-images-idx3-ubyte: is a folder"


def _corrupt_file(tmp):
    (tmp / "cache").mkdir()
    write_raw(tmp / "cache", fake_mnist())
    path = tmp / "cache" / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-5])
    return tmp / "cache", "train-images-idx3-ubyte: truncated"


CACHES = [_cache_is_a_file, _parent_is_a_file, _one_file_missing, _a_file_is_a_folder,
          _corrupt_file]


@pytest.mark.parametrize("online", [False, True], ids=["offline", "online"])
@pytest.mark.parametrize("make_cache", CACHES, ids=lambda f: f.__name__.strip("_"))
def test_unusable_cache_falls_back_to_the_subset_saying_why(tmp_path, monkeypatch, online,
                                                            make_cache):
    cache, reason = make_cache(tmp_path)
    monkeypatch.setenv("BACKPROP_DATA", str(cache))
    monkeypatch.setenv("BACKPROP_OFFLINE", "0" if online else "1")
    served = tmp_path / "served"
    served.mkdir()  # an empty mirror: every file is a 404
    with serve_folder(served) as url:
        monkeypatch.setenv("BACKPROP_MIRRORS", url)
        got = mnist.load_mnist()
    assert got.source == "subset"
    if reason:
        assert f"cache not used: {cache}" in got.note and reason in got.note
    if online:
        assert "download failed" in got.note
    else:
        assert "download" not in got.note


@pytest.mark.parametrize("mirror, reason", [
    ("http://127.0.0.1:99999/", "not a valid URL"),
    ("ftp://127.0.0.1/", "not an http(s) URL"),
    ("http:///nohost", "not an http(s) URL with a host"),
])
def test_malformed_mirror_falls_back_online_and_is_ignored_offline(tmp_path, monkeypatch,
                                                                    mirror, reason):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("BACKPROP_MIRRORS", mirror)
    monkeypatch.setenv("BACKPROP_OFFLINE", "0")
    got = mnist.load_mnist()
    assert got.source == "subset" and "BACKPROP_MIRRORS" in got.note and reason in got.note
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")
    assert mnist.load_mnist().note == ""


def test_garbage_from_the_mirror_falls_back(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("BACKPROP_OFFLINE", "no")
    with serve_raw(lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\n"
                                             b"garbage")) as url:
        monkeypatch.setenv("BACKPROP_MIRRORS", url)
        got = mnist.load_mnist()
    assert got.source == "subset" and "checksum mismatch" in got.note


def test_stale_part_files_are_removed_and_fresh_ones_kept(tmp_path, monkeypatch):
    """A download killed by SIGTERM or SIGKILL leaves its .part file: the next run removes it
    once it has not been written for `STALE_PART` seconds (a live download writes sooner)."""
    stale = tmp_path / ".train-images-idx3-ubyte.gz.k1ll3d.part"
    fresh = tmp_path / ".t10k-images-idx3-ubyte.gz.l1v3.part"
    for part in (stale, fresh):
        part.write_bytes(b"\x1f\x8b partial")
    old = time.time() - mnist.STALE_PART - 10
    os.utime(stale, (old, old))
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")
    assert mnist.load_mnist().source == "subset"
    assert not stale.exists() and fresh.exists()
    os.utime(fresh, (old, old))
    files = fake_mnist()
    mnist.download(tmp_path, mirrors=("http://fake/",), opener=opener_serving(files),
                   checksums=md5_of(files))
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


# -- what a failed download says -----------------------------------------------------------------


def _fetch(folder, url, **kwargs):
    files = fake_mnist()
    mnist.download(folder, mirrors=(url,), checksums=md5_of(files), timeout=5, **kwargs)


def test_http_404_is_not_called_offline(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    with serve_folder(served) as url, pytest.raises(DataError) as err:
        _fetch(tmp_path / "cache", url)
    assert "HTTP error 404" in str(err.value) and "offline" not in str(err.value)


def test_http_500_is_not_called_offline(tmp_path):
    reply = b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
    with serve_raw(lambda conn: conn.sendall(reply)) as url, pytest.raises(DataError) as err:
        _fetch(tmp_path / "cache", url)
    assert "HTTP error 500" in str(err.value) and "offline" not in str(err.value)


def test_unwritable_cache_is_not_called_offline(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(DataError, match="cannot write to the cache folder .*file/cache") as err:
        _fetch(tmp_path / "file" / "cache", "http://127.0.0.1:9/")
    assert "offline" not in str(err.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_cache_folder_is_not_called_offline(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataError, match="cannot write to the cache folder"):
            _fetch(folder, "http://127.0.0.1:9/")
    finally:
        folder.chmod(0o700)


def test_empty_mirror_list(tmp_path, monkeypatch):
    with pytest.raises(DataError, match="no mirror to download from") as err:
        mnist.download(tmp_path, mirrors=())
    assert "offline" not in str(err.value)
    monkeypatch.setenv("BACKPROP_MIRRORS", " , ")
    with pytest.raises(DataError, match="no mirror to download from"):
        mnist.download(tmp_path)


def test_unreachable_mirror_is_called_offline(tmp_path):
    with pytest.raises(DataError, match=r"no mirror could be reached: are you offline\?"):
        _fetch(tmp_path, "http://127.0.0.1:9/")


@pytest.mark.parametrize("reply, kind", [
    (b"this is not HTTP\r\n\r\n", "BadStatusLine"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nonly a few bytes",
     "IncompleteRead"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nshort", "ended after 5 of the 500 bytes"),
])
def test_broken_servers_are_one_data_error(tmp_path, reply, kind):
    with serve_raw(lambda conn: conn.sendall(reply)) as url, pytest.raises(DataError) as err:
        _fetch(tmp_path, url)
    assert kind in str(err.value) and "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


# -- bounded downloads ---------------------------------------------------------------------------


def _trickle(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(1000):
        conn.sendall(b"x")
        time.sleep(0.05)


def _endless(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
    block = b"x" * 65536
    while True:
        conn.sendall(block)


def _stall(conn):
    time.sleep(5)


def test_a_trickling_mirror_meets_the_deadline(tmp_path):
    """A byte every 50 ms keeps every socket read inside its timeout: only the overall deadline
    stops it (at the deadline plus at most one read)."""
    start = time.monotonic()
    with serve_raw(_trickle) as url, pytest.raises(DataError, match="not complete after 0.5 s"):
        _fetch(tmp_path, url, deadline=0.5)
    assert time.monotonic() - start < 3
    assert list(tmp_path.iterdir()) == []


def test_an_endless_mirror_meets_the_size_cap(tmp_path):
    files = fake_mnist()
    sizes = dict.fromkeys(files, 200_000)
    start = time.monotonic()
    with serve_raw(_endless) as url, pytest.raises(DataError, match="sent more than 200,000"):
        _fetch(tmp_path, url, sizes=sizes)
    assert time.monotonic() - start < 3
    assert list(tmp_path.iterdir()) == []


def test_an_announced_size_above_the_cap_is_refused(tmp_path):
    files = fake_mnist()
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n"
    with serve_raw(lambda conn: conn.sendall(reply)) as url, pytest.raises(
            DataError, match="announces 999,999,999 bytes, the file has 100"):
        _fetch(tmp_path, url, sizes=dict.fromkeys(files, 100))


def test_a_stalled_mirror_times_out_after_a_progress_line(tmp_path, capsys):
    with serve_raw(_stall) as url, pytest.raises(DataError, match="timed out"):
        mnist.download(tmp_path, mirrors=(url,), checksums=md5_of(fake_mnist()), timeout=0.5,
                       progress=True)
    assert f"downloading {url}t" in capsys.readouterr().err


def test_official_sizes_cap_the_official_files():
    assert set(mnist.SIZES) == set(mnist.MD5)
    assert mnist.SIZES["train-images-idx3-ubyte.gz"] == 9_912_422
