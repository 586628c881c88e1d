"""Check `make lab`'s set-up without a browser: start JupyterLab on 127.0.0.1 with --no-browser,
wait until its API answers, check that the kernel it offers imports `backprop`, then stop it.

    python tools/lab_check.py        (or: make lab-check)
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "lab-check"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    port = free_port()
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", "--ServerApp.root_dir=book", "--allow-root"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                print(f"lab-check: JupyterLab exited with {server.returncode}:\n"
                      f"{server.stderr.read()}", file=sys.stderr)
                return 1
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2) as r:
                    status = json.load(r)
                break
            except OSError:
                if time.monotonic() > deadline:
                    print("lab-check: JupyterLab did not answer within 90 s", file=sys.stderr)
                    return 1
                time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/lab?token={TOKEN}", timeout=5) as r:
            assert r.status == 200, r.status
        with urllib.request.urlopen(f"{base}/api/kernelspecs?token={TOKEN}", timeout=5) as r:
            specs = json.load(r)
        with urllib.request.urlopen(f"{base}/api/contents?token={TOKEN}", timeout=5) as r:
            names = [item["name"] for item in json.load(r)["content"]]
        kernel = specs["kernelspecs"][specs["default"]]["spec"]["argv"][0]
        if kernel in ("python", "python3", "{python}"):
            kernel = sys.executable
        imported = subprocess.run([kernel, "-c", "import backprop; print(backprop.__file__)"],
                                  capture_output=True, text=True)
        if imported.returncode != 0:
            print(f"lab-check: the kernel's Python cannot import backprop:\n{imported.stderr}",
                  file=sys.stderr)
            return 1
        print(f"lab-check: JupyterLab answered on {base} (started {status['started']}); "
              f"kernel '{specs['default']}' imports backprop; book/ holds {len(names)} entries")
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
