"""Bounds on rounding error, for comparing two computations of one quantity.

Two programs that compute the same sums in different orders (the notes' index loops and the
engine's matrix products, or one BLAS kernel and another) agree only up to rounding, and how
closely depends on the CPU, the BLAS kernel and the thread count. The book's numerical checks
therefore never use a tolerance read off one machine's output; they use the bounds below,
which follow from the standard model of floating-point arithmetic,
``fl(a op b) = (a op b)(1 + d)`` with ``|d| <= u`` (Higham, *Accuracy and Stability of
Numerical Algorithms*, 2nd ed., section 2.2):

* a sum of ``n`` terms, added in any order, is within ``gamma(n) * sum(|terms|)`` of the exact
  sum (section 3.1), where ``gamma(n) = n u / (1 - n u)`` and ``u`` is the unit roundoff, half
  the machine epsilon (``u = 2**-53`` in float64, ``2**-24`` in float32);
* a matrix product ``A @ B`` is within ``gamma(n) * |A| @ |B|`` entry by entry, with ``n`` the
  inner dimension, and a chain of products within ``gamma(n1 + n2 + ...)`` times the product of
  the absolute values (section 3.5);
* a central difference ``(C(t + h) - C(t - h)) / 2h`` of a cost computed with relative error at
  most ``gamma(n)`` carries a rounding error of at most ``gamma(n) |C| / h``: this is the
  ``eps |C| / h`` term of the book's eq. (gradcheck-total).

These are worst cases: rounding errors of a long sum mostly cancel, and the observed error is
typically ``sqrt(n) u`` relative, so a check held to them passes on any machine and still fails
on a wrong formula, whose error is of the order of the quantity itself.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike


def unit_roundoff(dtype: DTypeLike = np.float64) -> float:
    """The unit roundoff u: half the machine epsilon of ``dtype`` (2⁻⁵³ for float64)."""
    return float(np.finfo(dtype).eps) / 2


def gamma(n: int, dtype: DTypeLike = np.float64) -> float:
    """Higham's γₙ = n u / (1 − n u): the relative error bound of a sum of ``n`` terms."""
    if n < 0:
        raise ValueError(f"n must be a number of terms (≥ 0), got {n}")
    nu = n * unit_roundoff(dtype)
    if nu >= 1:
        raise ValueError(f"γ_{n} is not defined in {np.dtype(dtype).name}: n u = {nu:.2g} ≥ 1")
    return nu / (1 - nu)


def agreement_bound(n: int, magnitude: ArrayLike, dtype: DTypeLike = np.float64) -> np.ndarray:
    """How far apart two computations of the same sums may lie, entry by entry.

    Each of the two is within ``gamma(n) * magnitude`` of the exact value, where ``n`` is the
    number of rounded operations on the longest path (for a chain of matrix products, the sum
    of the inner dimensions) and ``magnitude`` bounds the sum of the absolute values of the
    terms (``|A| @ |B|`` for a product; an array or one number); so they are within twice that
    of each other.
    """
    return 2 * gamma(n, dtype) * np.asarray(magnitude, dtype=np.float64)


def difference_quotient_noise(cost: float, h: float, n: int,
                              dtype: DTypeLike = np.float64) -> float:
    """The rounding error of a central difference of a cost with a step ``h``.

    Each of ``C(t + h)`` and ``C(t - h)`` is computed within ``gamma(n) |C|``, where ``n`` is
    the number of rounded operations on the longest path from a parameter to the cost; their
    difference divided by ``2h`` is then within ``gamma(n) |C| / h`` of the exact quotient.
    """
    if not h > 0:
        raise ValueError(f"the step h must be positive, got {h}")
    return gamma(n, dtype) * abs(cost) / h


def within_rounding(a: ArrayLike, b: ArrayLike, n: int, dtype: DTypeLike = np.float64) -> bool:
    """Whether two computations of the same sums agree within `agreement_bound`.

    The magnitude of the terms is taken to be the largest absolute entry of either array:
    exact where the terms share a sign, and for sums with cancellation the worst-case γₙ still
    exceeds the error usually seen (about √n u) by a factor √n.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    return bool(np.all(np.abs(a - b) <= agreement_bound(n, scale, dtype)))
