"""Put a local copy of MathJax 3 where the book build ships it, so pages render math offline.

    python tools/vendor_mathjax.py            # into _vendor/_static/mathjax (git-ignored)

Jupyter Book loads MathJax from a CDN by default. Instead, this fetches the npm package
``mathjax@3.2.2`` with ``npm pack`` (the npm registry is the only network it needs, and only
once: later runs find the copy and do nothing), checks the tarball against the registry's
published SHA-512 integrity pinned below, and unpacks its ``es5/`` folder (the browser build:
``tex-mml-chtml.js``, the fonts and the components MathJax loads on demand) into
``_vendor/_static/mathjax``. ``_config.yml`` lists ``_vendor`` in ``html_extra_path``, so the
HTML build gets ``_static/mathjax/``, and points ``mathjax_path`` at ``mathjax/tex-mml-chtml.js``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = "3.2.2"
INTEGRITY = (
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
)
"""The registry's integrity of mathjax 3.2.2 (``npm view mathjax@3.2.2 dist.integrity``)."""
DEST = ROOT / "_vendor" / "_static" / "mathjax"
ENTRY = "tex-mml-chtml.js"


def integrity_of(path: Path) -> str:
    """The npm-style ``sha512-<base64>`` integrity string of a file."""
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def unpack_es5(tarball: Path, dest: Path) -> int:
    """Unpack ``package/es5/**`` and the licence of an npm tarball into ``dest``; return how
    many files were written. The copy is made beside ``dest`` and renamed into place."""
    staging = dest.with_name(dest.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    count = 0
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            if name == "package/LICENSE":
                target = staging / "LICENSE"
            elif name.startswith("package/es5/") and member.isfile():
                target = staging / name.removeprefix("package/es5/")
            else:
                continue
            if ".." in Path(name).parts:
                raise ValueError(f"unsafe path in tarball: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            target.write_bytes(source.read())
            count += 1
    if not (staging / ENTRY).is_file():
        raise RuntimeError(f"{tarball.name} has no es5/{ENTRY}")
    (staging / "VERSION").write_text(VERSION + "\n")
    shutil.rmtree(dest, ignore_errors=True)
    staging.rename(dest)
    return count


def is_current(dest: Path) -> bool:
    """True when ``dest`` already holds this version of MathJax."""
    version = dest / "VERSION"
    return (dest / ENTRY).is_file() and version.is_file() and version.read_text().strip() == VERSION


def fetch(dest: Path = DEST) -> Path:
    """Make sure ``dest`` holds MathJax ``VERSION``; fetch and check it with npm if not."""
    if is_current(dest):
        (dest / ENTRY).touch()  # newer than this script, for make
        return dest
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm is needed once to fetch MathJax from the npm registry "
            "(Debian: apt-get install npm)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([npm, "pack", "--silent", f"mathjax@{VERSION}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tarball = Path(tmp) / f"mathjax-{VERSION}.tgz"
        got = integrity_of(tarball)
        if got != INTEGRITY:
            raise SystemExit(f"mathjax-{VERSION}.tgz integrity {got} differs from {INTEGRITY}")
        count = unpack_es5(tarball, dest)
    print(f"MathJax {VERSION}: {count} files in {dest.relative_to(ROOT)}")
    return dest


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEST,
                        help="where to put es5/ (default: %(default)s)")
    args = parser.parse_args(argv)
    fetch(args.dest.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
