"""backprop.report: the errata and verification-index tables the back matter renders."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp
import yaml
from markdown_it import MarkdownIt

from backprop.claims import Claim, all_claims
from backprop.display import UnexpectedVerdict
from backprop.report import (
    cell,
    check_claims,
    errata_markdown,
    index_markdown,
    page_link,
    summary_markdown,
)

ROOT = Path(__file__).resolve().parents[1]
x = sp.symbols("x")


def claim(cid: str, formula, expected: str, note: str = "000", **extra) -> Claim:
    """A one-line claim about d/dx x³ (SymPy's derivative is 3x²)."""
    if expected == "fails":
        extra = {"correction": r"3 x^2", "why": "the factor is 3, not 2 | not 4", **extra}
    return Claim(id=cid, note=note, step='step "d/dx"', name=f"d/dx x³ ({cid})",
                 latex=rf"\frac{{d}}{{dx}} x^3 = {sp.latex(formula(x))}", expected=expected,
                 instance=lambda: x, transcription=formula,
                 reference=lambda v: sp.diff(v**3, v), method="SymPy | one symbol",
                 page=f"book/test/{cid}", **extra)


RIGHT = claim("t-right", lambda v: 3 * v**2, "holds")
WRONG = claim("t-wrong", lambda v: 2 * v**2, "fails", note="004", reading="a guess")


def table_rows(markdown: str) -> list[list[str]]:
    """The cells of every table row, as a Markdown parser (GFM tables) splits them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row = [], None
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
    return rows


def test_check_claims_runs_the_checks_and_returns_the_verdicts():
    results = check_claims([RIGHT, WRONG])
    assert [r.got for r in results] == ["holds", "fails"]


def test_check_claims_raises_on_an_unexpected_verdict():
    flipped = claim("t-flipped", lambda v: 2 * v**2, "holds")
    with pytest.raises(UnexpectedVerdict, match="t-flipped: expected holds, got fails"):
        check_claims([RIGHT, flipped])


def test_errata_lists_only_failing_claims_with_formula_correction_and_link():
    md = errata_markdown(check_claims([RIGHT, WRONG]))
    assert "t-right" not in md
    assert "`t-wrong`" in md and "2 x^{2}" in md and "$$ 3 x^2 $$" in md
    assert "{doc}`/book/test/t-wrong`" in md and "a guess" in md
    rows = table_rows(md)
    assert len(rows) == 2  # header and one erratum
    assert rows[1][:2] == ["`t-wrong`", "004"]
    assert rows[1][3] == "the factor is 3, not 2 | not 4"  # the escaped pipe stays in its cell


def test_errata_follow_the_computed_verdict_not_the_expected_one():
    # A claim expected to hold that fails never reaches a table: check_claims raises first;
    # rendering results directly shows what the check found.
    wrong_but_expected_holds = claim("t-surprise", lambda v: 2 * v**2, "holds")
    from backprop.claims import run_claim

    md = errata_markdown([run_claim(wrong_but_expected_holds)])
    assert "t-surprise" in md


def test_index_has_one_row_per_claim_with_check_verdict_and_page():
    rows = table_rows(index_markdown(check_claims([RIGHT, WRONG])))
    assert len(rows) == 3
    assert all(len(r) == 6 for r in rows)
    assert rows[1][0] == "`t-right`" and rows[1][4] == "holds"
    assert rows[2][0] == "`t-wrong`" and rows[2][4] == "**fails as written**"
    assert rows[1][3].startswith("SymPy | one symbol; ")
    assert rows[2][5] == "{doc}`/book/test/t-wrong`"


def test_summary_counts_per_note():
    rows = table_rows(summary_markdown(check_claims([RIGHT, WRONG])))
    assert rows[1:] == [["000", "1", "1", "0"], ["004", "1", "0", "1"],
                        ["**all**", "**2**", "**1**", "**1**"]]


def test_empty_registry_renders_a_sentence():
    assert "no claims" in index_markdown([])
    assert "no claims" in summary_markdown([])
    assert "No claim" in errata_markdown([])


def test_cell_and_link():
    assert cell("a |\n b") == r"a \| b"
    assert cell(None) == ""
    assert page_link("book/part1/zero_hidden") == "{doc}`/book/part1/zero_hidden`"


def test_every_registered_claim_points_at_a_page_of_the_book():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {toc["root"]}
    for part in toc.get("parts", []):
        stack = list(part.get("chapters", []))
        while stack:
            entry = stack.pop()
            files.add(entry["file"])
            stack.extend(entry.get("sections", []))
    for c in all_claims():
        assert c.page in files, f"claim {c.id}: page {c.page} is not in _toc.yml"
