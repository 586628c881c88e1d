"""Note 001: backpropagation in vector form (a/h notation), every equation as a claim.

The note's network has layers k = 1 … L with pre-activation a_k = b_k + W_k h_{k−1} and
activation h_k = g(a_k) (h_0 = x), output ŷ = softmax(a_L) and the loss L(θ) = −log ŷ_l, where
l is the index of the correct output. W_k has one row per neuron i of layer k and one column per
neuron j of layer k − 1, so w_{kij} joins j to i: **column vectors**, the transpose of the
engine's rows-are-samples layout.

**The instance** (`instance`): x ∈ ℝ³ and layers of 3, 3 and 4 neurons (L = 3), so that
h_2 has the three neurons of the note's example a_31 = w_311 h_21 + w_312 h_22 + w_313 h_23,
layer 2's weight gradient is the note's 3 × 3 matrix, and the output has the k = 4 neurons of
the worked example with l = 2. Indices are 1-based, as the note writes them. Every input, weight
and bias is a SymPy symbol; g is ReLU (``Max(0, ·)``, so g′ is SymPy's Heaviside step and
points where a ReLU input is 0 are skipped). References are ``sympy.diff`` of L = −log ŷ_l:
of the whole network with respect to a weight, or of the network from a layer on, with that
layer's a_k or h_k made free symbols (``loss_a[k]``, ``loss_h[k]``), for the claims about
∂L/∂a_{ki} and ∂L/∂h_{ki}. A formula that uses a gradient "already computed earlier" takes it
from SymPy too (``grad_a``), so each claim checks its own step only.

Definitions that state nothing to check (b(x) = x², ∇_θ as the vector of partials, a_k = b_k +
W_k h_{k−1}, L(θ) = −log ŷ_l, the gradient vectors and matrices as arrays of partials, the
update w ← w − η ∂L/∂w) build the instance or are shown on the page without a verdict.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from backprop.claims import FAILS, Claim, ClaimMaker, Instance
from backprop.claims.net001 import (
    ALL_I,
    GRAD_W_LAYER,
    HIDDEN,
    I_EQ_L,
    I_NE_L,
    LABEL,
    OUTPUT,
    SIZES,
    at_full,
    d_loss_d_w111,
    dl_da_reference,
    dl_dw_reference,
    forward,
    grad_a,
    grad_a_at,
    grad_h_at,
    grad_w_layer_reference,
    instance,
    is_label,
    reference_a,
    reference_h,
)
from backprop.sympy_kit import (
    column,
    hadamard,
    indicator_positive,
    positive_mask,
    relu,
    stack,
    symbol_vector,
)


def chain_w111(first: sp.Matrix) -> sp.Matrix:
    """The product of Jacobians (∂L/∂ŷ ∂ŷ/∂a_3) ∂a_3/∂h_2 ∂h_2/∂a_2 ∂a_2/∂h_1 ∂h_1/∂a_1 ∂a_1/∂w_111
    with ``first`` (a row, in the symbols a_3) for the first two factors; each other factor is
    SymPy's Jacobian of the map it names, and all are evaluated on the whole network."""
    net = instance()
    product = at_full(first, OUTPUT, "a")
    for k in range(OUTPUT, 1, -1):
        da_dh = net.pre(k).jacobian(net.h[k - 1])
        dh_da = net.a[k - 1].applyfunc(relu).jacobian(net.a[k - 1])
        product = product * at_full(da_dh, k - 1, "h") * at_full(dh_da, k - 1, "a")
    da1_dw111 = net.pre(1).jacobian([net.weights[1][0, 0]])
    return product * da1_dw111


def jacobian_first_two() -> sp.Matrix:
    """∂L/∂ŷ ∂ŷ/∂a_3 as a row: SymPy's ∂(−log ŷ_l)/∂ŷ times the softmax Jacobian."""
    net = instance()
    y_sym = symbol_vector("Y", SIZES[-1], first=1)
    dl_dy = sp.Matrix([[-sp.log(y_sym[net.label - 1])]]).jacobian(y_sym)
    dl_dy = dl_dy.xreplace(dict(zip(y_sym, net.y_hat, strict=True)))
    return dl_dy * net.y_hat.jacobian(net.a[OUTPUT])


# -- the output layer: quotient rule ---------------------------------------------------------

def _out() -> tuple[Instance, sp.Matrix, sp.Expr, sp.Matrix, int]:
    """(net, a_L, Σ_{i'} exp(a_L)_{i'}, ŷ, l − 1) for the output-layer claims."""
    net = instance()
    a = net.a[OUTPUT]
    return net, a, sum(sp.exp(v) for v in a), net.y_hat, net.label - 1


