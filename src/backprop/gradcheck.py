"""Central finite differences against `Network.backward`, eq. (central-difference):

    ∂C/∂θ ≈ (C(θ + h) − C(θ − h)) / 2h,

with, for each parameter array, the relative error ‖g − ĝ‖₂ / (‖g‖₂ + ‖ĝ‖₂) over the checked
entries (g from `backward`, ĝ the difference quotients; 0 when both vanish). A norm over the
array rather than entry by entry: an entry whose true derivative is ~0 has a difference
quotient of pure rounding noise, and its entrywise ratio says nothing about `backward`.

Every entry of small parameter arrays is checked; for large ones a seeded sample of entries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop.network import Gradients, Network
from backprop.rounding import difference_quotient_noise


@dataclass(frozen=True)
class ArrayCheck:
    """The comparison for one parameter array: which, how many entries, the worst error."""

    name: str
    shape: tuple[int, ...]
    entries: int
    max_abs_error: float
    rel_error: float


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖g − ĝ‖₂ / (‖g‖₂ + ‖ĝ‖₂), eq. (gradcheck-error); 0 when both are exactly zero."""
    scale = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    return float(np.linalg.norm(analytic - numeric)) / scale if scale else 0.0


def central_difference(
    net: Network,
    x: np.ndarray,
    labels: np.ndarray,
    kind: str,
    layer: int,
    index: tuple[int, ...],
    h: float = 1e-6,
) -> float:
    """(C(θ + h) − C(θ − h)) / 2h for one parameter θ, eq. (central-difference).

    θ is entry ``index`` of W⁽ˡ⁾ (``kind="W"``) or b⁽ˡ⁾ (``kind="b"``), with ``layer`` = l
    counted from 1 as in the notes. The perturbation is made in the network's own dtype (so
    in float32, θ ± h is rounded), and θ is restored afterwards.
    """
    if kind not in ("W", "b"):
        raise ValueError(f"kind must be 'W' or 'b', got {kind!r}")
    params = net.weights if kind == "W" else net.biases
    if not 1 <= layer <= len(params):
        raise ValueError(f"layer must lie in 1..{len(params)}, got {layer}")
    p = params[layer - 1]
    old = p[index]
    try:
        p[index] = old + h
        plus = net.cost(x, labels)
        p[index] = old - h
        minus = net.cost(x, labels)
    finally:
        p[index] = old
    return (plus - minus) / (2 * h)


def rounding_tolerance(net: Network, x: np.ndarray, labels: np.ndarray,
                       h: float = 1e-6) -> float:
    """The largest ``|g − ĝ|`` a correct `backward` may show under central differences.

    The rounding term of eq. (gradcheck-total): each cost is computed within γₙ|C|, with n the
    number of terms on its longest path (the layer sizes, summed, plus the batch size for the
    mean), so the quotient is within γₙ|C|/h of the exact one (`rounding.
    difference_quotient_noise`). The bound is doubled to cover the truncation term h²|C‴|/6,
    which at the book's h = 10⁻⁶ is about 10⁻¹³ for these networks (|C‴| of order 1). A wrong
    formula misses by the size of the derivative itself, 10⁻³ to 10⁻¹ here.
    """
    n = sum(net.sizes) + len(labels)
    return 2 * difference_quotient_noise(net.cost(x, labels), h, n, net.dtype)


def gradcheck(
    net: Network,
    x: np.ndarray,
    labels: np.ndarray,
    h: float = 1e-6,
    max_entries: int = 40,
    seed: int = 0,
) -> list[ArrayCheck]:
    """Compare `backward` with central differences of `Network.cost` for every array.

    Arrays with more than ``max_entries`` entries are checked on a seeded random sample of
    that many entries. Use float64: in float32 the difference quotient loses most digits.
    """
    rng = np.random.default_rng(seed)
    grads = net.gradients(x, labels)
    results = []
    for kind, params, analytic in (
        ("W", net.weights, grads.weights),
        ("b", net.biases, grads.biases),
    ):
        for layer, (p, g) in enumerate(zip(params, analytic, strict=True)):
            if p.size <= max_entries:
                idx = np.arange(p.size)
            else:
                idx = rng.choice(p.size, size=max_entries, replace=False)
            numeric = np.array([
                central_difference(net, x, labels, kind, layer + 1,
                                   tuple(int(j) for j in np.unravel_index(i, p.shape)), h)
                for i in idx
            ])
            exact = g.reshape(-1)[idx].astype(np.float64)
            results.append(
                ArrayCheck(
                    f"{kind}{layer + 1}",
                    p.shape,
                    int(idx.size),
                    float(np.max(np.abs(exact - numeric))),
                    relative_error(exact, numeric),
                )
            )
    return results


def numerical_gradients(net: Network, x: np.ndarray, labels: np.ndarray,
                        h: float = 1e-6) -> Gradients:
    """Central differences (C(θ + h) − C(θ − h)) / 2h of `Network.cost` for every parameter
    entry, eq. (central-difference): for small networks (float64)."""

    def array(kind: str, layer: int, p: np.ndarray) -> np.ndarray:
        return np.array([central_difference(net, x, labels, kind, layer, index, h)
                         for index in np.ndindex(p.shape)]).reshape(p.shape)

    return Gradients([array("W", k + 1, w) for k, w in enumerate(net.weights)],
                     [array("b", k + 1, b) for k, b in enumerate(net.biases)])
