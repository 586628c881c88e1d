"""A Sphinx extension of the book's build, loaded by ``_config.yml`` (``sphinx.local_extensions``).

Three things the stock Jupyter Book 1 build gets wrong for this book:

1. **Every notebook is read, so executed, on every build.** Sphinx re-reads only the sources
   that changed since the last build in the same output folder; a notebook whose own file did
   not change kept the outputs of its last execution, even though ``execute_notebooks: force``
   and even though what it shows comes from ``src/backprop``: the errata and the verification
   index, made from the claim registry, went stale when a claim changed. Here every ``.ipynb``
   page is marked outdated (Markdown pages keep the incremental build).
2. **Each ``<script>`` is written once per page.** Sphinx 7.4 keeps an inline script that an
   extension adds after the builder started (``app.add_js_file(None, body=...)``) twice: once
   with the file name ``None`` and once, from the registry, with ``''``, which do not compare
   equal. sphinx-thebe adds ``const THEBE_JS_URL = ...`` that way, so every page declared the
   constant twice and the browser reported ``SyntaxError: Identifier 'THEBE_JS_URL' has
   already been declared`` (found by ``tools/browser_check.py``). The second copy is dropped.
3. **MathJax is loaded on every page**, not only on pages with math of their own: a page title
   with math (Part IV's "Notation: $d$ and $D$") is shown in the navigation of every page,
   and on a page without math it stayed raw TeX, ``\\(d\\)`` (found by the browser check).
"""

from __future__ import annotations

from typing import Any


def notebooks_outdated(app, env, added: set[str], changed: set[str], removed: set[str]) -> list:
    """``env-get-outdated`` handler: every notebook page, to be read (executed) again."""
    return sorted(
        doc for doc in env.found_docs
        if str(env.doc2path(doc)).endswith(".ipynb") and doc not in added | changed
    )


def _key(script: Any) -> tuple:
    """Scripts that differ only by a file name of None versus '' are the same script."""
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {})
    return (str(filename), getattr(script, "priority", None), tuple(sorted(attributes.items())))


def dedup_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context`` handler: remove repeated entries of ``script_files`` in place."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app) -> dict:
    app.set_html_assets_policy("always")
    app.connect("env-get-outdated", notebooks_outdated)
    app.connect("html-page-context", dedup_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
