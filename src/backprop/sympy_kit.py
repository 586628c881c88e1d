"""SymPy building blocks shared by every note's claims and by `backprop.dnotation`.

Symbol vectors and matrices named as the notes index them, ReLU and its indicator, index
indicators, the Hadamard product, the gradient of a scalar with respect to a matrix, columns,
the softmax of a column, the sigmoid, and a fast substitution. Each note's module builds its
instance from these; nothing here knows a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sympy as sp


def _index(first: int, sub: object | None, *indices: int, sep: str = ",") -> str:
    lead = f"{sub}," if sub not in (None, "") else ""
    return "{" + lead + sep.join(str(i + first) for i in indices) + "}"


def symbol_vector(name: str, n: int, *, first: int = 0, sub: object | None = None,
                  **assumptions: Any) -> sp.Matrix:
    """A column of n symbols ``name_{sub,i}`` with i counted from ``first`` (0 or 1, as the
    note indexes); without ``sub`` the symbols are ``name_{i}``."""
    return sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"{name}_{_index(first, sub, i)}",
                                                  **assumptions))


def symbol_matrix(name: str, rows: int, cols: int, *, first: int = 0,
                  sub: object | None = None, sep: str = ",", **assumptions: Any) -> sp.Matrix:
    """A rows × cols matrix of symbols ``name_{sub,i,j}`` (i, j counted from ``first``; ``sep``
    between i and j, ``""`` for the notes that write w_{ij})."""
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(
        f"{name}_{_index(first, sub, i, j, sep=sep)}", **assumptions))


def relu(x: sp.Expr) -> sp.Expr:
    """ReLU as SymPy sees it: ``Max(0, x)``; its derivative is ``Heaviside(x)``."""
    return sp.Max(0, x)


def indicator_positive(x: sp.Expr) -> sp.Expr:
    """The notes' indicator 1{x > 0} (ReLU's derivative) as ``Heaviside(x)``."""
    return sp.Heaviside(x)


def positive_mask(m: sp.Matrix) -> sp.Matrix:
    """1{m > 0} entry by entry (ReLU's derivative at every entry of m)."""
    return m.applyfunc(indicator_positive)


def indicator(condition: bool) -> sp.Integer:
    """An index indicator such as 1{m = β} or 1_(l = i): 1 when the condition holds, else 0."""
    return sp.Integer(1 if condition else 0)


def one_hot_values(targets: Sequence[Sequence[sp.Symbol]], labels: Sequence[int]) -> dict:
    """Values making each column k of ``targets`` one-hot at ``labels[k]`` (for ``fixed``)."""
    values = {}
    for k, label in enumerate(labels):
        for j, t in enumerate(targets[k]):
            values[t] = indicator(j == label)
    return values


def hadamard(a: sp.Matrix, b: sp.Matrix) -> sp.Matrix:
    """a ⊙ b, the entrywise product; SymPy's `ShapeError` (a `ValueError`) when the shapes
    differ, which a claim's check reports as "the formula is not defined"."""
    return a.multiply_elementwise(b)


def grad(f: sp.Expr, m: sp.Matrix) -> sp.Matrix:
    """SymPy's own derivative of the scalar f with respect to every entry of m (same shape)."""
    return m.applyfunc(lambda v: sp.diff(f, v))


def column(items: Iterable[Any], entry: Callable[[Any], sp.Expr] | None = None) -> sp.Matrix:
    """A column of the entries ``items``, or of ``entry(i)`` for every i in ``items``."""
    entries = [entry(i) for i in items] if entry is not None else list(items)
    return sp.Matrix(len(entries), 1, entries)


def stack(blocks: Iterable[sp.Matrix]) -> sp.Matrix:
    """The blocks one under the other (a claim about every layer is checked on the stack)."""
    return sp.Matrix.vstack(*blocks)


def softmax(a: sp.Matrix) -> sp.Matrix:
    """softmax(a)_i = exp(a_i) / Σ_{i'} exp(a_{i'}) for a column a."""
    total = sum(sp.exp(v) for v in a)
    return a.applyfunc(lambda v: sp.exp(v) / total)


def sigmoid(t: sp.Expr) -> sp.Expr:
    """σ(t) = 1 / (1 + e^{−t})."""
    return 1 / (1 + sp.exp(-t))


def substitute(expr: Any, mapping: dict, memo: dict | None = None) -> Any:
    """``expr.xreplace(mapping)`` for an expression or a matrix, rebuilding each distinct
    subexpression once (SymPy's ``xreplace`` rebuilds every copy, and each rebuilt ``Max`` of a
    ReLU costs milliseconds)."""
    memo = dict(mapping) if memo is None else memo

    def rebuild(node: sp.Basic) -> sp.Basic:
        try:
            return memo[node]
        except KeyError:
            pass
        if node.args:
            args = [rebuild(arg) for arg in node.args]
            changed = any(x is not y for x, y in zip(args, node.args, strict=True))
            new = node.func(*args) if changed else node
        else:
            new = node
        memo[node] = new
        return new

    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(rebuild)
    return rebuild(sp.sympify(expr))
