"""Notes 001 and 003 in their own convention: column vectors, one sample at a time.

The engine (`backprop.network`) keeps rows as samples and W⁽ˡ⁾ of shape (n_{l−1}, n_l). Notes 001
and 003 write a layer as a column, a_k = b_k + W_k h_{k−1}, with W_k of shape (n_k, n_{k−1}):
W_k is the engine's W⁽ᵏ⁾ transposed, and a sample is a column. This module runs a `Network`'s
parameters through the notes' equations, so that the pages can check them numerically.

Note 001, algorithm (vf-backward-algorithm), for one sample x with correct output l (h_0 = x,
L layers):

    ∇_{a_L} L = −(e(l) − ŷ)
    for k = L, …, 1:
        ∇_{W_k} L = ∇_{a_k} L h_{k−1}ᵀ        (∂L/∂w_kij = ∂L/∂a_ki h_{k−1,j})
        ∇_{b_k} L = ∇_{a_k} L                 (not written in the note; ∂a_ki/∂b_ki = 1)
        ∇_{h_{k−1}} L = W_kᵀ ∇_{a_k} L
        ∇_{a_{k−1}} L = ∇_{h_{k−1}} L ⊙ g′(a_{k−1})

Note 003, eqs. (oh-network), (oh-gradients), for the columns of X (one sample per column), with the
corrections the book's checks call for (w_2ᵀ in ∂L/∂A_1 and the ReLU mask in ∂L/∂z_1):

    z_1 = w_1 X + b_1, A_1 = ReLU(z_1), z_2 = w_2 A_1 + b_2, A_2 = Softmax(z_2)
    ∂L/∂z_2 = A_2 − y,  ∂L/∂w_2 = ∂L/∂z_2 A_1ᵀ,  ∂L/∂b_2 = ∂L/∂z_2
    ∂L/∂A_1 = w_2ᵀ ∂L/∂z_2,  ∂L/∂z_1 = ∂L/∂A_1 ⊙ 1[z_1 > 0],  ∂L/∂w_1 = ∂L/∂z_1 Xᵀ,
    ∂L/∂b_1 = ∂L/∂z_1

(with several columns, the weight gradients sum over the samples and the bias gradients are
the row sums; L is then the sum of the samples' losses).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop.activations import relu, relu_prime_from_output, softmax
from backprop.network import Gradients, Network


def column_parameters(net: Network) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The notes' W_k = (engine's W⁽ᵏ⁾)ᵀ, shape (n_k, n_{k−1}), and b_k as columns (n_k, 1)."""
    weights = [w.T.astype(np.float64) for w in net.weights]
    biases = [np.broadcast_to(b.astype(np.float64), (w.shape[1],)).reshape(-1, 1)
              for w, b in zip(net.weights, net.biases, strict=True)]
    return weights, biases


def _softmax_columns(a: np.ndarray) -> np.ndarray:
    """Softmax of each column (the engine's `softmax` works on rows)."""
    return softmax(a.T).T


@dataclass
class VectorPass:
    """Note 001's forward and backward pass for one sample (every array a column or W_k).

    ``a[k]``, ``h[k]`` for k = 1 … L (``h[0]`` = x; ``a[0]`` unused, None); ``y_hat`` = ŷ;
    ``grad_a[k]`` = ∇_{a_k}L, ``grad_h[k]`` = ∇_{h_k}L (k = 1 … L−1); ``grad_w[k]``,
    ``grad_b[k]`` = ∇_{W_k}L, ∇_{b_k}L for k = 1 … L (index 0 unused).
    """

    a: list
    h: list
    y_hat: np.ndarray
    grad_a: list
    grad_h: list
    grad_w: list
    grad_b: list


