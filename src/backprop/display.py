"""Claims rendered as MyST Markdown: on a page, in the errata and in the verification index.

Every claim shown is checked now, while the notebook executes, through one path,
`check_claims`: a verdict that differs from the expected one (or a correction that does not
hold) raises `UnexpectedVerdict`, so the page, and with it the book build, fails instead of
showing it. MyST-NB renders the Markdown (``nb_render_markdown_format: myst``).

* `show_claim("000-b3-final")`, `show_claims(...)`: one claim, or several, as on a page: the
  formula as the note writes it, its place in the note, and the verdict; a claim that fails as
  written is shown in a warning admonition with the residual SymPy found, the corrected formula
  and the verdict of the correction;
* `errata_markdown`: every claim whose verdict is *fails as written*, with its note, step, what
  is wrong, the formula as written, the correction, and a link to its page;
* `index_markdown`: every claim, its check, its verdict and its page;
* `summary_markdown`: the counts per note.

Nothing here knows which claims exist: the tables are whatever the registry holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sympy as sp
from IPython.display import Markdown

from backprop.claims import FAILS, HOLDS, Claim, Result, all_claims, get_claim, run_claim

_MATH_OR_CODE = re.compile(r"(\$\$.*?\$\$|\$[^$]*\$|`[^`]*`)", re.S)


def plain_text(text: str | None) -> str:
    """A claim's prose made safe for Markdown: ``_`` escaped outside ``$…$`` and backticks.

    The claims write subscripts as ``p̂_{m,k}``; two of them on a line would otherwise turn
    the text between them into emphasis.
    """
    if not text:
        return ""
    parts = _MATH_OR_CODE.split(str(text))
    return "".join(part if i % 2 else part.replace("_", r"\_") for i, part in enumerate(parts))


class UnexpectedVerdict(AssertionError):
    """A claim's check gave another verdict than the registry expects."""


def _residual_latex(result: Result) -> str:
    comp = result.comparison
    if comp.residual is None:
        return ""
    text = ""
    if comp.symbolic_residual is not None:
        text = f"$$ {sp.latex(comp.symbolic_residual)} $$\n\nsimplified by SymPy; its value is\n\n"
    text += f"$$ {sp.latex(comp.residual)} $$"
    if comp.point:
        pairs = [f"{sp.latex(k)} = {v}" for k, v in comp.point.items()]
        shown = ", ".join(pairs[:8]) + (", \\dots" if len(pairs) > 8 else "")
        text += f"\n\nat the integer point ${shown}$ (with $e$ Euler's number)."
    return text


def claim_markdown(result: Result) -> str:
    """The MyST Markdown for one checked claim (see the module docstring)."""
    c: Claim = result.claim
    where = f"note {c.note}, {plain_text(c.step)}"
    lines = [f"**Claim `{c.id}`**: {plain_text(c.name)} ({where})", "", f"$$ {c.latex} $$", ""]
    if c.reading:
        lines += [f"*Reading of the OCR:* {plain_text(c.reading)}", ""]
    verdict = "holds" if result.got != FAILS else "fails as written"
    lines += [f"Verdict, computed now: **{verdict}**; {result.comparison.describe_method()}."]
    if result.got == FAILS:
        lines += [
            "",
            ":::{admonition} The note's formula fails its check",
            ":class: warning",
            plain_text(c.why) if c.why else "",
            "",
            *(["The difference between the formula as written and SymPy's derivative is",
               "", _residual_latex(result)] if result.comparison.residual is not None else
              [f"No difference can be formed, so the check cannot compare the two entry by "
               f"entry: {result.comparison.method}."]),
            "",
            "**Corrected:**",
            "",
            f"$$ {c.correction} $$" if c.correction else "(no correction recorded)",
            *(["", corrected_sentence(result)] if result.corrected is not None else []),
            ":::",
        ]
    return "\n".join(lines)


def corrected_sentence(result: Result) -> str:
    """The verdict of the claim's correction, checked now, in one sentence."""
    assert result.corrected is not None and result.corrected_got is not None
    return (f"Verdict of the correction, computed now: **corrected: "
            f"{VERDICT_WORDS[result.corrected_got]}**; {result.corrected.describe_method()}.")


def check_claims(claims: Iterable[Claim] | None = None) -> list[Result]:
    """Run the check of every claim (default: the whole registry) and of its correction, now.

    Raises `UnexpectedVerdict` naming every claim whose verdict differs from the expected one
    or whose correction does not hold.
    """
    results = [run_claim(c) for c in (all_claims() if claims is None else claims)]
    wrong = [r.surprise() for r in results if not r.as_expected]
    if wrong:
        raise UnexpectedVerdict(f"{len(wrong)} unexpected verdict(s):\n" + "\n".join(wrong))
    return results


VERDICT_WORDS = {HOLDS: "holds", FAILS: "fails as written"}
"""How a verdict is written in the book."""


def cell(text: str | None) -> str:
    """Text made safe for one cell of a Markdown table: `prose`, one line, ``|`` escaped."""
    if not text:
        return ""
    return " ".join(plain_text(text).split()).replace("|", r"\|")


