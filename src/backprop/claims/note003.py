"""Note 003: one hidden layer in column-vector form, every equation as a claim.

The note's network, for one sample X (a column):

    z_1 = w_1 X + b_1,  A_1 = ReLU(z_1),  z_2 = w_2 A_1 + b_2,  A_2 = Softmax(z_2),
    L = −Σ_i y_ti log A_2i,

with y_t the one-hot target of the sample; k is its class, so y_ti = I(i = k) (the note's (2)).
w_1 has one row per hidden neuron and one column per input, w_2 one row per output: column
vectors, the transpose of the engine's rows-are-samples layout.

**The instance** (`instance`): X ∈ ℝ³, 4 hidden neurons, 3 classes (3-4-3, so that a product
that mixes up the hidden and the output layer is not even defined), class k = 1 (0-based, as
the note's sums from i = 0); every input, weight, bias and target is a SymPy symbol, and the
targets are set to the one-hot values when compared (``fixed``). References are ``sympy.diff``
of L as the note defines it, with respect to the parameters of the whole network or to z_2,
A_1 or z_1 made free symbols (``loss_z2``, ``loss_A1``, ``loss_z1``). ReLU is ``Max(0, ·)``:
SymPy's derivative is the Heaviside step, and points where a ReLU input is 0 are skipped.

**Reading the note's indices.** The note puts the one index i on every quantity. An output
quantity's i (z_2i, A_2i, y_ti, b_2) is the output neuron, a hidden quantity's i (z_1i, A_1i) the
hidden neuron; w_2i is row i of w_2 and A_1i in "w_2i A_1i + b_2" the vector A_1 it multiplies,
so ∂L/∂w_2i is row i of the matrix ∂L/∂w_2. A product of partial derivatives such as
∂L/∂A_2i · ∂A_2i/∂z_2i is read as the chain rule (Jacobians multiplied, the sum over the inner
index implicit); where the note then writes the entries out, the entries are checked as written.
The sums' bounds differ (Σ_{j=1}^K in the softmax, Σ_{i=0}^K in the loss and the derivation);
every sum is read as running over the K classes.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from backprop.claims import FAILS, Claim, ClaimMaker, Instance
from backprop.claims.net003 import (
    ALL_I,
    I_EQ_K,
    I_NE_K,
    LABEL,
    N_CLASSES,
    N_HIDDEN,
    N_INPUT,
    a2_of_a1,
    a2_of_z1,
    a2_of_z2,
    dz2_reference,
    forward,
    instance,
    reference,
    reference_of,
    total,
)
from backprop.sympy_kit import (
    column,
    grad,
    hadamard,
    indicator_positive,
    positive_mask,
    relu,
    softmax,
    substitute,
)


def relu_mask(z: sp.Matrix) -> sp.Matrix:
    """The note's ∂A_1i/∂z_1i = {1, z_1i ≥ 0; 0, z_1i < 0} as a column."""
    return z.applyfunc(lambda v: sp.Piecewise((1, v >= 0), (0, True)))


def dl_dz2_row(a2: sp.Matrix, net: Instance) -> sp.Matrix:
    """∂L/∂z_2 = (A_2 − y_t)ᵀ as a row (the note's result, used as "already derived")."""
    return (a2 - net.y).T


def _chain_w2(net: Instance) -> sp.Matrix:
    """∂L/∂A_2 · ∂A_2/∂z_2 · ∂z_2/∂w_2ij for every entry (i, j) of w_2, as Jacobian products
    (each factor SymPy's), in the free symbols A_1."""
    dl_da2 = grad(net.loss_a2, net.a2).T.xreplace(dict(zip(net.a2, a2_of_a1(net), strict=True)))
    da2_dz2 = softmax(net.z2).jacobian(net.z2).xreplace(
        dict(zip(net.z2, net.z2_of_a1(), strict=True)))
    row = dl_da2 * da2_dz2
    z2 = net.z2_of_a1()
    return sp.Matrix(N_CLASSES, N_HIDDEN,
                     lambda i, j: (row * z2.jacobian([net.w2[i, j]]))[0, 0])


def _full_chain_w1_as_written(net: Instance) -> sp.Matrix:
    """∂L/∂z_2 · ∂A_1/∂z_1 · ∂z_1/∂w_1ij for every entry (i, j) of w_1, as Jacobian products;
    a ShapeError when the product is not defined."""
    fwd = forward()
    row = dl_dz2_row(fwd["a2"], net)
    da1_dz1 = sp.diag(*[indicator_positive(v) for v in fwd["z1"]])
    return sp.Matrix(N_HIDDEN, N_INPUT, lambda i, j: (
        row * da1_dz1 * fwd["z1"].jacobian([net.w1[i, j]]))[0, 0])


def _full_chain_w1(net: Instance) -> sp.Matrix:
    """The corrected chain ∂L/∂z_2 · ∂z_2/∂A_1 · ∂A_1/∂z_1 · ∂z_1/∂w_1ij for every entry of w_1,
    as Jacobian products on the whole network."""
    fwd = forward()
    row = dl_dz2_row(fwd["a2"], net)
    da1_dz1 = sp.diag(*[indicator_positive(v) for v in fwd["z1"]])
    return sp.Matrix(N_HIDDEN, N_INPUT, lambda i, j: (
        row * net.w2 * da1_dz1 * fwd["z1"].jacobian([net.w1[i, j]]))[0, 0])


def _hidden_error(net: Instance) -> sp.Matrix:
    """(w_2ᵀ (A_2 − y_t)) ⊙ 1{z_1 > 0} on the whole network: the corrected ∂L/∂b_1."""
    fwd = forward()
    return hadamard(net.w2.T * (fwd["a2"] - net.y), positive_mask(fwd["z1"]))


