"""tools/browser_check.py: it must catch each kind of failure it promises to catch.

Run by `make browser-check` (not by `make test`): the last test opens a small site with one good
page and one page with every defect in headless Chromium, so it needs Debian's chromium and
chromium-driver (`.ci/run` installs them) and the MathJax copy that `make browser-check` puts in
_vendor/ (tools/vendor_mathjax.py, which needs npm). It fails, rather than skips, without them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("browser_check", ROOT / "tools/browser_check.py")
bc = importlib.util.module_from_spec(spec)
sys.modules["browser_check"] = bc
spec.loader.exec_module(bc)

ORIGIN = "http://127.0.0.1:8000"


def png_1x1() -> bytes:
    """A valid 1×1 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def page(body: str, head: str = "") -> str:
    mathjax = ('<script>window.MathJax = {"options": {"processHtmlClass": "math"}}</script>'
               '<script defer src="_static/mathjax/tex-mml-chtml.js"></script>')
    return f"<!DOCTYPE html><html><head>{mathjax}{head}</head><body>{body}</body></html>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "img.png").write_bytes(png_1x1())
    (tmp_path / "good.html").write_text(page(
        '<h1 id="top">Good</h1><p>Inline <span class="math">\\(x^2 + \\sqrt{y}\\)</span></p>'
        '<div class="math">\\[\\frac{\\partial C}{\\partial w} = a\\,\\delta\\]</div>'
        '<img src="img.png" alt="a pixel" loading="lazy">'
        '<p><a href="#top">up</a> <a href="bad.html#here">there</a> <a href="sub/">sub</a> '
        '<a href="https://example.org/elsewhere">a link elsewhere is fine</a></p>'))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub/index.html").write_text("<!DOCTYPE html><html><body><p>sub</p></body></html>")
    (tmp_path / "bad.html").write_text(page(
        '<h1 id="here">Bad</h1>'
        '<p>Broken TeX <span class="math">\\(\\notacommand{x}\\)</span></p>'
        '<p>Unbalanced <span class="math">\\(\\frac{x\\)</span></p>'
        '<div class="tex2jax_ignore"><span class="math">\\(y\\)</span></div>'
        '<p>TeX left over: $x_1$</p>'
        '<img src="missing.png" alt="gone">'
        '<p><a href="nowhere.html">missing page</a> <a href="good.html#nope">missing anchor</a>'
        ' <a href="#absent">missing anchor here</a></p>'
        '<script>not_defined_anywhere();</script>',
        head='<script src="https://cdn.example.org/lib.js"></script>'))
    return tmp_path


def test_link_problems(site: Path):
    base = f"{ORIGIN}/good.html"
    ids = frozenset({"top"})
    assert bc.link_problem(site, base, "#top", ids) is None
    assert bc.link_problem(site, base, "bad.html#here", ids) is None
    assert bc.link_problem(site, base, "sub/", ids) is None
    assert bc.link_problem(site, base, "https://example.org/x", ids) is None
    assert "missing file" in bc.link_problem(site, base, "nowhere.html", ids)
    assert "missing anchor" in bc.link_problem(site, base, "bad.html#nope", ids)
    assert "missing anchor" in bc.link_problem(site, base, "#absent", ids)


def log(method: str, **params) -> dict:
    return {"message": json.dumps({"message": {"method": method, "params": params}})}


def test_request_problems():
    entries = [
        log("Network.requestWillBeSent", requestId="1", request={"url": f"{ORIGIN}/a.js"}),
        log("Network.responseReceived", requestId="1",
            response={"url": f"{ORIGIN}/a.js", "status": 200}),
        log("Network.requestWillBeSent", requestId="2", request={"url": f"{ORIGIN}/b.css"}),
        log("Network.responseReceived", requestId="2",
            response={"url": f"{ORIGIN}/b.css", "status": 404}),
        log("Network.requestWillBeSent", requestId="3",
            request={"url": "https://cdn.example.org/mathjax.js"}),
        log("Network.loadingFailed", requestId="3", errorText="net::ERR_NAME_NOT_RESOLVED"),
        log("Network.requestWillBeSent", requestId="4", request={"url": "data:image/png;x"}),
        log("Network.requestWillBeSent", requestId="5", request={"url": "chrome://resources/x"}),
        log("Network.requestWillBeSent", requestId="6", request={"url": f"{ORIGIN}/favicon.ico"}),
        log("Network.responseReceived", requestId="6",
            response={"url": f"{ORIGIN}/favicon.ico", "status": 404}),
    ]
    count, problems = bc.request_problems(entries, ORIGIN)
    assert count == 3
    assert problems == [f"HTTP 404 for {ORIGIN}/b.css",
                        "request to a non-local URL: https://cdn.example.org/mathjax.js"]


def test_pages_of_skips_assets(site: Path):
    (site / "_static").mkdir(exist_ok=True)
    (site / "_static/x.html").write_text("<p>asset</p>")
    assert [p.relative_to(site).as_posix() for p in bc.pages_of(site)] == [
        "bad.html", "good.html", "sub/index.html"]


def test_the_browser_sees_every_kind_of_defect(site: Path, tmp_path: Path):
    if not (Path(bc.CHROMIUM).is_file() and Path(bc.CHROMEDRIVER).is_file()):
        pytest.fail("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    mathjax = ROOT / "_vendor/_static/mathjax"
    if not (mathjax / "tex-mml-chtml.js").is_file():
        pytest.fail("no MathJax in _vendor/: run `make browser-check` or tools/vendor_mathjax.py")
    (site / "_static").mkdir()
    (site / "_static/mathjax").symlink_to(mathjax)
    shots = tmp_path / "shots"
    reports = {r.page: r for r in bc.run(site, shots)}
    good, bad = reports["good.html"], reports["bad.html"]
    assert good.problems == [], good.problems
    assert good.math_nodes == 2 and good.images == 1
    problems = "\n".join(bad.problems)
    for expected in (r"MathJax error: undefined macro \\notacommand",
                     r"math not rendered: '.*frac\{x", r"TeX left in the text: '.*\$x_1\$",
                     r"image did not load: http://127\.0\.0\.1:\d+/missing\.png",
                     r"link to a missing file: http://127\.0\.0\.1:\d+/nowhere\.html",
                     r"link to a missing anchor: http://\S+/good\.html#nope",
                     r"link to a missing anchor: http://\S+/bad\.html#absent",
                     r"request to a non-local URL: https://cdn\.example\.org/lib\.js",
                     r"browser console: .*not_defined_anywhere is not defined"):
        assert re.search(expected, problems), f"{expected!r} not reported in:\n{problems}"
    assert reports["sub/index.html"].problems == []
