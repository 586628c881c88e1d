"""backprop.display: the errata and verification-index tables the back matter renders."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp
import yaml
from markdown_it import MarkdownIt

from backprop.claims import Claim, all_claims, run_claim
from backprop.display import (
    UnexpectedVerdict,
    cell,
    check_claims,
    errata_markdown,
    index_markdown,
    page_link,
    plain_text,
    summary_markdown,
)

ROOT = Path(__file__).resolve().parents[1]
x = sp.symbols("x")


def claim(cid: str, formula, expected: str, note: str = "000", **extra) -> Claim:
    """A one-line claim about d/dx x³ (SymPy's derivative is 3x²)."""
    if expected == "fails":
        extra = {"correction": r"3 x^2", "why": "the factor is 3, not 2 | not 4",
                 "corrected": lambda v: 3 * v**2, **extra}
    return Claim(id=cid, note=note, step='step "d/dx"', name=f"d/dx x³ ({cid})",
                 latex=rf"\frac{{d}}{{dx}} x^3 = {sp.latex(formula(x))}", expected=expected,
                 instance=lambda: x, transcription=formula,
                 reference=lambda v: sp.diff(v**3, v), method="SymPy | one symbol",
                 page=f"book/test/{cid}", **extra)


RIGHT = claim("t-right", lambda v: 3 * v**2, "holds")
WRONG = claim("t-wrong", lambda v: 2 * v**2, "fails", note="004", reading="a guess")


def tables(markdown: str) -> list[list[list[str]]]:
    """Every table of the Markdown (each inside a MyST ``{table}`` directive), as a Markdown
    parser (GFM tables) splits it into rows and cells."""
    found = []
    for block in markdown.split("```{table}")[1:]:
        body = block.split("```")[0]
        lines = [ln for ln in body.splitlines() if ln.startswith("|")]
        tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(lines))
        rows, row = [], None
        for tok in tokens:
            if tok.type == "tr_open":
                row = []
            elif tok.type == "inline" and row is not None:
                row.append(tok.content)
            elif tok.type == "tr_close":
                rows.append(row)
                row = None
        found.append(rows)
    return found


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
    assert "shown on {doc}`/book/test/t-wrong`" in md and 'step "d/dx"' in md
    assert "a guess" in md and "**corrected: holds**" in md
    [rows] = tables(md)
    assert rows == [["claim", "note", "what is wrong"],
                    ["{doc}`t-wrong </book/test/t-wrong>`", "004",
                     "the factor is 3, not 2 | not 4"]]  # the escaped pipe stays in its cell


def test_errata_follow_the_computed_verdict_not_the_expected_one():
    # A claim expected to hold that fails never reaches a table: check_claims raises first;
    # rendering results directly shows what the check found.
    wrong_but_expected_holds = claim("t-surprise", lambda v: 2 * v**2, "holds")
    md = errata_markdown([run_claim(wrong_but_expected_holds)])
    assert "t-surprise" in md


def test_index_has_one_row_per_claim_with_check_verdict_and_page():
    md = index_markdown(check_claims([RIGHT, WRONG]))
    assert "**Note 000**: 1 claims, shown on {doc}`/book/test/t-right`." in md
    first, second = tables(md)
    assert all(len(r) == 4 for r in first + second)
    assert first[1][0] == "{doc}`t-right </book/test/t-right>`" and first[1][3] == "holds"
    assert second[1][0] == "{doc}`t-wrong </book/test/t-wrong>`"
    assert second[1][3] == "**fails as written**; corrected: holds"
    assert first[1][2].startswith("SymPy | one symbol; ")


def test_summary_counts_per_note():
    [rows] = tables(summary_markdown(check_claims([RIGHT, WRONG])))
    assert [r[:4] for r in rows[1:]] == [["000", "1", "1", "0"], ["004", "1", "0", "1"],
                                         ["**all**", "**2**", "**1**", "**1**"]]
    assert rows[2][4] == "{doc}`/book/test/t-wrong`"


def test_empty_registry_renders_a_sentence():
    assert "no claims" in index_markdown([])
    assert "no claims" in summary_markdown([])
    assert "No claim" in errata_markdown([])


def test_prose_escapes_underscores_outside_math_and_code():
    quoted = 'step "p̂_{n,k} = exp(p_{n,k}) / Σ_{z=0}" with $a_{k}$ and `x_1`'
    assert plain_text(quoted) == (r'step "p̂\_{n,k} = exp(p\_{n,k}) / Σ\_{z=0}" with $a_{k}$'
                             " and `x_1`")
    tokens = MarkdownIt("commonmark").parse(plain_text("exp(p⁽³⁾_{n,k}) / Σ_{z=0}"))
    assert not any(t.type == "em_open" for t in tokens[1].children)
    tokens = MarkdownIt("commonmark").parse("exp(p⁽³⁾_{n,k}) / Σ_{z=0}")
    assert any(t.type == "em_open" for t in tokens[1].children)  # what the escape prevents


def test_cell_and_link():
    assert cell("a |\n b") == r"a \| b"
    assert cell(None) == ""
    assert page_link("book/part1/zero_hidden") == "{doc}`/book/part1/zero_hidden`"
    assert page_link("book/x", "an id") == "{doc}`an id </book/x>`"


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
