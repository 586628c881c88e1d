"""What a page concludes from its experiment, checked against the run the reader made.

A page's prose describes the book's own run. A reader who changes the parameters of an
experiment (the upper-case names at the top of its cell) may get a run that no longer shows
what the prose says: a learning rate at which the quadratic cost keeps up with the
cross-entropy, or a seed on which no digit is lost. Such a run is not an error, so the page
does not stop on an assertion; it says, conclusion by conclusion, which ones this run
supports. (What must hold whatever the parameters, a gradient, a shape, a count, stays an
assertion.)
"""

from __future__ import annotations

from collections.abc import Mapping

SUPPORTED = "✓"
NOT_SUPPORTED = "✗"


def conclusions(findings: Mapping[str, bool]) -> str:
    """One line per conclusion, marked ✓ when this run supports it and ✗ when it does not.

    When any is not supported, a last line says that the text around describes the book's
    own run, so that the reader knows which to believe.
    """
    if not findings:
        raise ValueError("no conclusions given")
    lines = [f"{SUPPORTED if bool(holds) else NOT_SUPPORTED} {statement}"
             + ("" if holds else "  (not in this run)")
             for statement, holds in findings.items()]
    if not all(bool(h) for h in findings.values()):
        lines.append("This run does not show everything the text says: the text describes "
                     "the book's own run, with the parameters this page is published with.")
    return "\n".join(lines)


def conclude(findings: Mapping[str, bool]) -> None:
    """Print `conclusions` (it returns nothing, so a page's cell shows only the lines)."""
    print(conclusions(findings))