def chain_b1(net: Instance, factors: str) -> sp.Matrix:
    """∂L/∂b_1 as a product of Jacobians on the whole network, as a column; ``factors`` names
    the product: "z2" = ∂L/∂z_2 ∂z_2/∂b_1, "z2-a1" = ∂L/∂z_2 ∂z_2/∂A_1 ∂A_1/∂b_1,
    "z2-a1-nomask" = ∂L/∂z_2 ∂z_2/∂A_1 ∂z_1/∂b_1, "z1" = ∂L/∂z_1 ∂z_1/∂b_1."""
    fwd = forward()
    row = dl_dz2_row(fwd["a2"], net)
    if factors == "z2":
        product = row * fwd["z2"].jacobian(net.b1)
    elif factors == "z2-a1":
        product = row * net.w2 * fwd["a1"].jacobian(net.b1)
    elif factors == "z2-a1-nomask":
        product = row * net.w2 * fwd["z1"].jacobian(net.b1)
    else:
        dl_dz1 = substitute(reference("z1"), dict(zip(net.z1, fwd["z1"], strict=True)))
        product = dl_dz1.T * fwd["z1"].jacobian(net.b1)
    return product.T


# -- the claims ------------------------------------------------------------------------------

def _options(**extra) -> Callable[[Instance], dict]:
    return lambda net: {"fixed": net.fixed, **extra}


Z2_OPTIONS = _options()
"""z_2 level: the targets one-hot; exact, simplify allowed (small expressions)."""
NET_OPTIONS = _options(low=-2, high=2, try_simplify=False, try_expand=False)
"""Whole network: integers in −2..2 (small exponents of e), straight to the exact points."""

METHOD_Z2 = ("z_2 ∈ ℝ³ free symbols, y_t one-hot at k = 1; reference: sympy.diff of "
             "L = −Σ_i y_ti log Softmax(z_2)_i")
METHOD_A1 = ("A_1 ∈ ℝ⁴ free symbols, z_2 = w_2 A_1 + b_2, y_t one-hot at k = 1; reference: "
             "sympy.diff of L")
METHOD_Z1 = ("z_1 ∈ ℝ⁴ free symbols, A_1 = ReLU(z_1), y_t one-hot at k = 1; reference: "
             "sympy.diff of L; ReLU kinks skipped")
METHOD_NET = ("whole network 3-4-3 (X, every weight and bias a symbol), y_t one-hot at k = 1; "
              "reference: sympy.diff of L; ReLU kinks skipped")

E_SUM = r"\sum_{j=0}^{K} e^{z_{2j}}"
E_READING = "The OCR writes e_{z_{2j}} for e^{z_{2j}} (read as the exponential)."


claim = ClaimMaker("003", "book/part2/one_hidden", instance, Z2_OPTIONS)
"""Note 003's claims: checked on `instance`, with the one-hot targets fixed."""


