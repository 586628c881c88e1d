"""Note 003's network as a SymPy instance: the 3-4-3 network for one sample, in columns.

The instance, its size and label, the whole network's forward values, the softmax output as a
function of each layer's free symbols, and SymPy's own derivatives of the loss the references
of `backprop.claims.note003` use (the module docstring there describes them).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import sympy as sp

from backprop.claims import Instance
from backprop.sympy_kit import (
    column,
    grad,
    one_hot_values,
    relu,
    softmax,
    substitute,
    symbol_matrix,
    symbol_vector,
)

N_INPUT, N_HIDDEN, N_CLASSES = 3, 4, 3


LABEL = 1
"""k, the class of the sample (0-based)."""


@cache
def instance() -> Instance:
    """The shared instance of note 003's claims (built once).

    ``label`` = k; ``x`` = X (3 × 1); ``w1`` (4 × 3), ``b1`` (4 × 1), ``w2`` (3 × 4), ``b2``
    (3 × 1); ``y`` the targets y_t (symbols), ``fixed`` their one-hot values (y_tk = 1, every
    other y_ti = 0). Free symbols ``z1``, ``a1``, ``z2``, ``a2`` for z_1, A_1, z_2, A_2, and the
    loss as a function of each (``loss_a2`` …, ``loss_x`` the whole network's);
    ``z2_of_a1()`` = w_2 A_1 + b_2 in the free symbols A_1, ``z1_of_x()`` = w_1 X + b_1.
    """
    x = symbol_vector("X", N_INPUT)
    w1, b1 = symbol_matrix("w", N_HIDDEN, N_INPUT, sub=1), symbol_vector("b", N_HIDDEN, sub=1)
    w2, b2 = symbol_matrix("w", N_CLASSES, N_HIDDEN, sub=2), symbol_vector("b", N_CLASSES, sub=2)
    y = symbol_vector("y", N_CLASSES, sub="t")
    z1, a1 = symbol_vector("z", N_HIDDEN, sub=1), symbol_vector("A", N_HIDDEN, sub=1)
    z2, a2 = symbol_vector("z", N_CLASSES, sub=2), symbol_vector("A", N_CLASSES, sub=2)
    loss_a2 = -sum(y[i] * sp.log(a2[i]) for i in range(N_CLASSES))
    loss_z2 = substitute(loss_a2, dict(zip(a2, softmax(z2), strict=True)))
    loss_a1 = substitute(loss_z2, dict(zip(z2, w2 * a1 + b2, strict=True)))
    loss_z1 = substitute(loss_a1, {a: relu(z) for a, z in zip(a1, z1, strict=True)})
    loss_x = substitute(loss_z1, dict(zip(z1, w1 * x + b1, strict=True)))
    return Instance(label=LABEL, x=x, w1=w1, b1=b1, w2=w2, b2=b2, y=y,
                    fixed=one_hot_values([list(y)], [LABEL]), z1=z1, a1=a1, z2=z2, a2=a2,
                    loss_a2=loss_a2, loss_z2=loss_z2, loss_a1=loss_a1, loss_z1=loss_z1,
                    loss_x=loss_x, z2_of_a1=lambda: w2 * a1 + b2, z1_of_x=lambda: w1 * x + b1)


@cache
def forward() -> dict[str, sp.Matrix]:
    """The whole network's z_1, A_1, z_2, A_2 as expressions of X and the parameters."""
    net = instance()
    z1 = net.z1_of_x()
    a1 = z1.applyfunc(relu)
    z2 = net.w2 * a1 + net.b2
    return {"z1": z1, "a1": a1, "z2": z2, "a2": softmax(z2)}


@cache
def reference(wrt: str) -> sp.Matrix:
    """SymPy's ∂L/∂(wrt) for "z2", "a1", "z1" (free symbols) or "w2", "b2" (loss of A_1 on),
    "w1", "b1" (whole network): the derivative of L as the note defines it."""
    net = instance()
    loss = {"z2": net.loss_z2, "a1": net.loss_a1, "z1": net.loss_z1, "w2": net.loss_a1,
            "b2": net.loss_a1, "w1": net.loss_x, "b1": net.loss_x}[wrt]
    return grad(loss, getattr(net, wrt))


def reference_of(wrt: str) -> Callable[[Instance], sp.Matrix]:
    """``reference(wrt)`` as a claim's reference function."""
    return lambda net: reference(wrt)


def a2_of_z2(net: Instance) -> sp.Matrix:
    """A_2 = Softmax(z_2) in the free symbols z_2."""
    return softmax(net.z2)


def a2_of_a1(net: Instance) -> sp.Matrix:
    """A_2 as a function of the free symbols A_1."""
    return softmax(net.z2_of_a1())


def a2_of_z1(net: Instance) -> sp.Matrix:
    """A_2 as a function of the free symbols z_1."""
    return softmax(net.w2 * net.z1.applyfunc(relu) + net.b2)


def total(net: Instance) -> sp.Expr:
    """Σ_j e^{z_2j} in the free symbols z_2."""
    return sum(sp.exp(v) for v in net.z2)


ALL_I = list(range(N_CLASSES))


I_EQ_K = [LABEL]


I_NE_K = [i for i in ALL_I if i != LABEL]


def dz2_reference(indices: list[int]) -> Callable[[Instance], sp.Matrix]:
    """SymPy's ∂L/∂z_2i for the given i."""
    return lambda net: column(indices, lambda i: reference("z2")[i])
