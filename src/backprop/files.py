"""Writing a file so that it is either entirely there or not changed at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def atomic_write(target: Path, write: Callable[[IO[bytes]], None], suffix: str = ".part") -> None:
    """Call ``write`` on a temporary file in ``target``'s folder, flush and fsync it, then rename
    it over ``target``.

    If ``write`` raises (a full disk, a checksum that does not match, Ctrl-C), the temporary
    file is removed and ``target`` is left as it was: the rename is the only step that changes
    it, and it is atomic. Two writers of the same target each rename a complete file of their
    own, so the last one wins and the file is never a mixture.
    """
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    tmp = Path(name)
    try:
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _mode_for(target: Path) -> int:
    """The permissions the new file gets: the old file's, else what ``open`` would give."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
