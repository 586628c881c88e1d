"""The claim registry: every equation the notes write down, with its check and verdict.

A `Claim` holds where the equation stands (note file, step quoted by its opening words), the
LaTeX as the note writes it, the expected verdict (``"holds"`` or ``"fails"``, with the
corrected LaTeX beside a failing one and its executable form, ``corrected``), and how to check
it:

* ``instance()`` builds the small SymPy instance the check works on (cached per note module);
* ``transcription(inst)`` is the note's formula, transcribed literally as a SymPy expression;
* ``reference(inst)`` is what it must equal: SymPy's own derivative of the loss as the note
  defines it (``sympy.diff``), or, for a definition, the definition written independently.

`Claim.verify` compares the two with `backprop.symbolic.compare` (exact). A mutation test
passes its own ``transcription`` to `Claim.verify` and expects the verdict to flip. A failing
claim's ``corrected(inst)`` is its corrected formula, checked by the same `Claim.verify`
(`Claim.verify_corrected`): `run_claim` returns both verdicts, the line's as transcribed and
the correction's, and a correction that does not hold is an unexpected verdict.

Each note has a module ``note000`` … ``note004`` with a list ``CLAIMS``, built with one
`ClaimMaker` (the note, its page, its instance and its default check options fixed), and
beside it a module ``net000`` … ``net004`` that builds its symbolic network as an `Instance`
(with SymPy's derivatives the references use); `all_claims` gathers the claims in note order.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sympy.matrices.exceptions import ShapeError

from backprop.symbolic import Comparison, compare

NOTE_MODULES = ("note000", "note001", "note002", "note003", "note004")
"""The per-note modules, in note order (a missing one is skipped until it is written)."""

HOLDS, FAILS = "holds", "fails"


class Instance:
    """The symbolic instance a note's claims are checked on: named SymPy objects (symbols,
    matrices, the loss) and functions of them (the note's indexed symbols, substitutions),
    read as attributes and fixed once built. Every note builds its instances as this one type;
    each note's builder documents the names it gives.
    """

    __slots__ = ("_fields",)

    def __init__(self, **fields: Any) -> None:
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(f"the instance has no {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("an instance is fixed once built")

    def __repr__(self) -> str:
        return f"Instance({', '.join(self._fields)})"


@dataclass(frozen=True)
class Claim:
    """One equation of one note, with everything needed to check it and show it.

    ``id``: unique and stable, e.g. ``"000-b3-final"``. ``note``: ``"000"`` … ``"004"``.
    ``step``: where in the note, quoting its opening words. ``name``: a short name.
    ``latex``: the formula as the note writes it. ``expected``: ``"holds"`` or ``"fails"``.
    ``correction``: the corrected LaTeX (required when expected is ``"fails"``).
    ``reading``: what was read where the OCR is ambiguous (and that it is a guess), or None.
    ``why``: for a failing claim, what is wrong in one sentence.
    ``method``: how the check works, in words (instance size, ReLU handling).
    ``page``: the book page that shows the claim (docname without suffix, e.g.
    ``"book/part1/zero_hidden"``), for the errata and the verification index.
    ``compare_options``: keyword arguments for `backprop.symbolic.compare`
    (``fixed``, ``points``, ``symbols`` …); a callable receives the instance and returns them.
    ``corrected``: the corrected formula as a transcription (required when expected is
    ``"fails"``), checked like the claim's and expected to hold. ``corrected_steps``: the
    slips of a failing line fixed one at a time, (what was fixed, transcription) in order, each
    keeping the fixes before it; the last must hold. ``corrected_reference``: what the
    correction is compared with, when the correction changes the quantity the line
    differentiates (default: ``reference``).
    """

    id: str
    note: str
    step: str
    name: str
    latex: str
    expected: str
    instance: Callable[[], Any]
    transcription: Callable[[Any], Any]
    reference: Callable[[Any], Any]
    method: str
    page: str
    correction: str | None = None
    reading: str | None = None
    why: str | None = None
    compare_options: dict | Callable[[Any], dict] = field(default_factory=dict)
    corrected: Callable[[Any], Any] | None = None
    corrected_reference: Callable[[Any], Any] | None = None
    corrected_steps: tuple[tuple[str, Callable[[Any], Any]], ...] = ()

    def __post_init__(self) -> None:
        if self.expected not in (HOLDS, FAILS):
            raise ValueError(f"{self.id}: expected must be 'holds' or 'fails'")
        if self.expected == FAILS and not (self.correction and self.why and self.corrected):
            raise ValueError(f"{self.id}: a failing claim needs its correction (LaTeX and "
                             "corrected), and why")

    def verify_corrected(self) -> Comparison | None:
        """The check of the corrected formula (None for a claim without one)."""
        if self.corrected is None:
            return None
        return self.verify(self.corrected, self.corrected_reference)

    def verify(self, transcription: Callable[[Any], Any] | None = None,
               reference: Callable[[Any], Any] | None = None) -> Comparison:
        """Compare the transcription (or a replacement, for mutation tests and corrections)
        with the reference (or a replacement).

        Matrix-valued sides are compared entry by entry; all entries must be equal. A formula
        whose matrix product is not defined on the instance (SymPy's `ShapeError`) fails.
        """
        inst = self.instance()
        try:
            formula = (transcription or self.transcription)(inst)
        except ShapeError as err:
            return Comparison(False, f"the formula is not defined ({str(err).rstrip('.')})")
        truth = (reference or self.reference)(inst)
        options = self.compare_options
        if callable(options):
            options = options(inst)
        return compare_any(formula, truth, **dict(options))


@dataclass(frozen=True)
class ClaimMaker:
    """One note's claim constructor: the note, its page, its instance and the default options
    of its checks are fixed here, so that each claim states only what is its own.

    ``method`` is a template for the claim's ``method`` with a ``{what}`` field (what the
    reference differentiates), used when a claim gives ``what`` instead of a ``method``;
    ``what`` is the default of that field.
    """

    note: str
    page: str
    instance: Callable[[], Any]
    options: dict | Callable[[Any], dict] = field(default_factory=dict)
    method: str = "{what}"
    what: str = ""

    def __call__(self, id: str, step: str, name: str, latex: str,
                 transcription: Callable[[Any], Any], reference: Callable[[Any], Any],
                 method: str | None = None, *, what: str | None = None,
                 expected: str = HOLDS, options: dict | Callable[[Any], dict] | None = None,
                 page: str | None = None, instance: Callable[[], Any] | None = None,
                 **extra: Any) -> Claim:
        """A claim of this note. ``id`` may omit the note's prefix (``"dz2"`` is
        ``"003-dz2"``); ``options`` replaces the default options; ``page`` and ``instance``
        replace the note's for a claim shown elsewhere or checked on another instance; the
        other keywords are `Claim`'s."""
        prefix = f"{self.note}-"
        return Claim(
            id=id if id.startswith(prefix) else prefix + id, note=self.note, step=step,
            name=name, latex=latex, expected=expected, instance=instance or self.instance,
            transcription=transcription, reference=reference,
            method=method if method is not None else self.method.format(
                what=self.what if what is None else what),
            page=page or self.page, compare_options=self.options if options is None else options,
            **extra)


