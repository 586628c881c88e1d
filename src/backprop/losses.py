"""Loss functions over a mini-batch (rows are samples) and their gradient at the output.

Cross-entropy, eq. (cross-entropy):  C = -(1/K) Σ_k Σ_j t_{j,k} log ŷ_{j,k},  ŷ = softmax(z)
    with  ∂C/∂z = (ŷ - t) / K                                  eq. (softmax-ce-grad)
Quadratic, eq. (quadratic):          C = (1/K) Σ_k ½ ‖t_k - a_k‖²,  a = σ(z)
    with  ∂C/∂a = (a - t) / K                                  eq. (quadratic-grad)
Sigmoid cross-entropy:  C = -(1/K) Σ_k Σ_j [t log a + (1 - t) log(1 - a)]_{j,k},  a = σ(z)
    with  ∂C/∂z = (a - t) / K  (σ' cancels: Nielsen's chapter 3)
"""

from __future__ import annotations

import numpy as np

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
    """C = -(1/K) Σ_k Σ_j t_{j,k} log ŷ_{j,k}, eq. (cross-entropy)."""
    floor = _floor(y_hat.dtype)
    # Σ_k Σ_j t log ŷ as one dot product of the flattened matrices (no t ⊙ log ŷ temporary)
    return float(-np.vdot(t, np.log(np.maximum(y_hat, floor))) / y_hat.shape[0])


def quadratic(a: np.ndarray, t: np.ndarray) -> float:
    """C = (1/K) Σ_k ½‖t_k − a_k‖², eq. (quadratic)."""
    return float(0.5 * np.sum((t - a) ** 2) / a.shape[0])


def sigmoid_cross_entropy(a: np.ndarray, t: np.ndarray) -> float:
    """C = -(1/K) Σ_k Σ_j [t_{j,k} log a_{j,k} + (1 − t_{j,k}) log(1 − a_{j,k})], a = σ(z)."""
    floor = _floor(a.dtype)
    total = t * np.log(np.maximum(a, floor)) + (1 - t) * np.log(np.maximum(1 - a, floor))
    return float(-np.sum(total) / a.shape[0])
