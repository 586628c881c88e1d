"""Activation functions g and their derivatives g', applied elementwise.

ReLU, eq. (n002-forward):  g(x) = max(x, 0),       g'(x) = 1[x > 0]   (0 at the kink, as note 000)
Sigmoid:                   σ(x) = 1 / (1 + e^-x),  σ'(x) = σ(x)(1 - σ(x))
Softmax, eq. (oh-network): ŷ_j = exp(z_j) / Σ_i exp(z_i), row by row (rows are samples).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np


def relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """g(z) = max(z, 0), eq. (n002-forward); into ``out`` when given (``out=z``: in place)."""
    return np.maximum(z, 0, out=out)


def relu_prime_from_output(a: np.ndarray) -> np.ndarray:
    """g'(z) = 1[z > 0], read off the output a = g(z) (a > 0 exactly when z > 0)."""
    return (a > 0).astype(a.dtype)


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """σ(z) = 1 / (1 + e^-z), as ½(1 + tanh(z/2)): no overflow for large |z|; into ``out``
    when given (``out=z``: in place)."""
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1
    out *= 0.5
    return out


def sigmoid_prime_from_output(a: np.ndarray) -> np.ndarray:
    """σ'(z) = σ(z)(1 - σ(z)), read off the output a = σ(z)."""
    return a * (1 - a)


def softmax(z: np.ndarray) -> np.ndarray:
    """ŷ = exp(z) / Σ exp(z) along each row, eq. (oh-network); shifted by the row max for safety."""
    e = z - z.max(axis=1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=1, keepdims=True)
    return e


class ElementwiseFunction(Protocol):
    """g(z), or g(z) written into ``out`` when it is given (``out=z``: in place)."""

    def __call__(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray: ...


@dataclass(frozen=True)
class Activation:
    """A hidden activation: ``g`` and its derivative read off g's output, ``prime_from_output``
    (g'(z) as a function of a = g(z), which the backward pass keeps). ``g(z, out)`` writes into
    ``out`` when it is an array (the forward pass passes ``out=z``, its own array)."""

    g: ElementwiseFunction
    prime_from_output: Callable[[np.ndarray], np.ndarray]


HIDDEN = {
    "relu": Activation(relu, relu_prime_from_output),
    "sigmoid": Activation(sigmoid, sigmoid_prime_from_output),
}
"""Hidden activations by name."""