def compare_any(formula: Any, truth: Any, **options: Any) -> Comparison:
    """`compare` for scalars, or entry by entry for matrices of the same shape.

    Each entry draws its own integer points (the seed is offset by the entry's position), so
    that a slip which vanishes at one entry's points is still likely to show at another's.
    """
    shape_f = getattr(formula, "shape", None)
    shape_t = getattr(truth, "shape", None)
    if shape_f is None and shape_t is None:
        return compare(formula, truth, **options)
    if shape_f != shape_t:
        return Comparison(False, f"shapes differ: {shape_f} vs {shape_t}")
    assert shape_t is not None  # equal shapes, not both None
    seed = options.pop("seed", 0)
    for i in range(shape_t[0]):
        for j in range(shape_t[1]):
            entry_seed = seed + i * shape_t[1] + j
            result = compare(formula[i, j], truth[i, j], seed=entry_seed, **options)
            if not result.equal:
                return Comparison(False, f"entry ({i}, {j}): {result.method}",
                                  result.residual, result.point, result.symbolic_residual)
    return Comparison(True, f"all {shape_t[0] * shape_t[1]} entries equal")


@dataclass(frozen=True)
class Result:
    """A claim's check, run: the verdict got, against the one expected, and how long it took;
    for a claim with a correction, the correction's check too (``corrected``)."""

    claim: Claim
    comparison: Comparison
    seconds: float
    corrected: Comparison | None = None

    @property
    def got(self) -> str:
        """The verdict of the line as transcribed."""
        return HOLDS if self.comparison.equal else FAILS

    @property
    def corrected_got(self) -> str | None:
        """The verdict of the correction (None without one)."""
        if self.corrected is None:
            return None
        return HOLDS if self.corrected.equal else FAILS

    @property
    def as_expected(self) -> bool:
        """The line got its expected verdict and its correction, if any, holds."""
        return self.got == self.claim.expected and self.corrected_got in (None, HOLDS)

    def surprise(self) -> str:
        """What differs from the expectation, in one line ("" when nothing does)."""
        c = self.claim
        parts = []
        if self.got != c.expected:
            parts.append(f"expected {c.expected}, got {self.got} "
                         f"({self.comparison.describe()})")
        if self.corrected is not None and not self.corrected.equal:
            parts.append(f"the correction fails ({self.corrected.describe()})")
        return f"claim {c.id}: " + "; ".join(parts) if parts else ""

    def as_dict(self) -> dict:
        c = self.claim
        return {
            "id": c.id,
            "note": c.note,
            "name": c.name,
            "expected": c.expected,
            "got": self.got,
            "as_expected": self.as_expected,
            "corrected": self.corrected_got,
            "seconds": round(self.seconds, 3),
            "detail": self.comparison.describe(),
        }


