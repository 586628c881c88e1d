"""The book-wide tables generated from the claim registry: the errata and the verification index.

The back-matter pages call `check_claims` while the book is built: every claim's check runs
then (`backprop.claims.run_claim`), a verdict that differs from the expected one raises
`backprop.display.UnexpectedVerdict` (so the page, and the build, fails), and the results are
rendered as MyST Markdown tables that MyST-NB renders like the rest of the page
(``nb_render_markdown_format: myst``):

* `errata_markdown`: every claim whose verdict is *fails as written*, with its note, step,
  what is wrong, the formula as written, the correction, and a link to its page;
* `index_markdown`: every claim, its check, its verdict and its page;
* `summary_markdown`: the counts per note.

Nothing here knows which claims exist: the tables are whatever the registry holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from backprop.claims import FAILS, HOLDS, Claim, Result, run_claim, run_claims
from backprop.display import UnexpectedVerdict

VERDICT_WORDS = {HOLDS: "holds", FAILS: "fails as written"}
"""How a verdict is written in the book."""


def check_claims(claims: Iterable[Claim] | None = None) -> list[Result]:
    """Run the check of every claim (default: the whole registry), now.

    Raises `UnexpectedVerdict` naming every claim whose verdict differs from the expected one.
    """
    results = run_claims() if claims is None else [run_claim(c) for c in claims]
    wrong = [r for r in results if not r.as_expected]
    if wrong:
        lines = [f"{r.claim.id}: expected {r.claim.expected}, got {r.got} "
                 f"({r.comparison.describe()})" for r in wrong]
        raise UnexpectedVerdict(f"{len(wrong)} unexpected verdict(s):\n" + "\n".join(lines))
    return results


def cell(text: str | None) -> str:
    """Text made safe for one cell of a Markdown table: one line, ``|`` escaped."""
    if not text:
        return ""
    return " ".join(str(text).split()).replace("|", r"\|")


def page_link(page: str) -> str:
    """A MyST ``{doc}`` link to a page by its docname (the link text is the page's title).

    A page that is not in the book makes the build fail (unknown document), as it should.
    """
    return f"{{doc}}`/{page.strip('/')}`"


def verdict_word(result: Result) -> str:
    """``holds`` or ``fails as written``: the verdict computed for this result."""
    return VERDICT_WORDS[result.got]


def summary_markdown(results: list[Result]) -> str:
    """One table row per note: how many claims, how many hold, how many fail as written."""
    if not results:
        return "The registry holds no claims yet."
    notes = sorted({r.claim.note for r in results})
    lines = ["| note | claims | hold | fail as written |", "|---|---:|---:|---:|"]
    for note in notes:
        rows = [r for r in results if r.claim.note == note]
        fails = sum(r.got == FAILS for r in rows)
        lines.append(f"| {note} | {len(rows)} | {len(rows) - fails} | {fails} |")
    fails = sum(r.got == FAILS for r in results)
    lines.append(f"| **all** | **{len(results)}** | **{len(results) - fails}** | **{fails}** |")
    return "\n".join(lines)


def index_markdown(results: list[Result]) -> str:
    """The verification index: claim → its check → its verdict → its page, one row each."""
    if not results:
        return "The registry holds no claims yet."
    lines = [
        "| claim | note | what it says | check | verdict | page |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r.claim
        check = f"{cell(c.method)}; {cell(r.comparison.describe_method())}"
        verdict = verdict_word(r)
        if r.got == FAILS:
            verdict = f"**{verdict}**"
        lines.append(
            f"| `{c.id}` | {c.note} | {cell(c.name)} | {check} | {verdict} | {page_link(c.page)} |"
        )
    return "\n".join(lines)


def errata_markdown(results: list[Result]) -> str:
    """The errata: every result whose verdict is *fails as written*.

    First a table (claim, note, step, what is wrong, page), then for each erratum the formula
    as the note writes it and the corrected one, in display math (too wide for a table cell).
    """
    failing = [r for r in results if r.got == FAILS]
    if not failing:
        return "No claim of the registry fails its check."
    lines = ["| claim | note | step | what is wrong | page |", "|---|---|---|---|---|"]
    for r in failing:
        c = r.claim
        lines.append(f"| `{c.id}` | {c.note} | {cell(c.step)} | {cell(c.why)} | "
                     f"{page_link(c.page)} |")
    for r in failing:
        c = r.claim
        lines += [
            "",
            "---",
            "",
            f"**`{c.id}`**: {c.name} (note {c.note}, {c.step}; shown on {page_link(c.page)})",
            "",
            "As written in the note:",
            "",
            f"$$ {c.latex} $$",
            "",
            "Corrected:",
            "",
            f"$$ {c.correction} $$",
        ]
        if c.reading:
            lines += ["", f"*Reading of the OCR:* {c.reading}"]
    return "\n".join(lines)


def show_summary(results: list[Result]):
    """`summary_markdown` as a Markdown object for a page."""
    from IPython.display import Markdown

    return Markdown(summary_markdown(results))


def show_index(results: list[Result]):
    """`index_markdown` as a Markdown object for a page."""
    from IPython.display import Markdown

    return Markdown(index_markdown(results))


def show_errata(results: list[Result]):
    """`errata_markdown` as a Markdown object for a page."""
    from IPython.display import Markdown

    return Markdown(errata_markdown(results))