CLAIMS: list[Claim] = [
    # Definition
    claim(
        "relu", '"Definition": A_1 = ReLU(z_1)', "ReLU written by cases",
        r"A_{1} = \text{ReLU}(z_{1}) = \begin{cases} z_{1i}, & z_{1i} \geq 0 \\ 0, & z_{1i} < 0"
        r" \end{cases}",
        lambda net: net.z1.applyfunc(lambda v: sp.Piecewise((v, v >= 0), (0, True))),
        lambda net: net.z1.applyfunc(relu),
        "z_1 free symbols; reference: max(0, z_1i) (SymPy's Max)", options={},
    ),
    # ∂L/∂z_2
    claim(
        "dz2-chain", '"Gradients": ∂L/∂z_2i = ∂L/∂A_2i ∂A_2i/∂z_2i',
        "∂L/∂z₂ by the chain rule through A₂",
        r"\frac{\partial L}{\partial z_{2i}} = \frac{\partial L}{\partial A_{2i}} "
        r"\frac{\partial A_{2i}}{\partial z_{2i}}",
        lambda net: (grad(net.loss_a2, net.a2).T.xreplace(
            dict(zip(net.a2, a2_of_z2(net), strict=True))) * a2_of_z2(net).jacobian(net.z2)).T,
        reference_of("z2"), METHOD_Z2 + "; the product read as ∂L/∂A_2 (a row) times the "
        "Jacobian ∂A_2/∂z_2",
        reading="Read as the chain rule with Jacobians (the sum over the outputs of A_2 "
                "implicit); see 003-dz2-diagonal for the entries the note then writes.",
    ),
    claim(
        "dz2-diagonal", '"Gradients": "= ∂/∂A_2i(−Σ y_ti log A_2i) ∂A_2i/∂z_2i = …"',
        "∂L/∂z₂ᵢ with one term of the chain",
        r"\frac{\partial L}{\partial z_{2i}} = \frac{\partial}{\partial A_{2i}} \left( "
        r"-\sum_{i=0}^{K} y_{ti} \log A_{2i} \right) \frac{\partial A_{2i}}{\partial z_{2i}} = "
        r"-\frac{y_{ti}}{A_{2i}} \frac{\partial}{\partial z_{2i}} \left( \frac{e^{z_{2i}}}{"
        + E_SUM + r"} \right)",
        lambda net: column(ALL_I, lambda i: -net.y[i] / a2_of_z2(net)[i] * sp.diff(
            sp.exp(net.z2[i]) / total(net), net.z2[i])),
        dz2_reference(ALL_I), METHOD_Z2, expected=FAILS,
        correction=r"\frac{\partial L}{\partial z_{2i}} = -\sum_{m} \frac{y_{tm}}{A_{2m}} "
        r"\frac{\partial A_{2m}}{\partial z_{2i}} = -\frac{y_{tk}}{A_{2k}} "
        r"\frac{\partial}{\partial z_{2i}} \left( \frac{e^{z_{2k}}}{" + E_SUM + r"} \right)",
        why="The softmax ties every output to every z_2i, so ∂L/∂z_2i is a sum over the outputs "
            "m; with the one index i only the term m = i is kept, which is 0 for i ≠ k "
            "(y_ti = 0) while the derivative is A_2i. The case split that follows differentiates "
            "e^{z_2k}/Σ for i ≠ k: the term that is missing here.",
        corrected=lambda net: column(ALL_I, lambda i: -net.y[LABEL] / a2_of_z2(net)[LABEL]
                                       * sp.diff(sp.exp(net.z2[LABEL]) / total(net), net.z2[i])),
    ),
    claim(
        "dz2-case-eq", '"Gradients": the first case (i = k) after "(1)"',
        "∂L/∂z₂ᵢ by cases, first line, i = k",
        r"\frac{\partial L}{\partial z_{2i}} = -\frac{y_{ti}}{A_{2i}} \frac{A_{2i} \cdot "
        + E_SUM + r" - e^{z_{2i}}}{" + E_SUM + r"}, \quad i = k",
        lambda net: column(I_EQ_K, lambda i: -net.y[i] / a2_of_z2(net)[i] * (
            a2_of_z2(net)[i] * total(net) - sp.exp(net.z2[i])) / total(net)),
        dz2_reference(I_EQ_K), METHOD_Z2, expected=FAILS,
        correction=r"-\frac{y_{ti}}{A_{2i}} \frac{A_{2i} \left( " + E_SUM
        + r" - e^{z_{2i}} \right)}{" + E_SUM + r"} = -y_{ti}(1 - A_{2i}), \quad i = k",
        why="As written the numerator is A_2i Σ_j e^{z_2j} − e^{z_2i} = 0, since A_2i Σ_j e^{z_2j}"
            " = e^{z_2i}; the parentheses around Σ_j e^{z_2j} − e^{z_2i} (as eq. (1) has them) "
            "give the next line, −y_ti(1 − A_2i).",
        reading=E_READING + " The parentheses may have been lost in the OCR; the line is "
                "checked as the OCR gives it.",
        corrected=lambda net: column(I_EQ_K, lambda i: -net.y[i] / a2_of_z2(net)[i]
                                      * a2_of_z2(net)[i] * (total(net) - sp.exp(net.z2[i]))
                                      / total(net)),
    ),
    claim(
        "dz2-case-ne", '"Gradients": the second case (i ≠ k) after "(1)"',
        "∂L/∂z₂ᵢ by cases, first line, i ≠ k",
        r"\frac{\partial L}{\partial z_{2i}} = -\frac{y_{ti}}{A_{2i}} \frac{-A_{2i} \cdot "
        r"e^{z_{2k}}}{" + E_SUM + r"}, \quad i \neq k",
        lambda net: column(I_NE_K, lambda i: -net.y[i] / a2_of_z2(net)[i] * (
            -a2_of_z2(net)[i] * sp.exp(net.z2[LABEL])) / total(net)),
        dz2_reference(I_NE_K), METHOD_Z2, expected=FAILS,
        correction=r"-\frac{y_{tk}}{A_{2k}} \frac{-A_{2i} \cdot e^{z_{2k}}}{" + E_SUM
        + r"} = A_{2i}, \quad i \neq k",
        why="−A_2i e^{z_2k}/Σ_j e^{z_2j} = −A_2i A_2k is ∂A_2k/∂z_2i, the derivative of the true "
            "class's output, so the factor in front must be that output's, −y_tk/A_2k; with "
            "−y_ti/A_2i it is 0 for i ≠ k.",
        reading=E_READING,
        corrected=lambda net: column(I_NE_K, lambda i: -net.y[LABEL] / a2_of_z2(net)[LABEL]
                                      * (-a2_of_z2(net)[i] * sp.exp(net.z2[LABEL]))
                                      / total(net)),
    ),
    claim(
        "dz2-simplified-eq", '"Gradients": "= {−y_ti(1 − A_2i), i = k; …}", case i = k',
        "−y_ti(1 − A_2i) for i = k",
        r"\frac{\partial L}{\partial z_{2i}} = -y_{ti} (1 - A_{2i}), \quad i = k",
        lambda net: column(I_EQ_K, lambda i: -net.y[i] * (1 - a2_of_z2(net)[i])),
        dz2_reference(I_EQ_K), METHOD_Z2,
    ),
    claim(
        "dz2-simplified-ne", '"Gradients": "= {…; y_ti A_2k, i ≠ k}", case i ≠ k',
        "y_ti A_2k for i ≠ k",
        r"\frac{\partial L}{\partial z_{2i}} = y_{ti} A_{2k}, \quad i \neq k",
        lambda net: column(I_NE_K, lambda i: net.y[i] * a2_of_z2(net)[LABEL]),
        dz2_reference(I_NE_K), METHOD_Z2, expected=FAILS,
        correction=r"\frac{\partial L}{\partial z_{2i}} = y_{tk} A_{2i} = A_{2i}, \quad i \neq k",
        why="The indices are swapped: for i ≠ k, y_ti = 0, so y_ti A_2k is 0; the derivative is "
            "y_tk A_2i = A_2i.",
        corrected=lambda net: column(I_NE_K, lambda i: net.y[LABEL] * a2_of_z2(net)[i]),
    ),
    claim(
        "dz2-indicator-eq", '"Gradients": "(2) = {−I(y_ti = k)(1 − A_2i), i = k; …}", i = k',
        "−I(y_ti = k)(1 − A_2i) for i = k",
        r"\frac{\partial L}{\partial z_{2i}} = -I(y_{ti} = k)(1 - A_{2i}), \quad i = k",
        lambda net: column(I_EQ_K, lambda i: -net.y[i] * (1 - a2_of_z2(net)[i])),
        dz2_reference(I_EQ_K), METHOD_Z2,
        reading="I(y_ti = k) is read with the note's (2), I(y_ti = k) = y_ti: 1 for the true "
                "class i = k, 0 otherwise.",
    ),
    claim(
        "dz2-indicator-ne", '"Gradients": "(2) = {…; −I(y_ti = k)(0 − A_2k), i ≠ k}", i ≠ k',
        "−I(y_ti = k)(0 − A_2k) for i ≠ k",
        r"\frac{\partial L}{\partial z_{2i}} = -I(y_{ti} = k)(0 - A_{2k}), \quad i \neq k",
        lambda net: column(I_NE_K, lambda i: -net.y[i] * (0 - a2_of_z2(net)[LABEL])),
        dz2_reference(I_NE_K), METHOD_Z2, expected=FAILS,
        correction=r"\frac{\partial L}{\partial z_{2i}} = -I(y_{tk} = k)(0 - A_{2i}) = A_{2i}, "
        r"\quad i \neq k",
        why="Carries the swap of the line before: I(y_ti = k) = y_ti is 0 for i ≠ k, and the "
            "output in the bracket must be A_2i, not A_2k.",
        reading="I(y_ti = k) = y_ti, by the note's (2).",
        corrected=lambda net: column(
        I_NE_K, lambda i: -net.y[LABEL] * (0 - a2_of_z2(net)[i])),
    ),
    claim(
        "dz2-expanded-eq", '"Gradients": "= {A_2i I(y_ti = k) − I(y_ti = k), i = k; …}", i = k',
        "A_2i I − I for i = k",
        r"\frac{\partial L}{\partial z_{2i}} = A_{2i} \cdot I(y_{ti} = k) - I(y_{ti} = k), "
        r"\quad i = k",
        lambda net: column(I_EQ_K, lambda i: a2_of_z2(net)[i] * net.y[i] - net.y[i]),
        dz2_reference(I_EQ_K), METHOD_Z2,
        reading="I(y_ti = k) = y_ti, by the note's (2).",
    ),
    claim(
        "dz2-expanded-ne", '"Gradients": "= {…; A_2k I(y_ti = k), i ≠ k}", i ≠ k',
        "A_2k I for i ≠ k",
        r"\frac{\partial L}{\partial z_{2i}} = A_{2k} \cdot I(y_{ti} = k), \quad i \neq k",
        lambda net: column(I_NE_K, lambda i: a2_of_z2(net)[LABEL] * net.y[i]),
        dz2_reference(I_NE_K), METHOD_Z2, expected=FAILS,
        correction=r"\frac{\partial L}{\partial z_{2i}} = A_{2i}, \quad i \neq k",
        why="The same swap again: the line is 0 for i ≠ k, the derivative A_2i.",
        reading="I(y_ti = k) = y_ti, by the note's (2).",
        corrected=lambda net: column(I_NE_K, lambda i: a2_of_z2(net)[i]),
    ),
    claim(
        "dz2-cases-summed", '"Gradients": "⇔ A_2i I(y_ti = k) − I(y_ti = k) + A_2k I(y_ti = k)"',
        "the two cases added",
        r"\frac{\partial L}{\partial z_{2i}} = A_{2i} I(y_{ti} = k) - I(y_{ti} = k) + A_{2k} "
        r"I(y_{ti} = k)",
        lambda net: column(ALL_I, lambda i: a2_of_z2(net)[i] * net.y[i] - net.y[i]
                           + a2_of_z2(net)[LABEL] * net.y[i]),
        dz2_reference(ALL_I), METHOD_Z2, expected=FAILS,
        correction=r"\frac{\partial L}{\partial z_{2i}} = \left(A_{2i} - 1\right) I(i = k) + "
        r"A_{2i} \left(1 - I(i = k)\right) = A_{2i} - y_{ti}",
        why="Adding the two cases' expressions is not combining them: each holds only for its "
            "own i, so each must be multiplied by the indicator of its case (I(i = k) and "
            "1 − I(i = k)); as written the sum is 2A_2k − 1 for i = k and 0 for i ≠ k.",
        reading="I(y_ti = k) = y_ti, by the note's (2).",
        corrected=lambda net: column(ALL_I, lambda i: (
        (a2_of_z2(net)[i] - 1) * net.y[i] + a2_of_z2(net)[i] * (1 - net.y[i]))),
    ),
    claim(
        "dz2", '"Gradients": "= A_2i − I(y_ti = k) = A_2i − y_ti"',
        "∂L/∂z₂ = A₂ − y",
        r"\frac{\partial L}{\partial z_{2i}} = A_{2i} - I(y_{ti} = k) = A_{2i} - y_{ti}",
        lambda net: a2_of_z2(net) - net.y, dz2_reference(ALL_I), METHOD_Z2,
    ),
    # (1)
    claim(
        "softmax-deriv-eq", '"(1)": the case i = k',
        "∂/∂z₂ᵢ of e^{z₂ᵢ}/Σ, i = k",
        r"\frac{\partial}{\partial z_{2i}} \left( \frac{e^{z_{2i}}}{" + E_SUM + r"} \right) = "
        r"\frac{e^{z_{2i}} \left( " + E_SUM + r" - e^{z_{2i}} \right)}{\left( " + E_SUM
        + r" \right)^{2}}, \quad i = k",
        lambda net: column(I_EQ_K, lambda i: sp.exp(net.z2[i]) * (total(net) - sp.exp(
            net.z2[i])) / total(net) ** 2),
        lambda net: column(I_EQ_K, lambda i: sp.diff(sp.exp(net.z2[i]) / total(net), net.z2[i])),
        "z_2 free symbols; reference: sympy.diff of e^{z_2i}/Σ_j e^{z_2j}",
    ),
    claim(
        "softmax-deriv-ne", '"(1)": the case i ≠ k',
        "∂/∂z₂ᵢ of e^{z₂ᵢ}/Σ, i ≠ k",
        r"\frac{\partial}{\partial z_{2i}} \left( \frac{e^{z_{2i}}}{" + E_SUM + r"} \right) = "
        r"-\frac{e^{z_{2k}}}{\left( " + E_SUM + r" \right)^{2}} \frac{\partial \left( "
        + E_SUM + r" \right)}{\partial z_{2i}}, \quad i \neq k",
        lambda net: column(I_NE_K, lambda i: -sp.exp(net.z2[LABEL]) / total(net) ** 2
                           * sp.diff(total(net), net.z2[i])),
        lambda net: column(I_NE_K, lambda i: sp.diff(sp.exp(net.z2[i]) / total(net), net.z2[i])),
        "z_2 free symbols; reference: sympy.diff of e^{z_2i}/Σ_j e^{z_2j} (the left side as "
        "written); ∂Σ/∂z_2i on the right from SymPy", expected=FAILS,
        correction=r"\frac{\partial}{\partial z_{2i}} \left( \frac{e^{z_{2k}}}{" + E_SUM
        + r"} \right) = -\frac{e^{z_{2k}}}{\left( " + E_SUM + r" \right)^{2}} "
        r"\frac{\partial \left( " + E_SUM + r" \right)}{\partial z_{2i}}, \quad i \neq k",
        why="Both cases differentiate the same e^{z_2i}/Σ, whose derivative does not depend on "
            "k; the right side is the derivative of A_2k = e^{z_2k}/Σ, the true class's output, "
            "which is what the derivation needs for i ≠ k.",
        corrected=lambda net: column(I_NE_K, lambda i: -sp.exp(net.z2[LABEL])
                                           / total(net) ** 2 * sp.diff(total(net), net.z2[i])),
        corrected_reference=lambda net: column(I_NE_K, lambda i: sp.diff(
            sp.exp(net.z2[LABEL]) / total(net), net.z2[i])),
    ),
    claim(
        "dsum", '"(1)": "∂(Σ_j e^{z_2j})/∂z_2i = e^{z_2k}"',
        "∂(Σⱼ e^{z₂ⱼ})/∂z₂ᵢ",
        r"\frac{\partial \left( " + E_SUM + r" \right)}{\partial z_{2i}} = e^{z_{2k}}",
        lambda net: column(ALL_I, lambda i: sp.exp(net.z2[LABEL])),
        lambda net: column(ALL_I, lambda i: sp.diff(total(net), net.z2[i])),
        "z_2 free symbols, every i; reference: sympy.diff of Σ_j e^{z_2j}", expected=FAILS,
        correction=r"\frac{\partial \left( " + E_SUM + r" \right)}{\partial z_{2i}} = "
        r"e^{z_{2i}}",
        why="Only the term j = i of the sum depends on z_2i; e^{z_2k} is right only for i = k.",
        corrected=lambda net: column(ALL_I, lambda i: sp.exp(net.z2[i])),
    ),
    claim(
        "exp-over-sum-squared", '"(1)": "e^{z_2i}/(Σ_j e^{z_2j})² = A_2i"',
        "e^{z₂ᵢ}/(Σⱼ e^{z₂ⱼ})² = A₂ᵢ",
        r"\frac{e^{z_{2i}}}{\left( " + E_SUM + r" \right)^{2}} = A_{2i}",
        lambda net: column(ALL_I, lambda i: sp.exp(net.z2[i]) / total(net) ** 2),
        lambda net: a2_of_z2(net),
        "z_2 free symbols; reference: the definition A_2i = e^{z_2i}/Σ_j e^{z_2j}",
        expected=FAILS,
        correction=r"\frac{e^{z_{2i}}}{" + E_SUM + r"} = A_{2i}",
        why="The square is one power too many: e^{z_2i}/(Σ_j e^{z_2j})² = A_2i/Σ_j e^{z_2j}. "
            "(What the i ≠ k case needs is e^{z_2k} e^{z_2i}/(Σ_j e^{z_2j})² = A_2k A_2i.)",
        corrected=lambda net: column(ALL_I, lambda i: sp.exp(net.z2[i]) / total(net)),
    ),
    # w_2, b_2
    claim(
        "chain-w2", '"Gradients": "∂L/∂w_2i = ∂L/∂A_2i ∂A_2i/∂w_2i = … ∂z_2i/∂w_2i"',
        "∂L/∂w₂ by the chain rule",
        r"\frac{\partial L}{\partial w_{2i}} = \frac{\partial L}{\partial A_{2i}} \cdot "
        r"\frac{\partial A_{2i}}{\partial w_{2i}} = \frac{\partial L}{\partial A_{2i}} \cdot "
        r"\frac{\partial A_{2i}}{\partial z_{2i}} \cdot \frac{\partial z_{2i}}{\partial w_{2i}}",
        _chain_w2,
        reference_of("w2"), METHOD_A1 + "; Jacobians multiplied, for every entry of w_2",
        options=_options(try_expand=False, try_simplify=False, points=3),
        reading="Read as the chain rule with Jacobians (the sums over the outputs implicit).",
    ),
    claim(
        "dz2-dw2", '"Gradients": "∂z_2i/∂w_2i = ∂/∂w_2i (w_2i A_1i + b_2) = A_1i"',
        "∂z₂ᵢ/∂w₂ᵢ = A₁",
        r"\frac{\partial z_{2i}}{\partial w_{2i}} = \frac{\partial}{\partial w_{2i}} "
        r"(w_{2i} A_{1i} + b_2) = A_{1i}",
        lambda net: sp.Matrix(N_CLASSES, N_HIDDEN, lambda i, j: net.a1[j]),
        lambda net: sp.Matrix(N_CLASSES, N_HIDDEN,
                              lambda i, j: sp.diff(net.z2_of_a1()[i], net.w2[i, j])),
        "A_1 free symbols; reference: sympy.diff of z_2i = Σ_j w_2ij A_1j + b_2i with respect to "
        "every weight of row i", options={},
        reading="w_2i is row i of w_2 and A_1i the vector A_1 it multiplies (a guess); b_2 is "
                "b_2i.",
    ),
    claim(
        "dL-dw2", '"∂L/∂w_2i = (A_2i − y_ti)·A_1i"', "∂L/∂w₂ = (A₂ − y)A₁ᵀ",
        r"\frac{\partial L}{\partial w_{2i}} = (A_{2i} - y_{ti}) \cdot A_{1i}",
        lambda net: (a2_of_a1(net) - net.y) * net.a1.T,
        reference_of("w2"), METHOD_A1, options=_options(try_expand=False, try_simplify=False),
        reading="Row i is (A_2i − y_ti) times the vector A_1: the outer product (A_2 − y_t)A_1ᵀ.",
    ),
    claim(
        "dz2-db2", '"∂z_2i/∂b_2 = 1"', "∂z₂ᵢ/∂b₂ᵢ = 1",
        r"\frac{\partial z_{2i}}{\partial b_{2}} = 1",
        lambda net: sp.ones(N_CLASSES, 1),
        lambda net: column(ALL_I, lambda i: sp.diff(net.z2_of_a1()[i], net.b2[i])),
        "A_1 free symbols; reference: sympy.diff of z_2i with respect to b_2i", options={},
        reading="b_2 is read as b_2i, the bias of output i.",
    ),
    claim(
        "dL-db2", '"∂L/∂b_2 = ∂L/∂z_2i ∂z_2i/∂b_2 = ∂L/∂z_2i = A_2i − y_ti"',
        "∂L/∂b₂ = A₂ − y",
        r"\frac{\partial L}{\partial b_{2}} = \frac{\partial L}{\partial z_{2i}} "
        r"\frac{\partial z_{2i}}{\partial b_{2}} = \frac{\partial L}{\partial z_{2i}} = "
        r"A_{2i} - y_{ti}",
        lambda net: a2_of_a1(net) - net.y,
        reference_of("b2"), METHOD_A1, options=_options(try_expand=False, try_simplify=False),
    ),
    # w_1, A_1, b_1
    claim(
        "chain-w1", '"∂L/∂w_1 = ∂L/∂z_2i ∂z_2i/∂w_1i = ∂L/∂z_2i ∂A_1i/∂z_1i ∂z_1i/∂w_1i"',
        "∂L/∂w₁ by the chain rule, as written",
        r"\frac{\partial L}{\partial w_{1}} = \frac{\partial L}{\partial z_{2i}} "
        r"\frac{\partial z_{2i}}{\partial w_{1i}} = \frac{\partial L}{\partial z_{2i}} "
        r"\frac{\partial A_{1i}}{\partial z_{1i}} \frac{\partial z_{1i}}{\partial w_{1i}}",
        _full_chain_w1_as_written, reference_of("w1"),
        METHOD_NET + "; the last product as Jacobians: ∂L/∂z_2 (1 × 3) ∂A_1/∂z_1 (4 × 4) "
        "∂z_1/∂w_1ij (4 × 1)", options=NET_OPTIONS, expected=FAILS,
        correction=r"\frac{\partial L}{\partial w_{1}} = \frac{\partial L}{\partial z_{2}} "
        r"\frac{\partial z_{2}}{\partial A_{1}} \frac{\partial A_{1}}{\partial z_{1}} "
        r"\frac{\partial z_{1}}{\partial w_{1}}",
        why="The factor ∂z_2/∂A_1 = w_2 is dropped between ∂L/∂z_2 and ∂A_1/∂z_1; without it the "
            "product is not even defined (3 outputs against 4 hidden neurons).",
        corrected=_full_chain_w1,
    ),
    claim(
        "dz1-dw1", '"∂z_1i/∂w_1i = X"', "∂z₁ᵢ/∂w₁ᵢ = X",
        r"\frac{\partial z_{1i}}{\partial w_{1i}} = X",
        lambda net: sp.Matrix(N_HIDDEN, N_INPUT, lambda i, j: net.x[j]),
        lambda net: sp.Matrix(N_HIDDEN, N_INPUT,
                              lambda i, j: sp.diff(net.z1_of_x()[i], net.w1[i, j])),
        "reference: sympy.diff of z_1i = Σ_j w_1ij X_j + b_1i with respect to every weight of "
        "row i", options={},
        reading="Row i of w_1 against the vector X (entry j: X_j).",
    ),
    claim(
        "dL-dA1", '"∂L/∂A_1i = ∂L/∂z_2i w_1 = (A_2i − y_ti)·w_1"', "∂L/∂A₁ with w₁",
        r"\frac{\partial L}{\partial A_{1i}} = \frac{\partial L}{\partial z_{2i}} w_{1} = "
        r"(A_{2i} - y_{ti}) \cdot w_{1}",
        lambda net: (dl_dz2_row(a2_of_a1(net), net) * net.w1).T,
        reference_of("a1"), METHOD_A1 + "; ∂L/∂z_2 (a row, 1 × 3) times w_1 (4 × 3)",
        options=_options(try_expand=False, try_simplify=False), expected=FAILS,
        correction=r"\frac{\partial L}{\partial A_{1}} = w_{2}^{T} \frac{\partial L}"
        r"{\partial z_{2}} = w_{2}^{T} (A_{2} - y_{t}), \quad \frac{\partial L}{\partial A_{1j}}"
        r" = \sum_i (A_{2i} - y_{ti})\, w_{2,ij}",
        why="z_2 = w_2 A_1 + b_2 depends on A_1 through w_2 (as the note writes three lines on, "
            "∂z_2i/∂A_1i = w_2), not w_1, and every output contributes: a sum over i, i.e. "
            "w_2ᵀ. With w_1 the product is not defined (3 outputs, w_1 has 4 rows).",
        corrected=lambda net: net.w2.T * (a2_of_a1(net) - net.y),
    ),
    claim(
        "dA1-dz1", '"∂A_1i/∂z_1i = {1, z_1i ≥ 0; 0, z_1i < 0}"', "ReLU′ by cases",
        r"\frac{\partial A_{1i}}{\partial z_{1i}} = \begin{cases} 1, & z_{1i} \geq 0 \\ 0, & "
        r"z_{1i} < 0 \end{cases}",
        lambda net: relu_mask(net.z1),
        lambda net: column(list(range(N_HIDDEN)),
                           lambda i: sp.diff(relu(net.z1[i]), net.z1[i])),
        "z_1 free symbols; reference: sympy.diff of ReLU(z_1i) = Max(0, z_1i), the Heaviside "
        "step; z_1i = 0, where ReLU has no derivative (the note takes 1), is skipped",
        options={},
    ),
    claim(
        "dL-dz1", 'the line after ∂A_1i/∂z_1i: "{…; 0, z_1i < 0} = (A_2i − y_ti)·w_1, z_1i ≥ 0"',
        "∂L/∂z₁ by cases, with w₁",
        r"\frac{\partial L}{\partial z_{1i}} = \begin{cases} (A_{2i} - y_{ti}) \cdot w_{1}, & "
        r"z_{1i} \geq 0 \\ 0, & z_{1i} < 0 \end{cases}",
        lambda net: hadamard((dl_dz2_row(a2_of_z1(net), net) * net.w1).T, relu_mask(net.z1)),
        reference_of("z1"), METHOD_Z1, options=_options(try_expand=False, try_simplify=False),
        expected=FAILS,
        correction=r"\frac{\partial L}{\partial z_{1}} = \left( w_{2}^{T} (A_{2} - y_{t}) "
        r"\right) \odot \begin{cases} 1, & z_{1i} \geq 0 \\ 0, & z_{1i} < 0 \end{cases}",
        why="The same w_1 as in ∂L/∂A_1: the weights that carry z_1's change to the loss are "
            "w_2 (transposed, summed over the outputs).",
        reading="The OCR runs this line into the one before (\"0, z_1i < 0 } = (A_2i − y_ti)·w_1,"
                " z_1i ≥ 0\"); read as ∂L/∂z_1i by cases (a guess).",
        corrected=lambda net: hadamard(net.w2.T * (a2_of_z1(net) - net.y), relu_mask(net.z1)),
    ),
    claim(
        "dz2-dA1", '"∂z_2i/∂A_1i = w_2"', "∂z₂/∂A₁ = w₂",
        r"\frac{\partial z_{2i}}{\partial A_{1i}} = w_{2}",
        lambda net: net.w2, lambda net: net.z2_of_a1().jacobian(net.a1),
        "A_1 free symbols; reference: SymPy's Jacobian of z_2 = w_2 A_1 + b_2", options={},
        reading="Read as the Jacobian ∂z_2/∂A_1 (entry (i, j) = ∂z_2i/∂A_1j).",
    ),
    claim(
        "dL-dw1", '"∂L/∂w_1i = (A_2i − y_ti)·w_2 X"', "∂L/∂w₁ without the ReLU mask",
        r"\frac{\partial L}{\partial w_{1i}} = (A_{2i} - y_{ti}) \cdot w_{2} X",
        lambda net: (dl_dz2_row(forward()["a2"], net) * net.w2).T * net.x.T,
        reference_of("w1"), METHOD_NET, options=NET_OPTIONS, expected=FAILS,
        correction=r"\frac{\partial L}{\partial w_{1}} = \left( \left( w_{2}^{T} (A_{2} - y_{t})"
        r" \right) \odot \begin{cases} 1, & z_{1i} \geq 0 \\ 0, & z_{1i} < 0 \end{cases} "
        r"\right) X^{T}",
        why="The ReLU derivative ∂A_1i/∂z_1i, which the note works out three lines above, is "
            "left out: a hidden neuron with z_1i < 0 passes no gradient to its weights.",
        reading="(A_2i − y_ti)·w_2 X is read in the one orientation in which it is defined, "
                "((A_2 − y_t)ᵀ w_2)ᵀ Xᵀ = w_2ᵀ(A_2 − y_t) Xᵀ (transposes implicit, as in "
                "∂L/∂w_2i = (A_2i − y_ti)·A_1i).",
        corrected=lambda net: _hidden_error(net) * net.x.T,
    ),
    claim(
        "dz1-db1", '"∂z_1i/∂b_1 = 1"', "∂z₁ᵢ/∂b₁ᵢ = 1",
        r"\frac{\partial z_{1i}}{\partial b_{1}} = 1",
        lambda net: sp.ones(N_HIDDEN, 1),
        lambda net: column(list(range(N_HIDDEN)), lambda i: sp.diff(net.z1_of_x()[i],
                                                                    net.b1[i])),
        "reference: sympy.diff of z_1i with respect to b_1i", options={},
        reading="b_1 is read as b_1i, the bias of hidden neuron i.",
    ),
    claim(
        "chain-b1-z2", '"∂L/∂b_1 = ∂L/∂z_2i ∂z_2i/∂b_1"', "∂L/∂b₁ through z₂",
        r"\frac{\partial L}{\partial b_{1}} = \frac{\partial L}{\partial z_{2i}} "
        r"\frac{\partial z_{2i}}{\partial b_{1}}",
        lambda net: chain_b1(net, "z2"), reference_of("b1"),
        METHOD_NET + "; Jacobians multiplied (∂z_2/∂b_1 is SymPy's)", options=NET_OPTIONS,
        reading="The OCR gives one long line of equalities for ∂L/∂b_1, several repeated; its "
                "distinct products are checked one by one (this and the next three claims), "
                "read as the chain rule with Jacobians.",
    ),
    claim(
        "chain-b1-A1", '"∂L/∂b_1 = … = ∂L/∂z_2i ∂z_2i/∂A_1i ∂A_1i/∂b_1"',
        "∂L/∂b₁ through z₂ and A₁",
        r"\frac{\partial L}{\partial b_{1}} = \frac{\partial L}{\partial z_{2i}} "
        r"\frac{\partial z_{2i}}{\partial A_{1i}} \frac{\partial A_{1i}}{\partial b_{1}}",
        lambda net: chain_b1(net, "z2-a1"), reference_of("b1"),
        METHOD_NET + "; Jacobians multiplied", options=NET_OPTIONS,
    ),
    claim(
        "chain-b1-nomask", '"∂L/∂b_1 = … = ∂L/∂z_2i ∂z_2i/∂A_1i ∂z_1i/∂b_1"',
        "∂L/∂b₁ with ∂z₁/∂b₁ for ∂A₁/∂b₁",
        r"\frac{\partial L}{\partial b_{1}} = \frac{\partial L}{\partial z_{2i}} "
        r"\frac{\partial z_{2i}}{\partial A_{1i}} \frac{\partial z_{1i}}{\partial b_{1}}",
        lambda net: chain_b1(net, "z2-a1-nomask"), reference_of("b1"),
        METHOD_NET + "; Jacobians multiplied", options=NET_OPTIONS, expected=FAILS,
        correction=r"\frac{\partial L}{\partial b_{1}} = \frac{\partial L}{\partial z_{2}} "
        r"\frac{\partial z_{2}}{\partial A_{1}} \frac{\partial A_{1}}{\partial z_{1}} "
        r"\frac{\partial z_{1}}{\partial b_{1}}",
        why="Going from A_1 straight to ∂z_1/∂b_1 skips ∂A_1/∂z_1, the ReLU mask: a hidden "
            "neuron with z_1i < 0 gets a gradient it does not have.",
        reading="One of the products in the OCR's long line for ∂L/∂b_1 (it may be the OCR's "
                "repetition rather than the author's).",
        corrected=lambda net: chain_b1(net, "z2-a1"),
    ),
    claim(
        "chain-b1-z1", '"∂L/∂b_1 = … = ∂L/∂z_1i ∂z_1i/∂b_1"', "∂L/∂b₁ through z₁",
        r"\frac{\partial L}{\partial b_{1}} = \frac{\partial L}{\partial z_{1i}} "
        r"\frac{\partial z_{1i}}{\partial b_{1}}",
        lambda net: chain_b1(net, "z1"), reference_of("b1"),
        METHOD_NET + "; ∂L/∂z_1 from SymPy (free z_1), then the whole network put in",
        options=NET_OPTIONS,
        reading="The OCR's next step, \"∂L/∂z_1i (z_1i ≥ 0)/∂z_1i\", cannot be read and is not "
                "checked.",
    ),
    claim(
        "dL-db1", '"∂L/∂b_1 = … = (A_2i − y_ti)·w_1"', "∂L/∂b₁ with w₁",
        r"\frac{\partial L}{\partial b_{1}} = (A_{2i} - y_{ti}) \cdot w_{1}",
        lambda net: (dl_dz2_row(forward()["a2"], net) * net.w1).T,
        reference_of("b1"), METHOD_NET, options=NET_OPTIONS, expected=FAILS,
        correction=r"\frac{\partial L}{\partial b_{1}} = \left( w_{2}^{T} (A_{2} - y_{t}) "
        r"\right) \odot \begin{cases} 1, & z_{1i} \geq 0 \\ 0, & z_{1i} < 0 \end{cases}",
        why="Two slips: w_1 for w_2ᵀ (as in ∂L/∂A_1; the product is not even defined) and no "
            "ReLU mask.",
        reading="Read as ∂L/∂z_2 (a row) times w_1, as in 003-dL-dA1.",
        corrected=_hidden_error,
    ),
]
"""Every claim of note 003, in the note's order."""
