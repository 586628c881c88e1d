"""The build's helpers in tools/: the MathJax vendoring and the Sphinx extension of the book."""

from __future__ import annotations

import importlib.util
import io
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


vendor = load("vendor_mathjax")
ext = load("book_build_ext")


def npm_tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_integrity_is_npm_style_sha512(tmp_path: Path):
    f = tmp_path / "x"
    f.write_bytes(b"abc")
    # echo -n abc | openssl dgst -sha512 -binary | base64
    assert vendor.integrity_of(f) == (
        "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
    )


def test_unpack_takes_es5_and_the_licence_only(tmp_path: Path):
    tgz = npm_tarball(tmp_path / "mathjax.tgz", {
        "package/es5/tex-mml-chtml.js": b"// entry",
        "package/es5/output/chtml/fonts/woff-v2/a.woff": b"font",
        "package/LICENSE": b"Apache",
        "package/js/source.js": b"not needed",
    })
    dest = tmp_path / "out" / "mathjax"
    assert vendor.unpack_es5(tgz, dest) == 3
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "LICENSE", "VERSION", "output/chtml/fonts/woff-v2/a.woff", "tex-mml-chtml.js"]
    assert vendor.is_current(dest)
    (dest / "VERSION").write_text("3.0.0\n")
    assert not vendor.is_current(dest)


def test_unpack_refuses_a_tarball_without_the_entry_point(tmp_path: Path):
    tgz = npm_tarball(tmp_path / "bad.tgz", {"package/es5/other.js": b""})
    with pytest.raises(RuntimeError, match="tex-mml-chtml.js"):
        vendor.unpack_es5(tgz, tmp_path / "mathjax")


def test_the_config_points_mathjax_at_the_vendored_copy():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    assert config["mathjax_path"] == "mathjax/" + vendor.ENTRY  # relative to _static
    assert config["html_extra_path"] == ["_vendor"]
    assert vendor.DEST.relative_to(ROOT).as_posix() == "_vendor/_static/mathjax"


def script(filename, priority=500, **attributes):
    return SimpleNamespace(filename=filename, priority=priority, attributes=attributes)


def test_dedup_scripts_drops_the_second_copy_of_an_inline_script():
    thebe = 'const THEBE_JS_URL = "x"'
    scripts = [script("_static/a.js"), script(None, body=thebe), script("_static/b.js"),
               script("", body=thebe), script(None, body="var other = 1")]
    context = {"script_files": scripts}
    ext.dedup_scripts(None, "page", "page.html", context, None)
    assert [(s.filename, s.attributes.get("body")) for s in context["script_files"]] == [
        ("_static/a.js", None), (None, thebe), ("_static/b.js", None), (None, "var other = 1")]


def test_every_notebook_is_outdated():
    env = SimpleNamespace(found_docs={"book/intro", "book/how_to_read", "book/back/errata"},
                          doc2path=lambda d: f"/src/{d}.md" if d == "book/how_to_read"
                          else f"/src/{d}.ipynb")
    assert ext.notebooks_outdated(None, env, set(), set(), set()) == [
        "book/back/errata", "book/intro"]
    assert ext.notebooks_outdated(None, env, set(), {"book/intro"}, set()) == [
        "book/back/errata"]


def test_the_notebooks_kernel_logs_no_transport_warning():
    """`make setup` installs tools/kernel as "python3": ipykernel with its log at ERROR, so a
    build with warnings as errors shows no "running over TCP without encryption" line."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert "--IPKernelApp.log_level=ERROR" in spec.argv
