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

Claims about *every* function (note 004's propositions) use undefined functions
(``sympy.Function("f")``); before stage 2 and again in it, each value or derivative of an
undefined function at a point (a *jet*) becomes one symbol, see `jet_variables`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy import QQ
from sympy.core.function import AppliedUndef
from sympy.polys.fields import field

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
        if self.equal or (self.residual is None and self.point is None):
            return self.method  # a verdict without a difference (e.g. the shapes differ)
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



def _to_formal_e(expr: sp.Expr) -> sp.Expr:
    """Replace every exp(integer) by E_VAR**integer (exact; see the module docstring)."""

    def is_int_exp(node: sp.Basic) -> bool:
        return isinstance(node, sp.exp) and node.args[0].is_Integer

    expr = expr.replace(is_int_exp, lambda node: E_VAR ** int(node.args[0]))
    return expr.subs(sp.E, E_VAR)


class _Kink(Exception):
    """A Heaviside (or DiracDelta) argument is exactly 0 at the point."""


class _Unsupported(Exception):
    """A node the fast evaluator does not handle; `value_at` falls back to SymPy."""


_FIELD, _E_GEN = field([E_VAR], QQ)
"""The field Q(e) of rational functions of the formal variable e (`value_at`'s fast path)."""

_RATIONAL = type(QQ(1))
"""Values that do not depend on e stay plain rationals (far cheaper than field elements)."""


def _constant(value: Any) -> Any:
    """The rational number a value is, or None when it depends on e."""
    if type(value) is _RATIONAL:
        return value
    if value.numer.is_ground and value.denom.is_ground:
        return QQ(value.numer.LC if value.numer else 0) / QQ(value.denom.LC)
    return None


def _fast_value(node: sp.Basic, point: dict, cache: dict):
    """``node`` at ``point``: a rational, or an element of Q(e) when it depends on e.

    Each distinct subexpression is evaluated once (SymPy's trees of network derivatives
    repeat the same subtrees many times); every argument is evaluated, so a kink anywhere in
    the expression is found.
    """
    try:
        return cache[node]
    except KeyError:
        pass
    if node.is_Symbol:
        if node not in point:
            raise _Unsupported(node)
        value = QQ(int(point[node].p), int(point[node].q))
    elif node.is_Rational:
        value = QQ(int(node.p), int(node.q))
    elif node is sp.E:
        value = _E_GEN
    elif node.is_Add or node.is_Mul:
        add = node.is_Add
        const, varying = (QQ(0) if add else QQ(1)), None
        for arg in node.args:
            term = _fast_value(arg, point, cache)
            if type(term) is _RATIONAL:
                const = const + term if add else const * term
            elif varying is None:
                varying = term
            else:
                varying = varying + term if add else varying * term
        if varying is None:
            value = const
        else:
            value = varying + _FIELD(const) if add else varying * _FIELD(const)
    elif node.is_Pow and node.exp.is_Integer:
        base = _fast_value(node.base, point, cache)
        if not base and node.exp < 0:
            raise _Unsupported(node)
        value = base ** int(node.exp)
    elif isinstance(node, sp.exp):
        n = _constant(_fast_value(node.args[0], point, cache))
        if n is None or n.denominator != 1:
            raise _Unsupported(node)
        value = _E_GEN ** int(n)
    elif isinstance(node, (sp.Max, sp.Min)):
        values = [_constant(_fast_value(arg, point, cache)) for arg in node.args]
        if any(v is None for v in values):
            raise _Unsupported(node)
        value = max(values) if isinstance(node, sp.Max) else min(values)
    elif isinstance(node, (sp.Heaviside, sp.DiracDelta)):
        x = _constant(_fast_value(node.args[0], point, cache))
        if x is None or len(node.args) > 1 and isinstance(node, sp.DiracDelta):
            raise _Unsupported(node)
        if x == 0:
            raise _Kink
        value = QQ(0) if isinstance(node, sp.DiracDelta) or x < 0 else QQ(1)
    else:
        raise _Unsupported(node)
    cache[node] = value
    return value


def value_at(expr: sp.Expr, point: dict) -> sp.Expr | None:
    """The exact value of ``expr`` at an integer ``point``, as a rational function of e.

    Returns None when the point hits a ReLU kink (a Heaviside argument equal to 0).
    Fast path: every distinct subexpression is evaluated once, exactly, in the field Q(e);
    expressions with other functions (log, Piecewise, …) go through SymPy's own evaluation.
    """
    try:
        fast = _fast_value(sp.sympify(expr), point, {})
    except _Kink:
        return None
    except _Unsupported:
        pass
    else:
        if type(fast) is _RATIONAL:
            return sp.Rational(int(fast.numerator), int(fast.denominator))
        return fast.as_expr()
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
    try_expand: bool = True,
) -> Comparison:
    """Compare two expressions exactly (see the module docstring for the two stages).

    ``symbols``: the free symbols to draw points for (default: all free symbols of both).
    ``fixed``: values to substitute before anything else (for example the targets, which are
    0/1 one-hot values, or a chosen activation pattern). Integers are drawn uniformly from
    ``low..high``; ``points`` points must avoid every ReLU kink (up to 50 draws each).
    ``try_expand=False`` skips ``expand`` in stage 1 (for large network derivatives, where
    expanding the exponentials costs far more than the exact points of stage 2).
    """
    a, b = sp.sympify(closed_form), sp.sympify(reference)
    if fixed:
        a, b = a.xreplace(fixed), b.xreplace(fixed)
    diff = a - b
    if try_expand and sp.expand(diff) == 0:
        return Comparison(True, "expand(difference) = 0")
    jets: dict[sp.Symbol, sp.Expr] = {}
    if diff.has(AppliedUndef):
        diff, jets = jet_variables(diff)
        if sp.expand(diff) == 0:
            return Comparison(True, "expand(difference) = 0 in the jet variables")
    simplified = None
    if try_simplify and sp.count_ops(diff) <= SIMPLIFY_LIMIT:
        simplified = sp.simplify(diff)
        if simplified == 0:
            return Comparison(True, "simplify(difference) = 0")
        simplified = simplified.xreplace(jets)
    free = sorted(set(symbols) | set(jets) if symbols is not None else diff.free_symbols, key=str)
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
            point = {jets.get(s, s): v for s, v in point.items()}
            return Comparison(False, f"exact value at a random integer point (draw {draws})",
                              value, point, simplified)
        done += 1
    return Comparison(True, f"exact zero at {points} random integer points")