def quotient_as_written(net: Instance, indices: list[int]) -> sp.Matrix:
    """(−1/ŷ_i)(∂/∂a_Li exp(a_L)_i / Σ_i exp(a_L)_i − exp(a_L)_i ∂/∂a_Li Σ_{i'} exp(a_L)_{i'}
    / (Σ_{i'} exp(a_L)_{i'})²), literally with i where the line before had l."""
    _, a, total, y_hat, _ = _out()
    return column(indices, lambda i: -1 / y_hat[i] * (
        sp.diff(sp.exp(a[i]), a[i]) / total - sp.exp(a[i]) * sp.diff(total, a[i]) / total**2))


def _total(net: Instance) -> sp.Expr:
    """Σ_{i'} exp(a_L)_{i'} in the free symbols a_L."""
    return sum(sp.exp(v) for v in net.a[OUTPUT])


def indicator_as_written(net: Instance, indices: list[int]) -> sp.Matrix:
    """∂/∂a_Li exp(a_L)_i, said to be 1_{(l=i)} exp(a_L)_i."""
    a = net.a[OUTPUT]
    return column(indices, lambda i: is_label(i) * sp.exp(a[i]))


def indicator_reference(net: Instance, indices: list[int]) -> sp.Matrix:
    """SymPy's ∂/∂a_Li of exp(a_L)_i, the expression the note writes."""
    a = net.a[OUTPUT]
    return column(indices, lambda i: sp.diff(sp.exp(a[i]), a[i]))


# -- hidden layers ---------------------------------------------------------------------------

def recursion_h(entry: Callable[[Instance, int, int], sp.Expr]) -> Callable[[Instance], sp.Matrix]:
    """∂L/∂h_ij from ``entry(net, i, j)`` at every hidden layer i, stacked."""
    return lambda net: stack([
        sp.Matrix([[entry(net, i, j)] for j in range(SIZES[i])]) for i in HIDDEN])


def dl_dh_chain(net: Instance, i: int, j: int) -> sp.Expr:
    nxt = net.pre(i + 1)
    g = grad_a_at(i + 1)
    return sum(g[m] * sp.diff(nxt[m], net.h[i][j]) for m in range(SIZES[i + 1]))


def dl_dh_sum(net: Instance, i: int, j: int) -> sp.Expr:
    w = net.weights[i + 1]
    g = grad_a_at(i + 1)
    return sum(g[m] * w[m, j] for m in range(SIZES[i + 1]))


def _dl_dh_column(net: Instance, i: int, j: int) -> sp.Expr:
    return (net.weights[i + 1][:, j].T * grad_a_at(i + 1))[0, 0]


def _grad_h_matrix(net: Instance) -> sp.Matrix:
    return stack([net.weights[i + 1].T * grad_a_at(i + 1) for i in HIDDEN])


def _grad_a_chain(net: Instance) -> sp.Matrix:
    return stack([
        sp.Matrix([[grad_h_at(i)[j] * sp.diff(relu(net.a[i][j]), net.a[i][j])]
                   for j in range(SIZES[i])]) for i in HIDDEN])


def _grad_a_entries(net: Instance) -> sp.Matrix:
    return stack([
        sp.Matrix([[grad_h_at(i)[j] * indicator_positive(net.a[i][j])] for j in range(SIZES[i])])
        for i in HIDDEN])


def _grad_a_hadamard(net: Instance) -> sp.Matrix:
    return stack([hadamard(grad_h_at(i), positive_mask(net.a[i])) for i in HIDDEN])


# -- weights ---------------------------------------------------------------------------------

def weight_blocks(entry: Callable[[Instance, int, int, int], sp.Expr]) -> Callable[[Instance],
                                                                                   sp.Matrix]:
    """The n_k × n_{k−1} matrices of ``entry(net, k, i, j)`` for k = 1 … L, stacked."""
    return lambda net: stack([
        sp.Matrix(SIZES[k], SIZES[k - 1], lambda i, j, k=k: entry(net, k, i, j))
        for k in range(1, OUTPUT + 1)])


def _dl_dw(net: Instance, k: int, i: int, j: int) -> sp.Expr:
    return grad_a_at(k)[i] * net.h[k - 1][j]


def grad_w_matrix_as_written(net: Instance) -> sp.Matrix:
    """The note's last matrix: row i is ∂L/∂a_{ki} times h_k, h_{k−1,2}, h_{k−2,3}, with the OCR's
    "h_k" read as h_{k,1}; on the whole network, at k = GRAD_W_LAYER."""
    k = GRAD_W_LAYER
    fwd = forward()
    d = at_full(grad_a(k), k, "a")
    cols = [fwd["h"][k][0], fwd["h"][k - 1][1], fwd["h"][k - 2][2]]
    return sp.Matrix(SIZES[k], 3, lambda i, j: d[i] * cols[j])


def grad_w_matrix_corrected(net: Instance) -> sp.Matrix:
    """∂L/∂w_{kij} = ∂L/∂a_{ki} h_{k−1,j}: the outer product ∇_{a_k}L h_{k−1}ᵀ."""
    k = GRAD_W_LAYER
    d = at_full(grad_a(k), k, "a")
    return d * forward()["h"][k - 1].T


