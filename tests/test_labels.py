"""Docstrings cite equation labels that exist: every ``eq. (label)`` in src/ names a label of
book/ (a ``:label:`` of a math block or an algorithm, a ``$$ … $$ (label)`` equation, or a
``(label)=`` target)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

# "eq. (a)", "eqs. (a), (b) and (c)", "algorithm (a)": the citation and the labels after it
CITATION = re.compile(r"\b(?:eqs?\.|algorithm) (\([\w-]+\)(?:(?:,| and) \([\w-]+\))*)")
LABEL_IN_CITATION = re.compile(r"\(([\w-]+)\)")
DEFINITION = re.compile(
    r":label:\s*([\w-]+)"             # {math} or {prf:...} directive option
    r"|\$\$\s*\(([\w-]+)\)"           # $$ ... $$ (label)
    r"|^\(([\w-]+)\)=\s*$",           # (label)= target
    re.MULTILINE,
)


def cited_labels() -> dict[str, list[str]]:
    """Each label cited in src/, with where (file:line). Numbers, as in "eq. (1)", are a note's
    own equation numbers, not labels of the book."""
    cited: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for citation in CITATION.finditer(line):
                for label in LABEL_IN_CITATION.findall(citation.group(1)):
                    if not label.isdigit():
                        where = f"{path.relative_to(ROOT)}:{number}"
                        cited.setdefault(label, []).append(where)
    return cited


def book_labels() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md")]
    for path in (ROOT / "book").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        texts += [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    return {next(g for g in m.groups() if g) for t in texts for m in DEFINITION.finditer(t)}


def test_the_patterns_find_citations_and_labels():
    assert CITATION.search("see eqs. (a-b), (c) and (d_e).").group(1) == "(a-b), (c) and (d_e)"
    assert {"central-difference", "notation-rows", "n002-delta3"} <= set(cited_labels())
    assert {"central-difference", "notation-rows", "vf-backward-algorithm",
            "how-to-read-central-difference"} <= book_labels()


def test_every_label_cited_in_src_exists_in_the_book():
    labels = book_labels()
    missing = {label: where for label, where in cited_labels().items() if label not in labels}
    assert not missing, f"labels cited in src/ but defined nowhere in book/: {missing}"
