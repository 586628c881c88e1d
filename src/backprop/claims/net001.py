"""Note 001's network as a SymPy instance: the 3-3-3-4 network in the note's a/h notation.

The instance, its size and label, and SymPy's own derivatives the references of
`backprop.claims.note001` use (the module docstring there describes them): ∇_{a_k}L and
∇_{h_k}L in the free symbols of a layer, the whole network's forward values, ∂L/∂w_111 and
∂L/∂W_k.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import sympy as sp

from backprop.claims import Instance
from backprop.sympy_kit import (
    column,
    grad,
    indicator,
    relu,
    softmax,
    stack,
    substitute,
    symbol_matrix,
    symbol_vector,
)

SIZES = (3, 3, 3, 4)
"""Neurons per layer, input first: h_0 = x ∈ ℝ³, a_1, a_2 ∈ ℝ³, a_3 = a_L ∈ ℝ⁴."""


LABEL = 2
"""l, the index of the correct output (1-based, as the note's worked example "k = 4, l = 2")."""


OUTPUT = len(SIZES) - 1
"""L, the output layer."""


HIDDEN = tuple(range(1, OUTPUT))
"""The hidden layers i = 1, 2: the recursion claims are checked at both."""


@cache
def instance() -> Instance:
    """The shared instance of note 001's claims (built once).

    ``label`` = l; ``x`` = h_0; ``weights[k]`` = W_k (n_k × n_{k−1}, entry w_{k,i,j});
    ``biases[k]`` = b_k; ``a[k]`` and ``h[k]`` free symbols for a_k and h_k (``h[0]`` is x);
    ``pre(k)`` = b_k + W_k h_{k−1} in the free symbols h_{k−1}; ``to_a(k)`` the substitution
    a_k ↦ b_k + W_k h_{k−1}; ``to_h(k)`` the substitution h_k ↦ g(a_k) = ReLU(a_k);
    ``y_hat`` = softmax(a_L) in the free symbols a_L; ``y`` = e(l), the true distribution;
    ``loss_a[k]`` is L as a function of ``a[k]`` (and the later layers' parameters),
    ``loss_h[k]`` as one of ``h[k]``; ``loss_h[0]`` is the loss of the whole network.
    """
    x = symbol_vector("x", SIZES[0], first=1)
    weights, biases, a, h = {}, {}, {}, {0: x}
    for k in range(1, OUTPUT + 1):
        weights[k] = symbol_matrix("w", SIZES[k], SIZES[k - 1], first=1, sub=k)
        biases[k] = symbol_vector("b", SIZES[k], first=1, sub=k)
        a[k] = symbol_vector("a", SIZES[k], first=1, sub=k)
        if k < OUTPUT:
            h[k] = symbol_vector("h", SIZES[k], first=1, sub=k)

    def pre(k: int) -> sp.Matrix:
        return biases[k] + weights[k] * h[k - 1]

    def to_a(k: int) -> dict:
        return dict(zip(a[k], pre(k), strict=True))

    def to_h(k: int) -> dict:
        return {hv: relu(av) for hv, av in zip(h[k], a[k], strict=True)}

    loss_a = {OUTPUT: -sp.log(softmax(a[OUTPUT])[LABEL - 1])}
    loss_h = {}
    for k in range(OUTPUT, 0, -1):
        loss_h[k - 1] = substitute(loss_a[k], to_a(k))
        if k > 1:
            loss_a[k - 1] = substitute(loss_h[k - 1], to_h(k - 1))
    return Instance(label=LABEL, x=x, weights=weights, biases=biases, a=a, h=h, pre=pre,
                    to_a=to_a, to_h=to_h, y_hat=softmax(a[OUTPUT]),
                    y=sp.Matrix(SIZES[-1], 1, lambda i, _: 1 if i + 1 == LABEL else 0),
                    loss_a=loss_a, loss_h=loss_h)


@cache
def grad_a(k: int) -> sp.Matrix:
    """∇_{a_k} L by ``sympy.diff``, in the free symbols a_k."""
    net = instance()
    return grad(net.loss_a[k], net.a[k])


@cache
def grad_h(k: int) -> sp.Matrix:
    """∇_{h_k} L by ``sympy.diff``, in the free symbols h_k."""
    net = instance()
    return grad(net.loss_h[k], net.h[k])


@cache
def grad_a_at(k: int) -> sp.Matrix:
    """∇_{a_k} L "already computed", with a_k = b_k + W_k h_{k−1} put in (symbols h_{k−1})."""
    return substitute(grad_a(k), instance().to_a(k))


@cache
def grad_h_at(k: int) -> sp.Matrix:
    """∇_{h_k} L "already computed", with h_k = g(a_k) put in (symbols a_k)."""
    return substitute(grad_h(k), instance().to_h(k))


@cache
def forward() -> dict[str, dict[int, sp.Matrix]]:
    """The whole network's a_k and h_k as expressions of x and the parameters."""
    net = instance()
    a_full: dict[int, sp.Matrix] = {}
    h_full: dict[int, sp.Matrix] = {0: net.x}
    for k in range(1, OUTPUT + 1):
        a_full[k] = net.biases[k] + net.weights[k] * h_full[k - 1]
        if k < OUTPUT:
            h_full[k] = a_full[k].applyfunc(relu)
    return {"a": a_full, "h": h_full}


def at_full(expr: sp.Expr | sp.Matrix, k: int, kind: str) -> sp.Expr | sp.Matrix:
    """``expr`` in the free symbols a_k (kind "a") or h_k ("h"), with the whole network's
    values put in, so that it is an expression of x and the parameters."""
    net = instance()
    symbols = net.a[k] if kind == "a" else net.h[k]
    values = forward()[kind][k]
    return substitute(expr, dict(zip(symbols, values, strict=True)))


@cache
def d_loss_d_w111() -> sp.Matrix:
    """SymPy's ∂L/∂w_111 of the whole network (a 1 × 1 matrix)."""
    net = instance()
    return sp.Matrix([[sp.diff(net.loss_h[0], net.weights[1][0, 0])]])


def is_label(i: int) -> sp.Integer:
    """1_{(l = i)} for the 0-based index i."""
    return indicator(i + 1 == LABEL)


ALL_I = list(range(SIZES[-1]))


I_EQ_L = [LABEL - 1]


I_NE_L = [i for i in ALL_I if i != LABEL - 1]


def dl_da_reference(indices: list[int]) -> Callable[[Instance], sp.Matrix]:
    """SymPy's ∂L/∂a_{Li} (L = −log ŷ_l in the free symbols a_L) for the given i."""
    return lambda net: column(indices, lambda i: grad_a(OUTPUT)[i])


def reference_h(net: Instance) -> sp.Matrix:
    """SymPy's ∇_{h_i} L at every hidden layer i, stacked."""
    return stack([grad_h(i) for i in HIDDEN])


def reference_a(net: Instance) -> sp.Matrix:
    """SymPy's ∇_{a_i} L at every hidden layer i, stacked."""
    return stack([grad_a(i) for i in HIDDEN])


def dl_dw_reference(net: Instance, k: int, i: int, j: int) -> sp.Expr:
    return sp.diff(net.loss_h[k - 1], net.weights[k][i, j])


GRAD_W_LAYER = 2
"""The layer k of the note's 3 × 3 weight-gradient matrix on the instance (n_2 = n_1 = 3 and
h_{k−2} = x has the third entry the matrix uses)."""


@cache
def grad_w_layer_reference() -> sp.Matrix:
    """SymPy's ∂L/∂W_k of the whole network for k = GRAD_W_LAYER."""
    net = instance()
    return grad(net.loss_h[0], net.weights[GRAD_W_LAYER])