def vector_pass(net: Network, x: np.ndarray, label: int) -> VectorPass:
    """Note 001's equations, algorithm (vf-backward-algorithm), for one sample ``x`` (shape
    (n_0,)) whose correct output is ``label`` (0-based): softmax output, loss L = −log ŷ_l."""
    if net.output != "softmax" or net.output_relu:
        raise ValueError("note 001's network has a plain softmax output")
    weights, biases = column_parameters(net)
    n_layers = len(weights)
    a: list = [None] * (n_layers + 1)
    h: list = [None] * (n_layers + 1)
    h[0] = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    for k in range(1, n_layers + 1):
        a[k] = biases[k - 1] + weights[k - 1] @ h[k - 1]
        if k < n_layers:
            h[k] = net.activation.g(a[k])
    y_hat = _softmax_columns(a[n_layers])
    e_l = np.zeros_like(y_hat)
    e_l[label, 0] = 1
    grad_a: list = [None] * (n_layers + 1)
    grad_h: list = [None] * (n_layers + 1)
    grad_w: list = [None] * (n_layers + 1)
    grad_b: list = [None] * (n_layers + 1)
    grad_a[n_layers] = -(e_l - y_hat)
    for k in range(n_layers, 0, -1):
        grad_w[k] = grad_a[k] @ h[k - 1].T
        grad_b[k] = grad_a[k]
        if k > 1:
            grad_h[k - 1] = weights[k - 1].T @ grad_a[k]
            # g′(a_{k−1}) as note 001 writes it, read off h_{k−1} = g(a_{k−1}): 1[a > 0] or σ(1 − σ)
            grad_a[k - 1] = grad_h[k - 1] * net.activation.prime_from_output(h[k - 1])
    return VectorPass(a, h, y_hat, grad_a, grad_h, grad_w, grad_b)


def as_engine_gradients(passes: list[VectorPass], net: Network) -> Gradients:
    """The mean over samples of note 001's per-sample gradients, in the engine's layout
    (W⁽ᵏ⁾ = W_kᵀ, b⁽ᵏ⁾ a vector, or its sum for a scalar bias): the engine's cost is the mean
    of the samples' losses."""
    n_layers = len(net.weights)
    weights, biases = [], []
    for k in range(1, n_layers + 1):
        weights.append(np.mean([p.grad_w[k] for p in passes], axis=0).T)
        gb = np.mean([p.grad_b[k] for p in passes], axis=0).reshape(-1)
        biases.append(gb if net.bias == "vector" else gb.sum().reshape(1))
    return Gradients(weights, biases)


@dataclass
class OneHidden:
    """Note 003's quantities for the columns of X, eqs. (oh-network), (oh-gradients): every
    array with the note's orientation (one column per sample)."""

    X: np.ndarray
    z1: np.ndarray
    A1: np.ndarray
    z2: np.ndarray
    A2: np.ndarray
    y: np.ndarray
    dz2: np.ndarray
    dW2: np.ndarray
    db2: np.ndarray
    dA1: np.ndarray
    dz1: np.ndarray
    dW1: np.ndarray
    db1: np.ndarray

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """Every array's shape, by the note's name."""
        return {name: getattr(self, name).shape for name in self.__dataclass_fields__}


def one_hidden(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray,
               X: np.ndarray, labels: np.ndarray) -> OneHidden:
    """Note 003's network and gradients, eqs. (oh-network), (oh-gradients), for X of shape
    (n_0, N) (one sample per column) and integer ``labels`` (N,); w_1 (n_1, n_0), b_1 (n_1, 1),
    w_2 (K, n_1), b_2 (K, 1). L is the sum of the N samples' cross-entropies."""
    X = np.asarray(X, dtype=np.float64)
    z1 = w1 @ X + b1
    A1 = relu(z1)
    z2 = w2 @ A1 + b2
    A2 = _softmax_columns(z2)
    y = np.zeros_like(A2)
    y[np.asarray(labels), np.arange(X.shape[1])] = 1
    dz2 = A2 - y
    dW2 = dz2 @ A1.T
    db2 = dz2.sum(axis=1, keepdims=True)
    dA1 = w2.T @ dz2
    dz1 = dA1 * relu_prime_from_output(A1)  # 1[z_1 > 0]
    dW1 = dz1 @ X.T
    db1 = dz1.sum(axis=1, keepdims=True)
    return OneHidden(X, z1, A1, z2, A2, y, dz2, dW2, db2, dA1, dz1, dW1, db1)