# -- the claims ------------------------------------------------------------------------------

METHOD_OUT = (r"output layer $a_L \in \mathbb{R}^4$ of free symbols, $l = 2$; reference: "
              r"sympy.diff of $L = -\log \operatorname{softmax}(a_L)_l$ with respect to $a_{Li}$")
METHOD_HIDDEN = ("network 3-3-3-4 with ReLU hidden layers, every weight and bias a symbol; "
                 "checked at both hidden layers i = 1, 2 with h_i (or a_i) free symbols; "
                 "reference: sympy.diff of L = −log ŷ_l from that layer on; ∇_{a_{i+1}}L and "
                 "∇_{h_i}L 'already computed' from SymPy; ReLU kinks skipped")
METHOD_FULL = ("whole network 3-3-3-4 (x, every weight and bias a symbol, ReLU hidden layers, "
               "softmax output, l = 2); reference: sympy.diff of L = −log ŷ_l; ReLU kinks "
               "skipped")
FEW_POINTS = {"points": 3, "try_simplify": False, "try_expand": False}
"""Options for the claims about the hidden layers: straight to the exact integer points
(expanding the exponentials of whole layers costs far more), three for every entry."""
WHOLE_NET = {"low": -2, "high": 2, "points": 12, "try_simplify": False, "try_expand": False}
"""Options for the claims on the whole network: integers in −2..2 keep e's exponents small;
twelve exact points, so that some of them have the first layer's neuron 1 inactive (a chain
without that neuron's ReLU mask is caught: see the tests)."""


claim = ClaimMaker("001", "book/part2/vector_form", instance)
"""Note 001's claims, checked on `instance`."""


Y_I = r"\hat{y}_i"
SUM_EXP = r"\sum_{i'} \exp(a_L)_{i'}"


def _example_claim(n: int) -> Claim:
    """The worked example's line for output n (1-based; the note writes it for each n)."""
    return claim(
        f"example-{n}", f'page ④ "Let k=4, l=2": ∂L(θ)/∂a_L{n}',
        f"worked example, ∂L/∂a_L{n} ({'i = l' if n == LABEL else 'i ≠ l'})",
        rf"\frac{{\partial L(\theta)}}{{\partial a_{{L{n}}}}} = -({int(n == LABEL)} - "
        r"\hat{y}_i)",
        lambda net: -(int(n == LABEL) - net.y_hat[n - 1]),
        lambda net: grad_a(OUTPUT)[n - 1], METHOD_OUT,
        reading=f"The note writes ŷ_i on every line; read as ŷ_{n}, the output of the "
                "row's own neuron (a guess).",
    )


