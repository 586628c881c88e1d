"""Note 002's network as a SymPy instance: the mini-batch network with L2, rows are samples.

The instance (its sizes and labels, the layers, ψ, the costs and the cost as a function of each
layer's free symbols; `backprop.claims.note002`'s docstring describes it), and the numbers
that put the engine's parameters into it (`substitution`, `evaluate`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from backprop.claims import Instance
from backprop.sympy_kit import relu, symbol_matrix

N_SAMPLES, N_INPUTS, N_HIDDEN, N_CLASSES = 3, 2, 2, 3


LABELS = (2, 0, 1)


def layer(a: sp.Matrix, w: sp.Matrix, b: sp.Matrix) -> sp.Matrix:
    """z_{i,n} = Σ_h a_{i,h} w_{h,n} + b_n, written as an index sum (rows are samples)."""
    return sp.Matrix(a.rows, w.cols,
                     lambda i, n: sum(a[i, h] * w[h, n] for h in range(w.rows)) + b[0, n])


def psi(z: sp.Matrix) -> sp.Matrix:
    """ψ(z)_{ij} = exp(z_ij) / Σ_k exp(z_ik): the softmax of each row."""
    return sp.Matrix(z.rows, z.cols,
                     lambda i, j: sp.exp(z[i, j]) / sum(sp.exp(z[i, k]) for k in range(z.cols)))


def data_cost(z3: sp.Matrix, labels: tuple[int, ...]) -> sp.Expr:
    """J_data = (1/N) Σ_i −log[exp(z_{i,y_i}) / Σ_k exp(z_{ik})], as the note's J̃ writes it."""
    n = z3.rows
    return sum(
        -sp.log(sp.exp(z3[i, y]) / sum(sp.exp(z3[i, k]) for k in range(z3.cols)))
        for i, y in enumerate(labels)
    ) / n


def sq_norm(w: sp.Matrix) -> sp.Expr:
    """‖w‖₂² read as the sum of the squared entries (the Frobenius norm squared)."""
    return sum(v**2 for v in w)


@cache
def instance() -> Instance:
    """The shared instance of note 002's claims (built once): the symbolic network, rows are
    samples (see the module docstring).

    ``x`` = a⁽¹⁾ (N × n₀), ``w1`` (n₀ × H), ``b1`` (1 × H), ``w2`` (H × C), ``b2`` (1 × C),
    ``lam`` = λ, ``delta`` = Δ (N × C, 0/1). Forward quantities of the whole network: ``z2``,
    ``a2``, ``z3``, ``psi``; costs ``J_data``, ``J_reg``, ``J`` = J̃. Free layer symbols
    ``Z3``, ``A2``, ``Z2`` (N × C, N × H, N × H) with the cost as a function of each, and the
    ψ and pre-activation that go with them (``psi_of_a2`` …).
    """
    n, d, h, c = N_SAMPLES, N_INPUTS, N_HIDDEN, N_CLASSES
    x = symbol_matrix("a^{(1)}", n, d)
    w1 = symbol_matrix("w^{(1)}", d, h)
    b1 = symbol_matrix("b^{(1)}", 1, h)
    w2 = symbol_matrix("w^{(2)}", h, c)
    b2 = symbol_matrix("b^{(2)}", 1, c)
    lam = sp.Symbol("lambda")
    delta = sp.Matrix(n, c, lambda i, j: 1 if j == LABELS[i] else 0)
    z2 = layer(x, w1, b1)
    a2 = z2.applyfunc(relu)
    z3 = layer(a2, w2, b2)
    j_reg = lam * (sq_norm(w1) + sq_norm(w2))
    j_data = data_cost(z3, LABELS)
    big_z3 = symbol_matrix("z^{(3)}", n, c)
    big_a2 = symbol_matrix("a^{(2)}", n, h)
    big_z2 = symbol_matrix("z^{(2)}", n, h)
    z3_of_a2 = layer(big_a2, w2, b2)
    z3_of_z2 = layer(big_z2.applyfunc(relu), w2, b2)
    return Instance(
        n=n, labels=LABELS, x=x, w1=w1, b1=b1, w2=w2, b2=b2, lam=lam, delta=delta,
        ones=sp.ones(n, 1), z2=z2, a2=a2, z3=z3, psi=psi(z3),
        J_data=j_data, J_reg=j_reg, J=j_data + j_reg,
        Z3=big_z3, J_of_z3=data_cost(big_z3, LABELS) + j_reg,
        A2=big_a2, z3_of_a2=z3_of_a2, psi_of_a2=psi(z3_of_a2),
        J_of_a2=data_cost(z3_of_a2, LABELS) + j_reg,
        Z2=big_z2, psi_of_z2=psi(z3_of_z2), J_of_z2=data_cost(z3_of_z2, LABELS) + j_reg,
    )


def substitution(inst: Instance, x, weights, biases, a2, lam: float) -> dict:
    """Numbers for the instance's symbols (a ``dict`` for ``xreplace``): the inputs ``x``
    (N × n₀), ``weights`` = [w⁽¹⁾, w⁽²⁾] and ``biases`` = [b⁽¹⁾, b⁽²⁾] (vectors) as the engine
    holds them, the hidden activations ``a2`` for the free a⁽²⁾, and λ."""
    values = {inst.lam: sp.Float(float(lam), 30)}
    pairs = ((inst.x, x), (inst.w1, weights[0]), (inst.w2, weights[1]),
             (inst.b1, biases[0]), (inst.b2, biases[1]), (inst.A2, a2))
    for symbols, numbers in pairs:
        flat = [float(v) for row in numbers for v in (row if hasattr(row, "__len__") else [row])]
        if len(flat) != len(symbols):
            raise ValueError(f"{len(flat)} numbers for {len(symbols)} symbols {symbols[0]}…")
        values |= {sym: sp.Float(v, 30) for sym, v in zip(symbols, flat, strict=True)}
    return values


def evaluate(m: sp.Matrix, values: dict):
    """A matrix expression at the numbers ``values`` (`substitution`), as a float64 array."""
    return np.array(m.xreplace(values).evalf(30).tolist(), dtype=np.float64)