def page_link(page: str, text: str | None = None) -> str:
    """A MyST ``{doc}`` link to a page by its docname; the link text is the page's title, or
    ``text``. A page that is not in the book makes the build fail (unknown document)."""
    target = "/" + page.strip("/")
    return f"{{doc}}`{text} <{target}>`" if text else f"{{doc}}`{target}`"


def verdict_word(result: Result) -> str:
    """``holds`` or ``fails as written``: the verdict computed for this result."""
    return VERDICT_WORDS[result.got]


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A Markdown table inside a MyST ``{table}`` directive with the class ``claims-table``
    (set smaller by the book's CSS); ``align`` is one of ``l``/``r`` per column."""
    align = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["```{table}", ":class: claims-table", "",
             "| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("```")
    return "\n".join(lines)


def _notes(results: list[Result]) -> list[str]:
    return sorted({r.claim.note for r in results})


def _pages(results: list[Result]) -> list[str]:
    """The pages of these results, in order of first appearance."""
    return list(dict.fromkeys(r.claim.page for r in results))


def summary_markdown(results: list[Result]) -> str:
    """One table row per note: how many claims, how many hold, how many fail as written."""
    if not results:
        return "The registry holds no claims yet."
    rows = []
    for note in _notes(results):
        part = [r for r in results if r.claim.note == note]
        fails = sum(r.got == FAILS for r in part)
        pages = ", ".join(page_link(p) for p in _pages(part))
        rows.append([note, str(len(part)), str(len(part) - fails), str(fails), pages])
    fails = sum(r.got == FAILS for r in results)
    rows.append(["**all**", f"**{len(results)}**", f"**{len(results) - fails}**",
                 f"**{fails}**", ""])
    return table(["note", "claims", "hold", "fail as written", "shown on"], rows, "lrrrl")


def index_markdown(results: list[Result]) -> str:
    """The verification index: claim → its check → its verdict → its page, one row each,
    in one table per note. The claim's id links to the page that shows it."""
    if not results:
        return "The registry holds no claims yet."
    blocks = []
    for note in _notes(results):
        part = [r for r in results if r.claim.note == note]
        pages = ", ".join(page_link(p) for p in _pages(part))
        rows = []
        for r in part:
            c = r.claim
            check = f"{cell(c.method)}; {cell(r.comparison.describe_method())}"
            verdict = verdict_word(r)
            if r.got == FAILS:
                verdict = f"**{verdict}**"
            if r.corrected_got is not None:
                verdict += f"; corrected: {VERDICT_WORDS[r.corrected_got]}"
            rows.append([page_link(c.page, c.id), cell(c.name), check, verdict])
        blocks.append(f"**Note {note}**: {len(part)} claims, shown on {pages}.\n\n"
                      + table(["claim", "what it says", "check", "verdict"], rows))
    return "\n\n".join(blocks)


def errata_markdown(results: list[Result]) -> str:
    """The errata: every result whose verdict is *fails as written*.

    First a table (claim, linked to its page; what is wrong), then for each erratum its
    place in the note, the formula as written and the corrected one, in display math (too
    wide for a table cell).
    """
    failing = [r for r in results if r.got == FAILS]
    if not failing:
        return "No claim of the registry fails its check."
    rows = [[page_link(r.claim.page, r.claim.id), r.claim.note, cell(r.claim.why)]
            for r in failing]
    lines = [table(["claim", "note", "what is wrong"], rows)]
    for r in failing:
        c = r.claim
        lines += [
            "",
            "---",
            "",
            f"**`{c.id}`**: {plain_text(c.name)}",
            "",
            f"Note {c.note}, {plain_text(c.step)}; shown on {page_link(c.page)}.",
            "",
            "As written in the note:",
            "",
            f"$$ {c.latex} $$",
            "",
            "Corrected:",
            "",
            f"$$ {c.correction} $$",
        ]
        if r.corrected is not None:
            lines += ["", corrected_sentence(r)]
        if c.reading:
            lines += ["", f"*Reading of the OCR:* {plain_text(c.reading)}"]
    return "\n".join(lines)


def show_claim(claim_id: str) -> Markdown:
    """Check one claim now and return it as Markdown for the page."""
    return show_claims(claim_id)


def show_claims(*claim_ids: str, note: str | None = None, prefix: str | None = None) -> Markdown:
    """Check several claims (given by id, or all of a note, or all whose id starts with
    ``prefix``) and return them as one Markdown block, separated by rules."""
    if claim_ids:
        claims = [get_claim(i) for i in claim_ids]
    else:
        claims = [c for c in all_claims(note) if prefix is None or c.id.startswith(prefix)]
    if not claims:
        raise KeyError(f"no claims selected (ids={claim_ids}, note={note}, prefix={prefix})")
    return Markdown("\n\n---\n\n".join(claim_markdown(r) for r in check_claims(claims)))


def show_summary(results: list[Result]) -> Markdown:
    """`summary_markdown` as a Markdown object for a page."""
    return Markdown(summary_markdown(results))


def show_index(results: list[Result]) -> Markdown:
    """`index_markdown` as a Markdown object for a page."""
    return Markdown(index_markdown(results))


def show_errata(results: list[Result]) -> Markdown:
    """`errata_markdown` as a Markdown object for a page."""
    return Markdown(errata_markdown(results))