CLAIMS: list[Claim] = [
    # ① the chain of partial derivatives for one first-layer weight
    claim(
        "chain-w111", 'page ① "∂L(θ)/∂w_111 = …" (restated under "Till now")',
        "∂L/∂w₁₁₁ as a product of the layers' derivatives",
        r"\frac{\partial \mathcal{L}(\theta)}{\partial w_{111}} = "
        r"\frac{\partial \mathcal{L}(\theta)}{\partial \hat{y}} "
        r"\frac{\partial \hat{y}}{\partial a_3} \frac{\partial a_3}{\partial h_2} "
        r"\frac{\partial h_2}{\partial a_2} \frac{\partial a_2}{\partial h_1} "
        r"\frac{\partial h_1}{\partial a_1} \frac{\partial a_1}{\partial w_{111}}",
        lambda net: chain_w111(jacobian_first_two()),
        lambda net: d_loss_d_w111(),
        METHOD_FULL + "; each factor is SymPy's Jacobian of the map it names",
        reading="Each factor is read as a Jacobian (∂L/∂ŷ a row, ∂ŷ/∂a_3 a 4 × 4 matrix, "
                "∂a_1/∂w_111 a column) and the product as a matrix product. The note restates "
                "the chain under \"Till now\" with ∂L(θ)/∂y∂a_3 for the first two factors and "
                "c_2 for a_2 (read as OCR noise for ∂L/∂ŷ ∂ŷ/∂a_3 and a_2: a guess).",
        options=WHOLE_NET,
    ),
    # ② the output layer
    claim(
        "dL-da-chain", 'page ② "Then, ∂L(θ)/∂a_li = … − (1)"',
        "∂L/∂a_Li by the chain rule through ŷ_l",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = "
        r"\frac{\partial (-\log \hat{y}_l)}{\partial \hat{y}_l} \times "
        r"\frac{\partial \hat{y}_l}{\partial a_{Li}}",
        lambda net: column(ALL_I, lambda i: (
            sp.diff(-sp.log(sp.Symbol("Y")), sp.Symbol("Y")).subs(sp.Symbol("Y"),
                                                                   net.y_hat[LABEL - 1])
            * sp.diff(net.y_hat[LABEL - 1], net.a[OUTPUT][i]))),
        dl_da_reference(ALL_I), METHOD_OUT,
        reading="The OCR writes a_{li}; with \"L = layer no.\" it is read as a_{Li} (a guess).",
    ),
    claim(
        "dlog", 'page ② "The first part of derivative in eq(1) is straight forward"',
        "∂(−log ŷ_l)/∂ŷ_l",
        r"\frac{\partial (-\log \hat{y}_l)}{\partial \hat{y}_l} = -\frac{1}{\hat{y}_l}",
        lambda net: -1 / sp.Symbol(r"\hat{y}_l", positive=True),
        lambda net: sp.diff(-sp.log(sp.Symbol(r"\hat{y}_l", positive=True)),
                            sp.Symbol(r"\hat{y}_l", positive=True)),
        "ŷ_l a positive symbol; reference: sympy.diff of −log ŷ_l",
    ),
    claim(
        "dL-da-softmax", 'page ② "So, ∂L(θ)/∂a_li = … = −1/ŷ_l ∂softmax(a_l)_l/∂a_li"',
        "∂L/∂a_Li = −(1/ŷ_l) ∂ softmax(a_L)_l / ∂a_Li",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = -\frac{1}{\hat{y}_l} "
        r"\frac{\partial\, \mathrm{softmax}(a_L)_l}{\partial a_{Li}} = -\frac{1}{\hat{y}_l} "
        r"\frac{\partial}{\partial a_{Li}} \frac{\exp(a_L)_l}{\sum_i \exp(a_L)_i}",
        lambda net: column(ALL_I, lambda i: -1 / net.y_hat[LABEL - 1] * sp.diff(
            sp.exp(net.a[OUTPUT][LABEL - 1]) / sum(sp.exp(v) for v in net.a[OUTPUT]),
            net.a[OUTPUT][i])),
        dl_da_reference(ALL_I), METHOD_OUT,
        reading="The OCR's a_l, a_{li} are read as a_L, a_{Li} (the output layer L; a guess).",
    ),
    claim(
        "quotient-rule", 'page ③ "Using division rule"',
        "the quotient rule, with g = exp(a_L)_l and h = Σ exp(a_L)",
        r"\frac{\partial \left( \frac{g(z)}{h(z)} \right)}{\partial z} = "
        r"\frac{\partial g(z)}{\partial z} \frac{1}{h(z)} - \frac{g(z)}{h(z)^2} "
        r"\frac{\partial h(z)}{\partial z}, \qquad g(z) = \exp(a_L)_k",
        lambda net: column(ALL_I, lambda i: (
            sp.diff(sp.exp(net.a[OUTPUT][LABEL - 1]), net.a[OUTPUT][i])
            / sum(sp.exp(v) for v in net.a[OUTPUT])
            - sp.exp(net.a[OUTPUT][LABEL - 1]) / sum(sp.exp(v) for v in net.a[OUTPUT]) ** 2
            * sp.diff(sum(sp.exp(v) for v in net.a[OUTPUT]), net.a[OUTPUT][i]))),
        lambda net: column(ALL_I, lambda i: sp.diff(net.y_hat[LABEL - 1], net.a[OUTPUT][i])),
        r"$g(z) = \exp(a_L)_l$, $h(z) = \sum_{i'} \exp(a_L)_{i'}$, $z = a_{Li}$ for every $i$, "
        r"$a_L$ free symbols; reference: sympy.diff of $g/h$",
        reading=r"The note writes $g(z) = \exp(a_L)_k$; $k$ is read as $l$, the correct output "
                r"whose softmax is being differentiated (a guess), and "
                r"$h(z) = \sum_{i'} \exp(a_L)_{i'}$.",
    ),
    claim(
        "quotient-i-eq-l", 'page ③ "= −1/ŷ_i ( … )" after the division rule, case i = l',
        "the quotient rule applied, as written, for i = l",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = \frac{-1}{\hat{y}_i} \left( "
        r"\frac{\frac{\partial}{\partial a_{Li}} \exp(a_L)_i}{\sum_i \exp(a_L)_i} - "
        r"\frac{\exp(a_L)_i \left( \frac{\partial}{\partial a_{Li}} " + SUM_EXP + r"\right)}"
        r"{\left(" + SUM_EXP + r"\right)^2} \right), \quad i = l",
        lambda net: quotient_as_written(net, I_EQ_L), dl_da_reference(I_EQ_L), METHOD_OUT,
        reading="The OCR has i in −1/ŷ_i and exp(a_L)_i where the line before has l; read "
                "literally (for i = l the two agree).",
    ),
    claim(
        "quotient-i-ne-l", 'page ③ "= −1/ŷ_i ( … )" after the division rule, case i ≠ l',
        "the quotient rule applied, as written, for i ≠ l",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = \frac{-1}{\hat{y}_i} \left( "
        r"\frac{\frac{\partial}{\partial a_{Li}} \exp(a_L)_i}{\sum_i \exp(a_L)_i} - "
        r"\frac{\exp(a_L)_i \left( \frac{\partial}{\partial a_{Li}} " + SUM_EXP + r"\right)}"
        r"{\left(" + SUM_EXP + r"\right)^2} \right), \quad i \neq l",
        lambda net: quotient_as_written(net, I_NE_L), dl_da_reference(I_NE_L), METHOD_OUT,
        expected=FAILS,
        correction=r"\frac{\partial L(\theta)}{\partial a_{Li}} = \frac{-1}{\hat{y}_l} \left( "
        r"\frac{\frac{\partial}{\partial a_{Li}} \exp(a_L)_l}{" + SUM_EXP + r"} - "
        r"\frac{\exp(a_L)_l \left( \frac{\partial}{\partial a_{Li}} " + SUM_EXP + r"\right)}"
        r"{\left(" + SUM_EXP + r"\right)^2} \right)",
        why="With i in place of l the line differentiates softmax(a_L)_i instead of "
            "softmax(a_L)_l = ŷ_l, and gives −(1 − ŷ_i) for every i; for i ≠ l the derivative "
            "is ŷ_i. The note's next remark (the first term is 0 unless i = l) shows that "
            "exp(a_L)_l is meant.",
        reading=r"The OCR reads $i$ in $-1/\hat y_i$ and in $\exp(a_L)_i$; handwritten $l$ and "
                r"$i$ are easily confused (the OCR also writes $a_{li}$ for $a_{Li}$), so this may "
                r"be a misreading of $l$ rather than the author's slip. It is checked as written.",
        corrected=lambda net: column(I_NE_L, lambda i: -1 / net.y_hat[LABEL - 1] * (
        sp.diff(sp.exp(net.a[OUTPUT][LABEL - 1]), net.a[OUTPUT][i]) / _total(net)
        - sp.exp(net.a[OUTPUT][LABEL - 1]) * sp.diff(_total(net), net.a[OUTPUT][i])
        / _total(net) ** 2)),
    ),
    claim(
        "indicator-i-eq-l", 'page ③ "Consider, (∂/∂a_Li exp(a_L)_i) This value is 0 …", i = l',
        "∂ exp(a_Li) / ∂a_Li = 1(l = i) exp(a_Li), case i = l",
        r"\frac{\partial}{\partial a_{Li}} \exp(a_L)_i = 1_{(l=i)} \exp(a_L)_i, \quad i = l",
        lambda net: indicator_as_written(net, I_EQ_L),
        lambda net: indicator_reference(net, I_EQ_L),
        "a_L free symbols; reference: sympy.diff of exp(a_L)_i",
        reading="The note says it in words: \"this value is 0 for all i except for i = l, so "
                "an indicator 1_(l=i) can be used\".",
    ),
    claim(
        "indicator-i-ne-l", 'page ③ "Consider, (∂/∂a_Li exp(a_L)_i) This value is 0 …", i ≠ l',
        "∂ exp(a_Li) / ∂a_Li = 1(l = i) exp(a_Li), case i ≠ l",
        r"\frac{\partial}{\partial a_{Li}} \exp(a_L)_i = 1_{(l=i)} \exp(a_L)_i, \quad i \neq l",
        lambda net: indicator_as_written(net, I_NE_L),
        lambda net: indicator_reference(net, I_NE_L),
        "a_L free symbols; reference: sympy.diff of exp(a_L)_i",
        expected=FAILS,
        correction=r"\frac{\partial}{\partial a_{Li}} \exp(a_L)_l = 1_{(l=i)} \exp(a_L)_l",
        why="The derivative of exp(a_L)_i with respect to a_Li is exp(a_L)_i, never 0; it is "
            "exp(a_L)_l, the numerator of ŷ_l, whose derivative vanishes for i ≠ l.",
        reading="Stated in words (\"this value is 0 for all i except for i = l\"); the "
                "subscript i of exp(a_L)_i is the OCR's, see claim 001-quotient-i-ne-l.",
        corrected=lambda net: column(
        I_NE_L, lambda i: is_label(i) * sp.exp(net.a[OUTPUT][LABEL - 1])),
        corrected_reference=lambda net: column(I_NE_L, lambda i: sp.diff(
            sp.exp(net.a[OUTPUT][LABEL - 1]), net.a[OUTPUT][i])),
    ),
    claim(
        "after-indicator", 'page ③ "Now, it is simply derivative of exponent"',
        "∂L/∂a_Li with the indicator, in exponentials",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = \frac{-1}{\hat{y}_i} \left( "
        r"\frac{1_{(l=i)} \exp(a_L)_i}{\sum \exp(a_L)_{i'}} - \frac{\exp(a_L)_i}{" + SUM_EXP
        + r"} \frac{\exp(a_L)_i}{" + SUM_EXP + r"} \right)",
        lambda net: column(ALL_I, lambda i: -1 / net.y_hat[i] * (
            is_label(i) * sp.exp(net.a[OUTPUT][i]) / sum(sp.exp(v) for v in net.a[OUTPUT])
            - (sp.exp(net.a[OUTPUT][i]) / sum(sp.exp(v) for v in net.a[OUTPUT])) ** 2)),
        dl_da_reference(ALL_I), METHOD_OUT,
        reading="Read as written, with −1/ŷ_i: with the indicator in place the line holds for "
                "every i, whether the subscript is i or l.",
    ),
    claim(
        "softmax-form", 'page ③ "writing in terms of Softmax" and "Softmax is ŷ"',
        "∂L/∂a_Li in terms of ŷ",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = \frac{-1}{\hat{y}_i} \left( 1_{(l=i)} "
        r"\text{Softmax}(a_L)_i - \text{Softmax}(a_L)_i \text{Softmax}(a_L)_i \right) = "
        r"\frac{-1}{\hat{y}_i} \left( 1_{(l=i)} \hat{y}_i - \hat{y}_i \hat{y}_i \right)",
        lambda net: column(ALL_I, lambda i: -1 / net.y_hat[i] * (
            is_label(i) * net.y_hat[i] - net.y_hat[i] * net.y_hat[i])),
        dl_da_reference(ALL_I), METHOD_OUT,
    ),
    claim(
        "dL-da", 'page ③ "after cancellation" (restated at ② "So far we have")',
        "∂L/∂a_Li = −(1_(l=i) − ŷ_i)",
        r"\frac{\partial L(\theta)}{\partial a_{Li}} = - \left( 1_{(l=i)} - \hat{y}_i \right)",
        lambda net: column(ALL_I, lambda i: -(is_label(i) - net.y_hat[i])),
        dl_da_reference(ALL_I), METHOD_OUT,
    ),
    *[_example_claim(n) for n in range(1, SIZES[-1] + 1)],
    claim(
        "grad-aL-vector", 'page ④ "The gradient w.r. to a_L is ∇_{a_L} ="',
        "∇_{a_L}L stacked from the ∂L/∂a_Li",
        r"\nabla_{a_L} = \begin{bmatrix} (1_{(l=1)} - \hat{y}_i) \\ \vdots \\ "
        r"(1_{(l=k)} - \hat{y}_i) \end{bmatrix}",
        lambda net: column(ALL_I, lambda i: is_label(i) - net.y_hat[i]),
        dl_da_reference(ALL_I), METHOD_OUT,
        expected=FAILS,
        correction=r"\nabla_{a_L} L(\theta) = -\begin{bmatrix} (1_{(l=1)} - \hat{y}_1) \\ "
        r"\vdots \\ (1_{(l=k)} - \hat{y}_k) \end{bmatrix}",
        why="The minus sign of ∂L/∂a_Li = −(1_(l=i) − ŷ_i) is dropped when the entries are "
            "stacked (the next line, ∇_{a_L}L = −(y − ŷ), has it again).",
        reading="ŷ_i in row n is read as ŷ_n (a guess).",
        corrected=lambda net: column(ALL_I, lambda i: -(is_label(i) - net.y_hat[i])),
    ),
    claim(
        "grad-aL", 'page ④ "In reality it is the diff bet" true dis(y) and pred dis ŷ"',
        "∇_{a_L}L = −(y − ŷ)",
        r"\nabla_{a_L} L(\theta) = -(y - \hat{y}_i)",
        lambda net: -(net.y - net.y_hat),
        lambda net: grad_a(OUTPUT), METHOD_OUT,
        reading="y is the true distribution e(l) (one-hot at l); ŷ_i is read as the vector ŷ.",
    ),
    claim(
        "chain-w111-output", 'page ④ the chain for ∂L(θ)/∂w_111 with "−(y − y_i)" under it',
        "∂L/∂w₁₁₁ with ∂L/∂ŷ ∂ŷ/∂a_3 = −(y − ŷ)",
        r"\frac{\partial L(\theta)}{\partial w_{111}} = \underbrace{\frac{\partial L(\theta)}"
        r"{\partial y} \times \frac{\partial y}{\partial a_3}}_{-(y - y_i)} \times "
        r"\frac{\partial a_3}{\partial h_2} \times \frac{\partial h_2}{\partial a_2} \times "
        r"\frac{\partial a_2}{\partial h_1} \times \frac{\partial h_1}{\partial a_1} \times "
        r"\frac{\partial a_1}{\partial w_{111}}",
        lambda net: chain_w111(-(net.y - net.y_hat).T),
        lambda net: d_loss_d_w111(),
        METHOD_FULL + "; −(y − ŷ) taken as a row",
        reading="The note's y in ∂L/∂y, ∂y/∂a_3 is the output ŷ and the underbrace's −(y − y_i) "
                "is −(y − ŷ), used as a row (a guess).",
        options=WHOLE_NET,
    ),
    # ⑤ hidden layers
    claim(
        "dL-dh-chain", 'page ⑤ "derv. w.r. to hidden layers"',
        "∂L/∂h_ij as a sum over the next layer",
        r"\frac{\partial L(\theta)}{\partial h_{ij}} = \sum_{m=1}^k "
        r"\frac{\partial L(\theta)}{\partial a_{i+1,m}} \times "
        r"\frac{\partial a_{i+1,m}}{\partial h_{ij}}",
        recursion_h(dl_dh_chain), reference_h, METHOD_HIDDEN,
        options=FEW_POINTS,
    ),
    claim(
        "da-dh-example", 'page ⑤ "How w_{i+1,m,j} is coming? Supp. ∂a_31/∂h_22"',
        "∂a₃₁/∂h₂₂ = w₃₁₂",
        r"\frac{\partial a_{31}}{\partial h_{22}} = \frac{\partial (w_{311} h_{21} + w_{312} "
        r"h_{22} + w_{313} h_{23})}{\partial h_{22}} = w_{312}",
        lambda net: net.weights[3][0, 1],
        lambda net: sp.diff(net.pre(3)[0], net.h[2][1]),
        "a_3 = b_3 + W_3 h_2 with h_2 free symbols; reference: sympy.diff of a_31 (with its "
        "bias b_31, which the note leaves out of the sum) with respect to h_22",
    ),
    claim(
        "dL-dh-sum", 'page ⑤ "Σ_m ∂L(θ)/∂a_{i+1,m} w_{i+1,m,j}"',
        "∂L/∂h_ij = Σ_m ∂L/∂a_{i+1,m} w_{i+1,m,j}",
        r"\frac{\partial L(\theta)}{\partial h_{ij}} = \sum_{m=1}^k "
        r"\frac{\partial L(\theta)}{\partial a_{i+1,m}} w_{i+1,m,j}",
        recursion_h(dl_dh_sum), reference_h, METHOD_HIDDEN,
        options=FEW_POINTS,
    ),
    claim(
        "dL-dh-column", 'page ⑤ "dot product of …" and "So, ∂L(θ)/∂h_ij = (W_{i+1,j})ᵀ ∇"; '
        'the rows of "∇_{h_i}L(θ) = [(W_{i+1,1})ᵀ∇ … (W_{i+1,n})ᵀ∇]"',
        "∂L/∂h_ij = (column j of W_{i+1})ᵀ ∇_{a_{i+1}}L",
        r"\frac{\partial L(\theta)}{\partial h_{ij}} = (W_{i+1, j})^T \nabla_{a_{i+1}} "
        r"L(\theta) = \sum_{m=1}^k \frac{\partial L(\theta)}{\partial a_{i+1,m}} w_{i+1,m,j}",
        recursion_h(_dl_dh_column), reference_h, METHOD_HIDDEN,
        reading="W_{i+1,j} is column j of W_{i+1} (\"it refers all rows of jth column\"); the "
                "dot-product line's ∇_{a_{i+1,j}} is read as ∇_{a_{i+1}} (the j is stray).",
        options=FEW_POINTS,
    ),
    claim(
        "grad-h", 'page ⑤ "also, (W_{i+1})ᵀ∇_{a_{i+1}}L(θ)" (restated under "Uptil now")',
        "∇_{h_i}L = W_{i+1}ᵀ ∇_{a_{i+1}}L",
        r"\nabla_{h_i} L(\theta) = (W_{i+1})^T \nabla_{a_{i+1}} L(\theta)",
        lambda net: _grad_h_matrix(net), reference_h, METHOD_HIDDEN,
        options=FEW_POINTS,
    ),
    claim(
        "dL-da-hidden-chain", 'page ⑤ "1. consider for next layer a_i"',
        "∂L/∂a_ij = ∂L/∂h_ij ∂h_ij/∂a_ij",
        r"\frac{\partial L(\theta)}{\partial a_{ij}} = \frac{\partial L(\theta)}{\partial h_{ij}}"
        r" \frac{\partial h_{ij}}{\partial a_{ij}}",
        lambda net: _grad_a_chain(net), reference_a, METHOD_HIDDEN,
        options=FEW_POINTS,
    ),
    claim(
        "dL-da-hidden", 'page ⑤ "So, ∂L(θ)/∂a_ij = ∂L(θ)/∂h_ij g′(a_ij)" and the vector of them',
        "∂L/∂a_ij = ∂L/∂h_ij g′(a_ij)",
        r"\frac{\partial L(\theta)}{\partial a_{ij}} = \frac{\partial L(\theta)}{\partial h_{ij}}"
        r" g'(a_{ij}), \qquad \nabla_{a_i} L(\theta) = \begin{bmatrix} \frac{\partial L(\theta)}"
        r"{\partial h_{i1}} g'(a_{i1}) \\ \vdots \\ \frac{\partial L(\theta)}{\partial h_{in}} "
        r"g'(a_{in}) \end{bmatrix}",
        lambda net: _grad_a_entries(net), reference_a, METHOD_HIDDEN + "; g′ = 1{a > 0}",
        options=FEW_POINTS,
    ),
    claim(
        "grad-a-hadamard", 'page ⑤ "element wise vector mult." (restated under "Uptil now")',
        "∇_{a_i}L = ∇_{h_i}L ⊙ g′(a_i)",
        r"\nabla_{a_i} L(\theta) = \nabla_{h_i} L(\theta) \odot [\dots g'(a_{ik}) \dots]",
        lambda net: _grad_a_hadamard(net), reference_a, METHOD_HIDDEN + "; g′ = 1{a > 0}",
        reading="[… g′(a_ik) …] is the vector of g′ at every neuron of layer i (k runs over "
                "them).",
        options=FEW_POINTS,
    ),
    # weights
    claim(
        "da-dw", 'page ⑥ "Now, deriv of loss wrt wt and bias: a_k = b_k + w_k h_{k−1}"',
        "∂a_ki/∂w_kij = h_{k−1,j}",
        r"\frac{\partial a_{ki}}{\partial w_{kij}} = h_{k-1,j}",
        weight_blocks(lambda net, k, i, j: net.h[k - 1][j]),
        weight_blocks(lambda net, k, i, j: sp.diff(net.pre(k)[i], net.weights[k][i, j])),
        "every layer k = 1, 2, 3 with h_{k−1} free symbols; reference: sympy.diff of "
        "a_k = b_k + W_k h_{k−1}",
    ),
    claim(
        "dL-dw", 'page ⑥ "∂L(θ)/∂w_kij = ∂L(θ)/∂a_ki h_{k−1,j}"',
        "∂L/∂w_kij = ∂L/∂a_ki h_{k−1,j}",
        r"\frac{\partial L(\theta)}{\partial w_{kij}} = \frac{\partial L(\theta)}{\partial a_{ki}}"
        r" h_{k-1,j}",
        weight_blocks(_dl_dw), weight_blocks(dl_dw_reference),
        "every weight of every layer k = 1, 2, 3 with h_{k−1} free symbols (x for k = 1); "
        "reference: sympy.diff of L = −log ŷ_l from layer k on; ∂L/∂a_ki from SymPy; ReLU "
        "kinks skipped",
        options=FEW_POINTS,
    ),
    claim(
        "grad-W-matrix", 'page ⑥ the last matrix "∇_{a_k}L(θ) = [∂L/∂a_k1 h_k … ]"',
        "the weight-gradient matrix written out (3 × 3)",
        r"\nabla_{a_k} L(\theta) = \begin{bmatrix} \frac{\partial L(\theta)}{\partial a_{k1}} h_k"
        r" & \frac{\partial L(\theta)}{\partial a_{k1}} h_{k-1,2} & \frac{\partial L(\theta)}"
        r"{\partial a_{k1}} h_{k-2,3} \\ \frac{\partial L(\theta)}{\partial a_{k2}} h_k & "
        r"\frac{\partial L(\theta)}{\partial a_{k2}} h_{k-1,2} & \frac{\partial L(\theta)}"
        r"{\partial a_{k2}} h_{k-2,3} \\ \frac{\partial L(\theta)}{\partial a_{k3}} h_k & "
        r"\frac{\partial L(\theta)}{\partial a_{k3}} h_{k-1,2} & \frac{\partial L(\theta)}"
        r"{\partial a_{k3}} h_{k-2,3} \end{bmatrix}",
        grad_w_matrix_as_written, lambda net: grad_w_layer_reference(),
        METHOD_FULL + "; at k = 2 (a 3 × 3 matrix; h_{k−2} = x)",
        expected=FAILS,
        correction=r"\nabla_{W_k} L(\theta) = \begin{bmatrix} \frac{\partial L(\theta)}"
        r"{\partial a_{k1}} h_{k-1,1} & \frac{\partial L(\theta)}{\partial a_{k1}} h_{k-1,2} & "
        r"\frac{\partial L(\theta)}{\partial a_{k1}} h_{k-1,3} \\ \vdots & & \vdots \end{bmatrix}"
        r" = \nabla_{a_k} L(\theta)\, h_{k-1}^T",
        why="Every column needs the previous layer's activation h_{k−1,j}, since "
            "∂a_ki/∂w_kij = h_{k−1,j} (the note's own line above); the first and third columns "
            "take h_k and h_{k−2} instead. The left side is the weight gradient ∇_{W_k}L, the "
            "matrix the line above begins, not ∇_{a_k}L.",
        reading="The OCR writes h_k (no neuron index; read as h_{k,1}) in the first column and "
                "h_{k−2,3} in the third, the same in all three rows; they may be misreadings of "
                "h_{k−1,1} and h_{k−1,3}. Checked as written at k = 2.",
        options=WHOLE_NET,
        corrected=grad_w_matrix_corrected,
    ),
]
"""Every claim of note 001, in the note's order."""
