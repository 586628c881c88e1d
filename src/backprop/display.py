"""Claims on a page: the note's formula, the check run now, and the verdict (MyST Markdown).

`show_claim("000-b3-final")` runs the claim's check while the notebook executes and returns a
Markdown object that MyST-NB renders (``nb_render_markdown_format: myst``): the formula as the
note writes it, its place in the note, and the verdict; a claim that fails as written is shown
in a warning admonition with the residual SymPy found and the corrected formula beside it.
A verdict that differs from the expected one raises `UnexpectedVerdict`, so the page, and with
it the book build, fails instead of showing it.
"""

from __future__ import annotations

import re

import sympy as sp

from backprop.claims import FAILS, Claim, Result, all_claims, get_claim, run_claim

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
            ":::",
        ]
    return "\n".join(lines)


def _checked(claim: Claim) -> Result:
    result = run_claim(claim)
    if not result.as_expected:
        raise UnexpectedVerdict(
            f"claim {claim.id}: expected {claim.expected}, got {result.got} "
            f"({result.comparison.describe()})"
        )
    return result


def show_claim(claim_id: str):
    """Check one claim now and return it as Markdown for the page."""
    from IPython.display import Markdown

    return Markdown(claim_markdown(_checked(get_claim(claim_id))))


def show_claims(*claim_ids: str, note: str | None = None, prefix: str | None = None):
    """Check several claims (given by id, or all of a note, or all whose id starts with
    ``prefix``) and return them as one Markdown block, separated by rules."""
    from IPython.display import Markdown

    if claim_ids:
        claims = [get_claim(i) for i in claim_ids]
    else:
        claims = [c for c in all_claims(note) if prefix is None or c.id.startswith(prefix)]
    if not claims:
        raise KeyError(f"no claims selected (ids={claim_ids}, note={note}, prefix={prefix})")
    return Markdown("\n\n---\n\n".join(claim_markdown(_checked(c)) for c in claims))
