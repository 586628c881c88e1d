"""Open every page of the built book in headless Chromium and fail on what a reader would see.

    python tools/browser_check.py [_build/html] [--screenshots DIR] [--only PAGE ...]

The HTML build is served from 127.0.0.1 and each page is loaded in Debian's Chromium through
Debian's ChromeDriver (Selenium). A page fails when

* **math did not render**: a math node of the page holds no MathJax output, MathJax reports
  an error (an ``mjx-merror`` element) or an undefined macro (shown in red by MathJax's
  ``noundefined``), MathJax did not start, or TeX is left in the text outside code (a ``$``,
  ``\\(``, ``\\[`` or ``\\begin{``: the book has no other use for a dollar sign);
* **an image did not load** (``naturalWidth`` 0 once every image was asked to load eagerly);
* **an internal link or anchor does not resolve**: a link to this site whose file is missing,
  or whose ``#fragment`` names no ``id`` on the target page;
* **a request left the machine**: the page asked for anything not on 127.0.0.1 (the check
  starts Chromium with every other host name unresolvable, so such a request also fails and
  the page is seen as it would be offline), or a request to the local server failed;
* the browser logged a JavaScript error.

Links to other sites are not followed (they are links, not resources). Screenshots of a few
key pages are saved (full page, 1280 px wide) in ``_build/screenshots`` by default.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (Debian: ``apt-get install
chromium chromium-driver``) and the pinned ``selenium``; exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import json
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
    # Every host name but the local server's address is unresolvable: nothing is fetched from
    # elsewhere, and a page that needs it shows (and is reported) as it would offline.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
SKIP_DIRS = {"_static", "_sources", "_images", "_sphinx_design_static", "_panels_static"}
"""Folders of the build that hold assets, not pages."""
SCREENSHOT_PAGES = (
    "book/intro.html",
    "book/notation.html",
    "book/how_to_read.html",
    "book/back/errata.html",
    "book/back/verification_index.html",
    "book/back/references.html",
)
"""Pages photographed when they exist, plus the first page of each part (see `key_pages`)."""
NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")
IGNORED_REQUESTS = ("/favicon.ico",)
"""Requests the browser makes by itself, not the page: Chromium asks every site for an icon."""

PAGE_PROBE = r"""
const done = arguments[arguments.length - 1];
(async () => {
  const out = {mathjax: null, mathNodes: 0, unrendered: [], merrors: [], rawTex: [],
               images: [], ids: [], links: []};
  // Images: ask every image to load now (lazy ones would wait for a scroll), then wait.
  const imgs = Array.from(document.images);
  imgs.forEach(img => { img.loading = "eager"; });
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(r => {
    img.addEventListener("load", r); img.addEventListener("error", r);
    setTimeout(r, 10000);
  })));
  out.images = imgs.map(img => ({src: img.currentSrc || img.src, ok: img.naturalWidth > 0}));
  // MathJax: wait for the first typesetting to finish.
  const nodes = Array.from(document.querySelectorAll("span.math, div.math"));
  out.mathNodes = nodes.length;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    try { await MathJax.startup.promise; out.mathjax = "ok"; }
    catch (e) { out.mathjax = "error: " + e; }
  } else {
    out.mathjax = "absent";
  }
  nodes.forEach(n => {
    if (!n.querySelector("mjx-container")) out.unrendered.push(n.textContent.slice(0, 120));
  });
  document.querySelectorAll("mjx-merror").forEach(e => {
    out.merrors.push((e.getAttribute("data-mjx-error") || e.textContent).slice(0, 200));
  });
  // An unknown macro is not an error for MathJax: it shows its name in red (noundefined).
  document.querySelectorAll("mjx-assistive-mml mtext[mathcolor]").forEach(e => {
    if (e.textContent.startsWith("\\")) out.merrors.push("undefined macro " + e.textContent);
  });
  // TeX left in the text, outside code, scripts and MathJax's own output.
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const tex = /\$|\\\(|\\\[|\\begin\{/;  // a dollar sign outside code is left-over math
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t.parentElement && t.parentElement.closest(skip)) continue;
    const m = t.textContent.match(tex);
    if (m) out.rawTex.push(t.textContent.trim().slice(0, 160));
  }
  out.ids = Array.from(document.querySelectorAll("[id]")).map(e => e.id)
    .concat(Array.from(document.querySelectorAll("a[name]")).map(e => e.getAttribute("name")));
  out.links = Array.from(document.querySelectorAll("a[href]")).map(a => a.href);
  done(out);
})().catch(e => done({fatal: String(e)}));
"""


@dataclass
class PageReport:
    """What the check found on one page."""

    page: str
    problems: list[str] = field(default_factory=list)
    math_nodes: int = 0
    images: int = 0
    links: int = 0
    requests: int = 0


class _IdParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


@functools.cache
def ids_in(path: Path) -> frozenset[str]:
    """Every ``id`` (and ``<a name>``) in a saved HTML file."""
    parser = _IdParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def pages_of(site: Path) -> list[Path]:
    """Every HTML page of the build, outside the asset folders, in a stable order."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if not SKIP_DIRS.intersection(rel.parts[:-1]):
            pages.append(path)
    return pages


