"""Execute book notebooks in place, top to bottom, as the committed outputs must be.

    python tools/execute_notebooks.py book/part1/zero_hidden.ipynb [more.ipynb …]
    python tools/execute_notebooks.py            # every notebook under book/

Each notebook runs in a fresh kernel with its own folder as the working directory, with
BACKPROP_OFFLINE=1 (as `make book` and `make test`), and is written back with execution counts
1…n and no machine-specific metadata. It prints how long each took (the README's table of page
run times comes from this, on a clean clone).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"executed {name} in {seconds:.0f} s")


def main(argv: list[str]) -> int:
    os.environ.setdefault("BACKPROP_OFFLINE", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `make`: small products thrash threads
    paths = [Path(p).resolve() for p in argv] or sorted(
        p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
