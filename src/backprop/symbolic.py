"""Exact comparison of SymPy expressions: the verdict of every symbolic claim.

A claim compares the note's closed form with SymPy's own derivative of the note's loss (or,
for a definition, with the definition written independently). `compare` decides exactly,
never with a float tolerance, in two stages:

1. **Symbolically**: ``expand(a − b) == 0`` (cheap), then, for small expressions,
   ``simplify(a − b) == 0``.
2. **At random integer points**, eq. (exact-point-test): every free symbol gets a random small
   integer; every ``exp(n)`` of an integer n is then e**n, and since e is transcendental a
   rational function of e vanishes exactly when it vanishes with e replaced by a formal
   variable. So the difference at the point is reduced with ``cancel`` to an exact rational
   function of that variable, and it is zero or it is not. Points where a ReLU input
   (a ``Heaviside`` argument) is exactly 0 are skipped: the derivative is undefined there.

A claim holds when stage 1 proves it, or when every point of stage 2 gives an exact zero;
it fails when any point gives a non-zero value (the *residual* reported on the page).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp

E_VAR = sp.Symbol("e", positive=True)
"""The formal variable that stands for Euler's number in the exact point test."""

SIMPLIFY_LIMIT = 400
"""Operation count above which stage 1 skips ``simplify`` (too slow) and goes to the points."""


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing a closed form with its reference.

    ``equal`` is the verdict; ``method`` says how it was reached; ``residual`` is the value of
    the difference at the first integer point where it did not vanish (``point``), and
    ``symbolic_residual`` the simplified difference when the expression was small enough to
    simplify (else None); both None when equal.
    """

    equal: bool
    method: str
    residual: sp.Expr | None = None
    point: dict | None = None
    symbolic_residual: sp.Expr | None = None

    def describe_method(self) -> str:
        """How the verdict was reached, in words (no residual)."""
        if self.equal:
            return self.method
        return f"the difference does not vanish ({self.method})"

    def describe(self) -> str:
        """One line for a table or a page."""
        if self.equal:
            return f"equal ({self.method})"
        where = ""
        if self.point:
            where = " at " + ", ".join(f"{k}={v}" for k, v in list(self.point.items())[:6])
            if len(self.point) > 6:
                where += ", …"
        return f"differ ({self.method}): residual {sp.sstr(self.residual)}{where}"


def relu(x: sp.Expr) -> sp.Expr:
    """ReLU as SymPy sees it: ``Max(0, x)``; its derivative is ``Heaviside(x)``."""
    return sp.Max(0, x)


def indicator_positive(x: sp.Expr) -> sp.Expr:
    """The notes' indicator 1{x > 0} (ReLU's derivative) as ``Heaviside(x)``."""
    return sp.Heaviside(x)


def _to_formal_e(expr: sp.Expr) -> sp.Expr:
    """Replace every exp(integer) by E_VAR**integer (exact; see the module docstring)."""

    def is_int_exp(node: sp.Basic) -> bool:
        return isinstance(node, sp.exp) and node.args[0].is_Integer

    expr = expr.replace(is_int_exp, lambda node: E_VAR ** int(node.args[0]))
    return expr.subs(sp.E, E_VAR)


def value_at(expr: sp.Expr, point: dict) -> sp.Expr | None:
    """The exact value of ``expr`` at an integer ``point``, as a rational function of e.

    Returns None when the point hits a ReLU kink (a Heaviside argument equal to 0).
    """
    for node in expr.atoms(sp.Heaviside, sp.DiracDelta):
        if node.args[0].xreplace(point) == 0:
            return None
    value = expr.xreplace(point)
    value = value.doit()
    return sp.cancel(sp.together(_to_formal_e(value)))


def compare(
    closed_form: sp.Expr,
    reference: sp.Expr,
    symbols: Iterable[sp.Symbol] | None = None,
    points: int = 6,
    seed: int = 0,
    low: int = -3,
    high: int = 3,
    fixed: dict | None = None,
    try_simplify: bool = True,
) -> Comparison:
    """Compare two expressions exactly (see the module docstring for the two stages).

    ``symbols``: the free symbols to draw points for (default: all free symbols of both).
    ``fixed``: values to substitute before anything else (for example the targets, which are
    0/1 one-hot values, or a chosen activation pattern). Integers are drawn uniformly from
    ``low..high``; ``points`` points must avoid every ReLU kink (up to 50 draws each).
    """
    a, b = sp.sympify(closed_form), sp.sympify(reference)
    if fixed:
        a, b = a.xreplace(fixed), b.xreplace(fixed)
    diff = a - b
    if sp.expand(diff) == 0:
        return Comparison(True, "expand(difference) = 0")
    simplified = None
    if try_simplify and sp.count_ops(diff) <= SIMPLIFY_LIMIT:
        simplified = sp.simplify(diff)
        if simplified == 0:
            return Comparison(True, "simplify(difference) = 0")
    free = sorted(set(symbols) if symbols is not None else diff.free_symbols, key=str)
    rng = random.Random(seed)
    done, draws = 0, 0
    while done < points:
        draws += 1
        if draws > 50 * points:
            raise RuntimeError(
                f"could not find {points} integer points away from every ReLU kink "
                f"(found {done} in {draws - 1} draws): widen low..high"
            )
        point = {s: sp.Integer(rng.randint(low, high)) for s in free}
        value = value_at(diff, point)
        if value is None:
            continue
        if value != 0:
            return Comparison(False, f"exact value at a random integer point (draw {draws})",
                              value, point, simplified)
        done += 1
    return Comparison(True, f"exact zero at {points} random integer points")


def symbol_matrix(name: str, rows: int, cols: int, **assumptions) -> sp.Matrix:
    """A rows × cols matrix of symbols ``name_{i,j}`` (0-based, as the notes index)."""
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{{{i},{j}}}", **assumptions))


def symbol_vector(name: str, n: int, **assumptions) -> sp.Matrix:
    """A column of n symbols ``name_{i}`` (0-based)."""
    return sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"{name}_{{{i}}}", **assumptions))


def one_hot_values(targets: Sequence[Sequence[sp.Symbol]], labels: Sequence[int]) -> dict:
    """Values making each column k of ``targets`` one-hot at ``labels[k]`` (for ``fixed``)."""
    values = {}
    for k, label in enumerate(labels):
        for j, t in enumerate(targets[k]):
            values[t] = sp.Integer(1 if j == label else 0)
    return values