def local_target(site: Path, base: str, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to, or None for a link elsewhere.

    ``base`` is the page's URL on the local server (``http://127.0.0.1:PORT/...``).
    """
    url = urljoin(base, href)
    parts, origin = urlsplit(url), urlsplit(base)
    if parts.scheme not in ("http", "https") or parts.netloc != origin.netloc:
        return None
    path = site / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def link_problem(site: Path, base: str, href: str, page_ids: frozenset[str]) -> str | None:
    """Why an internal link does not resolve, or None when it does (or is not internal)."""
    target = local_target(site, base, href)
    if target is None:
        return None
    path, fragment = target
    if not path.is_file():
        return f"link to a missing file: {href}"
    if not fragment:
        return None
    same_page = urlsplit(urljoin(base, href)).path == urlsplit(base).path
    ids = page_ids if same_page else (ids_in(path) if path.suffix == ".html" else None)
    if ids is not None and fragment not in ids:
        return f"link to a missing anchor: {href}"
    return None


def request_problems(log: list[dict], origin: str) -> tuple[int, list[str]]:
    """From Chromium's performance log: how many requests the page made, and the bad ones.

    Only requests that go over the network count (``http``, ``https``, ``ws``, ``wss``, ``ftp``);
    bad: any of them not to ``origin``, any failed local request, any local response with
    status 400 or more.
    """
    urls: dict[str, str] = {}
    problems: list[str] = []
    for entry in log:
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if urlsplit(url).scheme not in NETWORK_SCHEMES:
                continue  # data:, blob:, and the browser's own chrome:// pages
            urls[params["requestId"]] = url
            if urlsplit(url).path in IGNORED_REQUESTS:
                continue
            if not url.startswith(origin):
                problems.append(f"request to a non-local URL: {url}")
        elif method == "Network.responseReceived":
            url, status = params["response"]["url"], params["response"]["status"]
            if status >= 400 and urlsplit(url).path not in IGNORED_REQUESTS:
                problems.append(f"HTTP {status} for {url}")
        elif method == "Network.loadingFailed":
            url = urls.get(params["requestId"], "?")
            if url.startswith(origin) and urlsplit(url).path not in IGNORED_REQUESTS:
                problems.append(f"request failed ({params.get('errorText')}): {url}")
    ignored = sum(urlsplit(u).path in IGNORED_REQUESTS for u in urls.values())
    return len(urls) - ignored, sorted(set(problems))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """Serve ``site`` on 127.0.0.1 (a free port) from a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_browser(profile: Path):
    """Headless Chromium under ChromeDriver, with the flags above and a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for tool in (CHROMIUM, CHROMEDRIVER):
        if not Path(tool).is_file():
            raise SystemExit(f"{tool} is missing: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    return driver


def screenshot(driver, path: Path, width: int = 1280, max_height: int = 8000) -> None:
    """A full-page PNG (up to ``max_height`` CSS pixels tall): the window is made as tall as
    the page for the shot (a plain capture beyond the viewport shifts the theme's sticky
    sidebars), then restored."""
    height = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": int(min(height, max_height)), "deviceScaleFactor": 1,
        "mobile": False})
    try:
        time.sleep(0.3)  # let the layout settle at the new size
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


def check_page(driver, site: Path, page: Path, origin: str) -> PageReport:
    """Load one page and collect its problems (see the module docstring)."""
    rel = page.relative_to(site).as_posix()
    report = PageReport(rel)
    driver.get_log("performance")  # drop what earlier pages left
    driver.get_log("browser")
    url = f"{origin}/{rel}"
    driver.get(url)
    probe = driver.execute_async_script(PAGE_PROBE)
    if "fatal" in probe:
        report.problems.append(f"the page probe failed: {probe['fatal']}")
        return report
    report.math_nodes = probe["mathNodes"]
    if probe["mathNodes"] and probe["mathjax"] != "ok":
        report.problems.append(f"the page has math but MathJax is {probe['mathjax']}")
    report.problems += [f"math not rendered: {t!r}" for t in probe["unrendered"]]
    report.problems += [f"MathJax error: {t}" for t in probe["merrors"]]
    report.problems += [f"TeX left in the text: {t!r}" for t in probe["rawTex"]]
    report.images = len(probe["images"])
    report.problems += [f"image did not load: {i['src']}" for i in probe["images"] if not i["ok"]]
    page_ids = frozenset(probe["ids"])
    report.links = len(probe["links"])
    for href in sorted(set(probe["links"])):
        problem = link_problem(site, url, href, page_ids)
        if problem:
            report.problems.append(problem)
    time.sleep(0.2)  # let the last network events of the page reach the log
    report.requests, problems = request_problems(driver.get_log("performance"), origin)
    report.problems += problems
    for entry in driver.get_log("browser"):
        text = entry.get("message", "")
        if entry.get("level") == "SEVERE" and not any(i in text for i in IGNORED_REQUESTS):
            report.problems.append(f"browser console: {text[:300]}")
    # Each page is seen as on a first visit: nothing remembered from the pages before it.
    driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    return report


def key_pages(site: Path, pages: list[Path]) -> list[Path]:
    """The pages to photograph: `SCREENSHOT_PAGES` that exist, and the first page of each
    part of ``_toc.yml`` (when the build is this repository's)."""
    chosen = [site / p for p in SCREENSHOT_PAGES if (site / p).is_file()]
    toc = ROOT / "_toc.yml"
    if toc.is_file():
        import yaml

        for part in yaml.safe_load(toc.read_text()).get("parts", []):
            chapters = part.get("chapters") or []
            if chapters:
                first = site / f"{chapters[0]['file']}.html"
                if first in pages and first not in chosen:
                    chosen.append(first)
    return chosen


def run(site: Path, screenshots: Path | None, only: list[str] | None = None) -> list[PageReport]:
    """Check every page (or only those whose path contains one of ``only``)."""
    pages = pages_of(site)
    if only:
        pages = [p for p in pages if any(o in p.relative_to(site).as_posix() for o in only)]
    if not pages:
        raise SystemExit(f"no HTML pages under {site}")
    photograph = set(key_pages(site, pages)) if screenshots else set()
    if screenshots and screenshots.is_dir():
        for old in screenshots.glob("*.png"):  # no stale pictures from an earlier run
            old.unlink()
    server = serve(site)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    profile = Path(tempfile.mkdtemp(prefix="browser-check-profile-"))
    driver = start_browser(profile)
    reports = []
    try:
        for page in pages:
            report = check_page(driver, site, page, origin)
            reports.append(report)
            if page in photograph:
                name = report.page.removesuffix(".html").replace("/", "__") + ".png"
                screenshot(driver, screenshots / name)
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    return reports


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "html",
                        help="the HTML build (default: %(default)s)")
    parser.add_argument("--screenshots", type=Path, default=None,
                        help="where to save screenshots (default: <site>/../screenshots)")
    parser.add_argument("--no-screenshots", action="store_true", help="take none")
    parser.add_argument("--only", nargs="*", help="check only pages whose path contains these")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    shots = None if args.no_screenshots else (args.screenshots or site.parent / "screenshots")
    start = time.perf_counter()
    reports = run(site, shots, args.only)
    bad = [r for r in reports if r.problems]
    for r in reports:
        status = "FAIL" if r.problems else "ok  "
        print(f"{status} {r.page}: {r.math_nodes} math, {r.images} images, {r.links} links, "
              f"{r.requests} requests")
        for problem in r.problems:
            print(f"       - {problem}")
    seconds = time.perf_counter() - start
    print(f"{len(reports)} pages checked in {seconds:.0f} s"
          + (f"; screenshots in {shots}" if shots else ""))
    print(f"browser-check: {len(reports) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