# -- undefined functions: the jet variables -----------------------------------------------------
#
# A claim about *every* differentiable function (note 004's propositions) is checked on
# undefined functions (``sympy.Function("f")``). SymPy's chain rule then writes the derivative
# as a polynomial in "jets": values f(p) and partial derivatives ∂^α f(p) of the undefined
# functions at points p (``f(x)``, ``Derivative(f(x), x)``, ``Subs(Derivative(f(ξ), ξ), ξ, p)``
# or ``Derivative(f(x₁(u), x₂(u)), x₁(u))``: several spellings of the same jet). `jet_variables`
# gives each distinct jet one symbol, eq. (jet-variables). The replacement is exact both ways:
# if the difference vanishes as a polynomial in the jet symbols it vanishes for every choice of
# the functions; and since the jets of arbitrary smooth functions at distinct points can take
# any values, a non-zero polynomial is non-zero for some functions, so a non-zero value at an
# integer point of the jet symbols is a genuine counterexample (substituting one concrete
# function instead would prove the identity only for that function).


def _jet_key(node: sp.Basic) -> tuple | None:
    """(function, sorted slots differentiated, point) when ``node`` is one jet, else None."""
    if isinstance(node, AppliedUndef):
        return (node.func, (), tuple(sp.expand(a) for a in node.args))
    if isinstance(node, sp.Derivative) and isinstance(node.expr, AppliedUndef):
        args = node.expr.args
        slots: list[int] = []
        for var, count in node.variable_count:
            where = [k for k, arg in enumerate(args) if arg == var]
            if len(where) != 1:
                return None
            slots += [where[0]] * int(count)
        return (node.expr.func, tuple(sorted(slots)), tuple(sp.expand(a) for a in args))
    if isinstance(node, sp.Subs):
        inner = _jet_key(node.expr)
        if inner is None:
            return None
        func, slots, args = inner
        values = dict(zip(node.variables, node.point, strict=True))
        return (func, slots, tuple(sp.expand(a.xreplace(values)) for a in args))
    return None


def jet_variables(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """``expr`` with every jet of an undefined function replaced by a symbol, eq. (jet-variables).

    Returns the new expression and, for each new symbol, the jet it stands for (one of its
    spellings in ``expr``). Raises `ValueError` for an undefined function that appears in
    another form (an unevaluated derivative of a product, a derivative with respect to an
    argument that fills two slots): such an expression is not a polynomial in the jets.
    """
    keys: dict[tuple, sp.Symbol] = {}
    shown: dict[sp.Symbol, sp.Expr] = {}

    def rebuild(node: sp.Basic) -> sp.Basic:
        if not node.has(AppliedUndef):
            return node
        key = _jet_key(node)
        if key is not None:
            if key not in keys:
                symbol = sp.Symbol(f"jet_{{{len(keys)}}}")
                keys[key] = symbol
                shown[symbol] = node
            return keys[key]
        if isinstance(node, (AppliedUndef, sp.Derivative, sp.Subs)):
            raise ValueError(f"not a jet of an undefined function: {node}")
        return node.func(*[rebuild(arg) for arg in node.args])

    return rebuild(sp.sympify(expr)), shown
