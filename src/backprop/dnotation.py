"""Note 004's derivative notation (its Appendix A), symbolic and numerical, and its Facts 1-6.

Appendix A writes every derivative so that its shape says what it is:

* ``d_x f`` (eq. (d-gradient)): the gradient of a scalar f with respect to a vector x, a
  **column** with entries ∂f/∂x_i;
* ``D_u x`` (eq. (D-matrix)): for a vector x = (x_1, …, x_n) of functions of u = (u_1, …, u_k),
  the k × n matrix whose **columns are the gradients** d_u x_j, so its entry (i, j) is
  ∂x_j/∂u_i; it is the transpose of the usual Jacobian J_u x (entry (j, i) = ∂x_j/∂u_i);
* ``D_A f`` for a matrix A: the matrix of ∂f/∂a_ij, of A's shape;
* in Propositions 2 and 2E, ``d_u x`` for a vector x whose entry x_i depends on u_i alone
  (or on row i of a matrix U) is the column of the only derivatives that are not 0:
  (∂x_1/∂u_1, …, ∂x_n/∂u_n) (`d_parallel`).

With them the chain rule reads d_u f = D_u x · d_x f (Proposition 1), and for an elementwise x
it becomes d_u f = d_x f ⊙ d_u x (Proposition 2, the Hadamard product).

The SymPy functions build these matrices from `sympy.diff`; the NumPy functions estimate them
by central finite differences, eq. (central-difference). `facts_backward` is the note's
per-example backward pass, Facts 1-6, in its column convention (z = W a' + b).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from backprop.activations import sigmoid, sigmoid_prime_from_output
from backprop.sympy_kit import grad

# -- SymPy: the note's d and D ----------------------------------------------------------------


def d(f: sp.Expr, x: Sequence[sp.Expr]) -> sp.Matrix:
    """d_x f, eq. (d-gradient): the column (∂f/∂x_1, …, ∂f/∂x_n)ᵀ."""
    return sp.Matrix([sp.diff(f, xi) for xi in x])


def D(xs: Sequence[sp.Expr], u: Sequence[sp.Expr]) -> sp.Matrix:
    """D_u x, eq. (D-matrix): the len(u) × len(xs) matrix with columns d_u x_j."""
    return sp.Matrix.hstack(*[d(xj, u) for xj in xs])


def D_matrix(f: sp.Expr, a: sp.Matrix) -> sp.Matrix:
    """D_A f: the matrix of ∂f/∂a_ij, with the shape of A (Appendix A's extension)."""
    return grad(f, a)


def d_parallel(xs: Sequence[sp.Expr], u: Sequence[sp.Expr]) -> sp.Matrix:
    """Propositions 2 and 2E's d_u x: the column (∂x_1/∂u_1, …, ∂x_n/∂u_n)."""
    if len(xs) != len(u):
        raise ValueError(f"x and u must have the same length, got {len(xs)} and {len(u)}")
    return sp.Matrix([sp.diff(xi, ui) for xi, ui in zip(xs, u, strict=True)])



def outer(u: sp.Matrix, v: sp.Matrix) -> sp.Matrix:
    """u ⊗ v = u vᵀ, whose column j is v_j u (note 004, before the recap of Facts 1-5)."""
    return u * v.T


def at(expr: sp.Expr | sp.Matrix, variables: Sequence[sp.Symbol], values: Sequence[sp.Expr]):
    """``expr`` evaluated at variables = values (SymPy keeps derivatives as ``Subs``)."""
    return expr.subs(dict(zip(variables, values, strict=True)))


# -- NumPy: the same matrices by central finite differences -------------------------------------


def fd_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d_x f by central differences, (f(x + h e_i) − f(x − h e_i)) / 2h for each i: shape (n,)."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.empty(x.size)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad.reshape(x.shape)


def fd_D(g: Callable[[np.ndarray], np.ndarray], u: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """D_u g by central differences: shape (len(u), len(g(u))), row i = ∂g/∂u_i."""
    u = np.asarray(u, dtype=np.float64)
    rows = []
    for i in range(u.size):
        step = np.zeros_like(u)
        step[i] = h
        rows.append((np.asarray(g(u + step)) - np.asarray(g(u - step))) / (2 * h))
    return np.array(rows)


# -- NumPy: Facts 1-6, one example, column convention -----------------------------------------


@dataclass
class FactsBackward:
    """Every derivative of the note's backward pass, per layer l = 1 … L (index l − 1).

    ``d_a[l]`` = d_{aˡ}C, ``d_z[l]`` = d_{zˡ}C, ``d_b[l]`` = d_{bˡ}C (columns of shape (n_l,));
    ``D_W[l]`` = D_{Wˡ}C, of Wˡ's shape (n_l, n_{l-1}).
    """

    d_a: list[np.ndarray]
    d_z: list[np.ndarray]
    d_b: list[np.ndarray]
    D_W: list[np.ndarray]


def facts_backward(
    weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray, y: np.ndarray
) -> FactsBackward:
    """Note 004's backward pass for one example, C = ½‖y − aᴸ‖², σ the sigmoid everywhere.

    Column convention: Wˡ has shape (n_l, n_{l-1}) and zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = σ(zˡ), a⁰ = x.
    Fact 1: d_{aᴸ}C = aᴸ − y;  Fact 2: d_z C = d_a C ⊙ σ'(z);  Fact 3: d_b C = d_z C;
    Facts 4-5: D_W C = [a'_1 d_z C, …, a'_n d_z C] = d_z C ⊗ a';  Fact 6: d_{a'}C = Wᵀ d_z C.
    """
    activations = [np.asarray(x, dtype=np.float64)]
    for w, b in zip(weights, biases, strict=True):
        activations.append(sigmoid(w @ activations[-1] + b))
    d_a, d_z, d_b, d_w = [], [], [], []                                 # filled from layer L down
    grad_a = activations[-1] - y                                         # Fact 1
    for layer in range(len(weights) - 1, -1, -1):
        grad_z = grad_a * sigmoid_prime_from_output(activations[layer + 1])  # Fact 2
        d_a.append(grad_a)
        d_z.append(grad_z)
        d_b.append(grad_z)                                               # Fact 3
        d_w.append(np.outer(grad_z, activations[layer]))                 # Facts 4-5
        if layer:
            grad_a = weights[layer].T @ grad_z                           # Fact 6
    return FactsBackward(d_a[::-1], d_z[::-1], d_b[::-1], d_w[::-1])
