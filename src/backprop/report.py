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
from backprop.display import UnexpectedVerdict, plain_text

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


prose = plain_text
"""A registry text (step, name, why, reading, method) made safe for Markdown (`plain_text`)."""


def cell(text: str | None) -> str:
    """Text made safe for one cell of a Markdown table: `prose`, one line, ``|`` escaped."""
    if not text:
        return ""
    return " ".join(prose(text).split()).replace("|", r"\|")


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
            f"**`{c.id}`**: {prose(c.name)}",
            "",
            f"Note {c.note}, {prose(c.step)}; shown on {page_link(c.page)}.",
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
            lines += ["", f"*Reading of the OCR:* {prose(c.reading)}"]
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
