"""Loss functions over a mini-batch (rows are samples), and the output layers as a table.

Each output layer keeps its activation, its cost and its output delta δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾
together (as Nielsen's cost classes keep a cost with its delta), in `OUTPUTS`:

``"softmax"``:     ŷ = softmax(z),  C = -(1/K) Σ_k Σ_j t_{j,k} log ŷ_{j,k}, eq. (z0-cost),
                   δ = (ŷ - t) / K, eq. (n002-delta3)
``"sigmoid"``:     a = σ(z),  C = (1/K) Σ_k ½ ‖t_k - a_k‖², eq. (note004-cost),
                   δ = (a - t) ⊙ σ'(z) / K  (Fact 1 and 2 of eq. (note004-facts))
``"sigmoid_ce"``:  a = σ(z),  C = -(1/K) Σ_k Σ_j [t log a + (1 - t) log(1 - a)]_{j,k},
                   δ = (a - t) / K  (σ' cancels: Nielsen's chapter 3)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop.activations import sigmoid, sigmoid_prime_from_output, softmax

TINY = 1e-300
"""Floor inside the logarithm: log 0 would be -inf when a softmax saturates completely."""


def one_hot(labels: np.ndarray, classes: int, dtype: np.dtype | type = np.float64) -> np.ndarray:
    """The one-hot target matrix t, shape (K, classes), from integer labels of shape (K,)."""
    t = np.zeros((labels.shape[0], classes), dtype=dtype)
    t[np.arange(labels.shape[0]), labels] = 1
    return t


_FLOORS = {np.dtype(d): max(TINY, float(np.finfo(d).tiny)) for d in (np.float32, np.float64)}
"""TINY, or the dtype's smallest normal number when that is larger (float32), per dtype."""


def _floor(dtype: np.dtype) -> float:
    floor = _FLOORS.get(dtype)  # a dict look-up: np.finfo costs microseconds, once per step
    return max(TINY, float(np.finfo(dtype).tiny)) if floor is None else floor


def cross_entropy(y_hat: np.ndarray, t: np.ndarray) -> float:
    """C = -(1/K) Σ_k Σ_j t_{j,k} log ŷ_{j,k}, eq. (z0-cost)."""
    floor = _floor(y_hat.dtype)
    # Σ_k Σ_j t log ŷ as one dot product of the flattened matrices (no t ⊙ log ŷ temporary)
    return float(-np.vdot(t, np.log(np.maximum(y_hat, floor))) / y_hat.shape[0])


def quadratic(a: np.ndarray, t: np.ndarray) -> float:
    """C = (1/K) Σ_k ½‖t_k − a_k‖², eq. (note004-cost) averaged over the batch."""
    return float(0.5 * np.sum((t - a) ** 2) / a.shape[0])


def sigmoid_cross_entropy(a: np.ndarray, t: np.ndarray) -> float:
    """C = -(1/K) Σ_k Σ_j [t_{j,k} log a_{j,k} + (1 − t_{j,k}) log(1 − a_{j,k})], a = σ(z)."""
    floor = _floor(a.dtype)
    total = t * np.log(np.maximum(a, floor)) + (1 - t) * np.log(np.maximum(1 - a, floor))
    return float(-np.sum(total) / a.shape[0])


def error_delta(y_hat: np.ndarray, t: np.ndarray) -> np.ndarray:
    """δ⁽ᴸ⁾ = (ŷ − t)/K: softmax with cross-entropy, eq. (n002-delta3), and sigmoid with
    cross-entropy (where σ' cancels)."""
    delta = y_hat - t  # step: output-error
    delta /= t.shape[0]  # step: batch-mean
    return delta


def quadratic_delta(a: np.ndarray, t: np.ndarray) -> np.ndarray:
    """δ⁽ᴸ⁾ = (a − t) ⊙ σ'(z)/K for a = σ(z) and the quadratic cost, eq. (note004-facts)."""
    delta = a - t
    delta *= sigmoid_prime_from_output(a)
    delta /= t.shape[0]
    return delta


@dataclass(frozen=True)
class OutputLayer:
    """One kind of output layer: ``activation`` maps z⁽ᴸ⁾ to the output ŷ, ``cost`` (ŷ, t) to the
    batch mean C, ``delta`` (ŷ, t) to δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ (with the 1/K of the mean); ``summary``
    says it in words (the command line's help)."""

    activation: Callable[[np.ndarray], np.ndarray]
    cost: Callable[[np.ndarray, np.ndarray], float]
    delta: Callable[[np.ndarray, np.ndarray], np.ndarray]
    summary: str


OUTPUTS = {
    "softmax": OutputLayer(softmax, cross_entropy, error_delta,
                           "softmax outputs + cross-entropy cost"),
    "sigmoid": OutputLayer(sigmoid, quadratic, quadratic_delta,
                           "sigmoid outputs + quadratic cost (note 004, Nielsen)"),
    "sigmoid_ce": OutputLayer(sigmoid, sigmoid_cross_entropy, error_delta,
                              "sigmoid outputs + the cross-entropy of each output (Nielsen ch. 3)"),
}
"""Output layers by name, in the style of `backprop.activations.HIDDEN`."""