def all_claims(note: str | None = None) -> list[Claim]:
    """Every claim of every note (or of one note), in note order; ids are checked unique."""
    claims: list[Claim] = []
    for name in NOTE_MODULES:
        if note is not None and name != f"note{note}":
            continue
        try:
            module = importlib.import_module(f"backprop.claims.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"backprop.claims.{name}":
                continue
            raise
        claims.extend(module.CLAIMS)
    ids = [c.id for c in claims]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"claim ids are not unique: {sorted(duplicates)}")
    return claims


def get_claim(claim_id: str) -> Claim:
    """The claim with this id; `KeyError` naming it if there is none."""
    for claim in all_claims(claim_id.split("-")[0]) or all_claims():
        if claim.id == claim_id:
            return claim
    raise KeyError(f"no claim with id {claim_id!r}")


def run_claim(claim: Claim) -> Result:
    """Check one claim (and its correction, if it has one) and time both."""
    start = time.perf_counter()
    comparison = claim.verify()
    corrected = claim.verify_corrected()
    return Result(claim, comparison, time.perf_counter() - start, corrected)


def run_claims(note: str | None = None) -> list[Result]:
    """Check every claim (or one note's) and return the results in order."""
    return [run_claim(c) for c in all_claims(note)]


def format_table(results: list[Result]) -> str:
    """The table ``python -m backprop verify`` prints: one row per claim, then a summary."""
    header = ("id", "note", "claim", "expected", "got", "seconds")
    rows = [
        (r.claim.id, r.claim.note, r.claim.name, r.claim.expected,
         r.got if r.as_expected else f"{r.got} (!)", f"{r.seconds:.2f}")
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    widths[2] = min(widths[2], 48)
    lines = []
    for row in (header, *rows):
        cells = [str(x)[: widths[i]].ljust(widths[i]) for i, x in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    surprises = sum(not r.as_expected for r in results)
    holds = sum(r.got == HOLDS for r in results)
    total = sum(r.seconds for r in results)
    lines.append(
        f"{len(results)} claims: {holds} hold, {len(results) - holds} fail as written; "
        f"{surprises} differ from the expected verdict; {total:.1f} s"
    )
    return "\n".join(lines)
