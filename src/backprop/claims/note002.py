"""Note 002: the mini-batch matrix form with L2 regularisation, every equation as a claim.

The note's network has one hidden ReLU layer (input a⁽¹⁾, hidden a⁽²⁾ = φ(z⁽²⁾), output
z⁽³⁾ with the row-wise softmax ψ) and the regularised cost over N samples

    J̃ = (1/N) Σ_i −log ψ(z⁽³⁾)_{i,y_i} + λ(‖w⁽¹⁾‖² + ‖w⁽²⁾‖²).

**Layout.** The note defines ψ(z⁽³⁾)_{ij} as the probability of class j for sample i, so its
matrices have one row per sample: z⁽³⁾, ψ and Δ are N × C. With rows as samples a layer is
z⁽ˡ⁺¹⁾ = a⁽ˡ⁾w⁽ˡ⁾ + 1_N b⁽ˡ⁾ with w⁽ˡ⁾ of shape (n_in, n_out), the only orientation in which
the note's product (ψ − Δ)w⁽²⁾′ is defined (and the engine's). The note's products are
transcribed in the order it writes them; where one is not defined, SymPy raises and the claim
fails with the sizes (``Claim.verify``).

**The instance**: N = 3 samples (so that the note's factor 1/2 and the true 1/N differ),
2 inputs, 2 hidden units, 3 classes, labels y = (2, 0, 1) (Δ is their one-hot matrix); every
input, weight, bias and λ is a SymPy symbol. References are ``sympy.diff`` of J̃ written as the
note defines it, taken with respect to the parameters of the whole network, or of the layer
quantities z⁽³⁾, a⁽²⁾, z⁽²⁾ made free symbols (``J_of_z3``, ``J_of_a2``, ``J_of_z2``).
ReLU is ``Max(0, x)``; SymPy's derivative is the Heaviside step and points where a ReLU input
is 0 are skipped.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from backprop.claims import FAILS, HOLDS, Claim, ClaimMaker, Instance
from backprop.claims.net002 import (
    data_cost,
    instance,
    psi,
)
from backprop.sympy_kit import column, grad, hadamard, positive_mask, relu

PAGE = "book/part3/minibatch_l2"
ALL_ACTIVE = {"low": 1, "high": 2}
"""Points drawn from 1..2: every input, weight and bias positive, so every z⁽²⁾ > 0 (the
note's condition "when z⁽²⁾ > 0")."""


def cases_positive(m: sp.Matrix, z: sp.Matrix) -> sp.Matrix:
    """The note's {m if z > 0; 0 if z ≤ 0}, read entry by entry (a Piecewise per entry)."""
    return sp.Matrix(m.rows, m.cols,
                     lambda i, j: sp.Piecewise((m[i, j], z[i, j] > 0), (0, True)))


def cases_all_positive(m: sp.Matrix, z: sp.Matrix, otherwise_strict: bool = False) -> sp.Matrix:
    """The note's {m if z > 0; 0 if z ≤ 0} for a matrix m whose shape is not z's: the
    condition read as "every entry of z > 0" (``otherwise_strict``: the note's "0 if z < 0",
    which leaves z = 0 undefined, a ReLU kink the checks skip anyway)."""
    positive = sp.And(*[v > 0 for v in z])
    other = sp.And(*[v < 0 for v in z]) if otherwise_strict else True
    return m.applyfunc(lambda v: sp.Piecewise((v, positive), (0, other)))


def jacobian_entries(out: sp.Matrix, by: sp.Matrix) -> sp.Matrix:
    """∂out_{i,n}/∂by_{h,m} for every i, n, h, m (row-major), by ``sympy.diff``."""
    return column([sp.diff(out[i, n], by[h, m])
                   for i in range(out.rows) for n in range(out.cols)
                   for h in range(by.rows) for m in range(by.cols)])


# -- transcriptions of the note, and its corrections ------------------------------------------

HALF = sp.Rational(1, 2)


def _inv_n(inst: Instance) -> sp.Rational:
    return sp.Rational(1, inst.n)


def _err_top(inst: Instance, p: sp.Matrix) -> sp.Matrix:
    """(1/N)(ψ − Δ): the note's ∂J/∂z⁽³⁾ for the given ψ."""
    return _inv_n(inst) * (p - inst.delta)


def _delta2(inst: Instance) -> sp.Matrix:
    """The true ∂J̃/∂z⁽²⁾ of the whole network: ((1/N)(ψ − Δ) w⁽²⁾′) ⊙ 1[z⁽²⁾ > 0]."""
    return hadamard(_err_top(inst, inst.psi) * inst.w2.T, positive_mask(inst.z2))


def _row_normalised(e: sp.Matrix) -> sp.Matrix:
    """diag(E 1)⁻¹ E: each row of E divided by its sum, in matrix form."""
    return sp.diag(*[1 / v for v in e * sp.ones(e.cols, 1)]) * e


DW1_STEPS: tuple[tuple[str, Callable[[Instance], object]], ...] = (
    ("a⁽¹⁾′ moved to the left; still ½ and no w⁽²⁾′",
     lambda s: HALF * s.x.T * (s.psi - s.delta) + 2 * s.lam * s.w1),
    ("… and the error passed back through w⁽²⁾′; still ½",
     lambda s: HALF * s.x.T * ((s.psi - s.delta) * s.w2.T) + 2 * s.lam * s.w1),
    ("… and 1/N instead of ½",
     lambda s: s.x.T * (_err_top(s, s.psi) * s.w2.T) + 2 * s.lam * s.w1),
)
"""The slips of 002-dJ-dw1-active fixed one at a time (each step keeps the fixes before it):
only the last step holds, so each slip matters on its own (shown on the page, asserted by the
tests); the claim's ``corrected_steps``."""


NO_SIMPLIFY = {"try_simplify": False}
"""The checks skip ``simplify``: the differences here are sums of exponentials, which the exact
point test settles in a fraction of the time, and a simplified residual of that size would
not be readable."""
THROUGH_LAYERS = NO_SIMPLIFY | {"try_expand": False}
"""Claims on derivatives through the network's layers skip ``expand`` as well."""

claim = ClaimMaker("002", PAGE, instance, NO_SIMPLIFY)
"""Note 002's claims, checked on `instance`."""


SYMBOLS = "N = 3 samples, 2 inputs, 2 hidden units, 3 classes, labels (2, 0, 1); all symbols"
WHOLE = f"sympy.diff of J̃ through the whole network ({SYMBOLS})"
PSI_READ = r"$\varphi(z^{(3)})$ in the OCR is read as the note's $\psi(z^{(3)})$ (a guess)."
HALF_READ = (r"The OCR reads $\frac{1}{2}$ where the steps before and after have "
             r"$\frac{1}{N}$: a handwritten $N$ read as 2 is possible, so the factor may be an "
             r"OCR slip rather than the author's; as transcribed it is wrong unless $N = 2$, "
             "which is why the instance has N = 3.")
PRIME_READ = r"A prime $'$ on a matrix is its transpose."
ORDER_WHY = (r"With the samples in rows, as the note's $\psi_{ij}$ puts them, the product "
             r"$(\psi - \Delta)\,a'$ is not defined (an N × C matrix times an H × N one); the "
             r"factors go the other way round, $a'(\psi - \Delta)$, which sums over the samples.")


CLAIMS: list[Claim] = [
    # -- the cost and ψ ------------------------------------------------------------------------
    claim(
        id="002-cost", step='step "Starting with the loss function"',
        name="the regularised cost J̃ over N samples",
        latex=r"\tilde{J}(\theta) = \underbrace{\frac{1}{N} \sum_{i=1}^N -\log \left["
              r"\frac{e^{z_{ij}^{(3)}}}{\sum_k e^{z_{ik}^{(3)}}} \right]}_{J_{\text{data}}} + "
              r"\underbrace{\lambda (\|w^{(1)}\|_2^2 + \|w^{(4)}\|_2^2)}_{J_{\text{reg}}}",
        expected=HOLDS,
        reading=(r"The class $j$ in the numerator is the correct class $y_i$ of sample $i$ (the "
                 r"next lines say so); $w^{(4)}$ is read as $w^{(2)}$, as every later line "
                 r"writes it; $\|w\|_2^2$ is the sum of the squared entries (Frobenius), the "
                 r"reading under which its gradient is $2\lambda w$."),
        transcription=lambda s: s.J,
        reference=lambda s: (-sum(s.delta[i, j] * sp.log(s.psi[i, j])
                                  for i in range(s.n) for j in range(s.delta.cols)) / s.n
                             + s.lam * (sp.trace(s.w1.T * s.w1) + sp.trace(s.w2.T * s.w2))),
        method="against the cross-entropy −(1/N) Σ_ij Δ_ij log ψ_ij + λ(tr w⁽¹⁾′w⁽¹⁾ + "
               f"tr w⁽²⁾′w⁽²⁾) written independently ({SYMBOLS})",
    ),
    claim(
        id="002-psi", step=r'step "Let ψ(z⁽³⁾) be the probability matrix"',
        name="ψ(z⁽³⁾)ᵢⱼ, the row-wise softmax",
        latex=r"\psi(z^{(3)})_{ij} = \frac{\exp(z_{ij}^{(3)})}{\sum_k \exp(z_{ik}^{(3)})}",
        expected=HOLDS,
        transcription=lambda s: psi(s.Z3),
        reference=lambda s: _row_normalised(s.Z3.applyfunc(sp.exp)),
        method="against diag(E 1)⁻¹ E with E = exp(z⁽³⁾) entrywise: each row divided by its "
               "sum (z⁽³⁾ a 3 × 3 matrix of symbols)",
    ),
    claim(
        id="002-sample-loss", step='step "The loss for each sample i"',
        name="the loss of sample i is −log ψ(z⁽³⁾) at (i, yᵢ)",
        latex=r"-\log(\psi(z^{(3)})_{iy_i})",
        expected=HOLDS,
        transcription=lambda s: column([-sp.log(psi(s.Z3)[i, y]) for i, y in enumerate(s.labels)]),
        reference=lambda s: column([
            -sum(s.delta[i, j] * sp.log(sp.exp(s.Z3[i, j]) / sum(sp.exp(v) for v in s.Z3.row(i)))
                 for j in range(s.Z3.cols))
            for i in range(s.n)]),
        method="against the cross-entropy of each sample, −Σ_j Δ_ij log ψ_ij (z⁽³⁾ symbols)",
    ),
    # -- ∂J̃/∂z⁽³⁾ -------------------------------------------------------------------------------
    claim(
        id="002-dz3-true", step='step "predicted probability minus actual probability"',
        name="∂(−log ψ at (i, yᵢ))/∂zᵢⱼ = ψᵢⱼ − 1 if j = yᵢ",
        latex=r"\frac{\partial (-\log(\psi(z^{(3)})_{iy_i}))}{\partial (z_{ij}^{(3)})} = "
              r"\psi(z^{(3)})_{ij} - 1 \quad \text{if } j = y_i",
        expected=HOLDS,
        transcription=lambda s: column([psi(s.Z3)[i, y] - 1 for i, y in enumerate(s.labels)]),
        reference=lambda s: column([sp.diff(-sp.log(psi(s.Z3)[i, y]), s.Z3[i, y])
                                    for i, y in enumerate(s.labels)]),
        method="sympy.diff of each sample's loss by its own correct-class entry (z⁽³⁾ symbols)",
    ),
    claim(
        id="002-dz3-other", step='step "predicted probability minus actual probability"',
        name="∂(−log ψ at (i, yᵢ))/∂zᵢⱼ = ψᵢⱼ − 0 if j ≠ yᵢ",
        latex=r"= \psi(z^{(3)})_{ij} - 0 \quad \text{if } j \neq y_i",
        expected=HOLDS,
        transcription=lambda s: column([psi(s.Z3)[i, j] - 0 for i, y in enumerate(s.labels)
                                        for j in range(s.Z3.cols) if j != y]),
        reference=lambda s: column([sp.diff(-sp.log(psi(s.Z3)[i, y]), s.Z3[i, j])
                                    for i, y in enumerate(s.labels)
                                    for j in range(s.Z3.cols) if j != y]),
        method="sympy.diff of each sample's loss by its other entries (z⁽³⁾ symbols)",
    ),
    claim(
        id="002-dJdata-dz3", step='step "putting results in matrix form"',
        name="∂J_data/∂z⁽³⁾ = (1/N)(ψ(z⁽³⁾) − Δ)",
        latex=r"\frac{\partial J_{\text{data}}}{\partial z^{(3)}} = \frac{1}{N} "
              r"(\psi(z^{(3)}) - \Delta)",
        expected=HOLDS,
        transcription=lambda s: _err_top(s, psi(s.Z3)),
        reference=lambda s: grad(data_cost(s.Z3, s.labels), s.Z3),
        method="sympy.diff of J_data by every entry of z⁽³⁾ (3 × 3 symbols), Δ one-hot",
    ),
    claim(
        id="002-dJreg-dz3", step=r'step "since ∂J_reg/∂z⁽³⁾ = 0"',
        name="∂J_reg/∂z⁽³⁾ = 0",
        latex=r"\frac{\partial J_{\text{reg}}}{\partial z^{(3)}} = 0",
        expected=HOLDS,
        transcription=lambda s: sp.zeros(*s.Z3.shape),
        reference=lambda s: grad(s.J_reg, s.Z3),
        method="sympy.diff of λ(‖w⁽¹⁾‖² + ‖w⁽²⁾‖²) by every entry of z⁽³⁾",
    ),
    claim(
        id="002-dJ-dz3", step=r'step "since ∂J_reg/∂z⁽³⁾ = 0"',
        name="∂J̃/∂z⁽³⁾ = (1/N)(ψ(z⁽³⁾) − Δ)",
        latex=r"\frac{\partial J(\theta)}{\partial z^{(3)}} = \frac{1}{N} (\psi(z^{(3)}) - \Delta)",
        expected=HOLDS,
        transcription=lambda s: _err_top(s, psi(s.Z3)),
        reference=lambda s: grad(s.J_of_z3, s.Z3),
        method="sympy.diff of J̃ by every entry of z⁽³⁾ (3 × 3 symbols)",
    ),
    # -- the last layer's weights ----------------------------------------------------------------
    claim(
        id="002-J-normal", step='step "Starting with normal loss J(θ)"',
        name="the unregularised loss J(θ), as written",
        latex=r"J(\theta) = \frac{1}{N} \sum_{i=1}^N -\log \left[\frac{\exp(z_i^{(3)})}"
              r"{\sum \exp(z_i^{(2)})} \right]",
        expected=FAILS,
        reading=(r"$z_i^{(3)}$ in the numerator is read as the correct-class entry "
                 r"$z^{(3)}_{i,y_i}$; the denominator is transcribed as written, a sum over the "
                 r"hidden pre-activations $z^{(2)}_{ik}$. The superscript (2) may be an OCR "
                 r"misreading of (3) (a guess)."),
        transcription=lambda s: sum(
            -sp.log(sp.exp(s.z3[i, y]) / sum(sp.exp(v) for v in s.z2.row(i)))
            for i, y in enumerate(s.labels)) / s.n,
        reference=lambda s: s.J_data,
        method=f"against J_data, the first term of J̃ ({SYMBOLS})",
        correction=r"J(\theta) = \frac{1}{N} \sum_{i=1}^N -\log \left[\frac{\exp(z_{i,y_i}^{(3)})}"
                   r"{\sum_k \exp(z_{ik}^{(3)})} \right]",
        why=(r"The softmax normalises over the output layer: the denominator must sum "
             r"$\exp(z^{(3)}_{ik})$ over the classes k, not the hidden $z^{(2)}$; as written the "
             r"ratio is not a probability."),
        corrected=lambda s: data_cost(s.z3, s.labels),
    ),
    claim(
        id="002-z3-forward", step=r'step "∂z⁽³⁾/∂w⁽²⁾ = ∂/∂w⁽²⁾(w⁽²⁾a⁽²⁾ + b⁽²⁾)"',
        name="the output layer z⁽³⁾ = w⁽²⁾a⁽²⁾ + b⁽²⁾ as a matrix product",
        latex=r"z^{(3)} = w^{(2)} a^{(2)} + b^{(2)}",
        expected=FAILS,
        reading=r"$+ b^{(2)}$ adds the bias row to every sample, $1_N b^{(2)}$.",
        transcription=lambda s: s.w2 * s.A2 + s.ones * s.b2,
        reference=lambda s: s.z3_of_a2,
        method="against z⁽³⁾_{i,n} = Σ_h a⁽²⁾_{i,h} w⁽²⁾_{h,n} + b⁽²⁾_n written as index sums "
               "(a⁽²⁾ a 3 × 2 matrix of symbols)",
        correction=r"z^{(3)} = a^{(2)} w^{(2)} + 1_N\, b^{(2)}",
        why=(r"With the samples in rows (the note's $\psi_{ij}$), a sample's row $a^{(2)}_i$ "
             r"multiplies $w^{(2)}$ from the left; $w^{(2)}a^{(2)}$ is the column-vector "
             r"habit and, for a batch with samples in rows, not the layer (here a 2 × 2 "
             r"matrix instead of the 3 × 3 $z^{(3)}$)."),
        corrected=lambda s: s.A2 * s.w2 + s.ones * s.b2,
    ),
    claim(
        id="002-dz3-dw2", step=r'step "∂z⁽³⁾/∂w⁽²⁾ = … = a"',
        name="∂z⁽³⁾/∂w⁽²⁾ = a⁽²⁾",
        latex=r"\frac{\partial z^{(3)}}{\partial w^{(2)}} = \frac{\partial}{\partial w^{(2)}} "
              r"(w^{(2)} a^{(2)} + b^{(2)}) = a",
        expected=HOLDS,
        reading=(r"A Jacobian of a matrix by a matrix, read entry by entry: "
                 r"$\partial z^{(3)}_{i,n} / \partial w^{(2)}_{h,m} = a^{(2)}_{i,h}$ when "
                 r"$m = n$ and 0 otherwise."),
        transcription=lambda s: column([
            s.A2[i, h] if m == n else 0
            for i in range(s.n) for n in range(s.w2.cols)
            for h in range(s.w2.rows) for m in range(s.w2.cols)]),
        reference=lambda s: jacobian_entries(s.z3_of_a2, s.w2),
        method="sympy.diff of every z⁽³⁾_{i,n} by every w⁽²⁾_{h,m} (54 entries)",
    ),
    claim(
        id="002-dJ-dw2-data", options=THROUGH_LAYERS,
        step=r'step "so ∂J(θ)/∂w⁽²⁾"',
        name="∂J/∂w⁽²⁾ = (1/N)(ψ(z⁽³⁾) − Δ) a⁽²⁾′",
        latex=r"\frac{\partial J(\theta)}{\partial w^{(2)}} = \frac{1}{N} (\psi(z^{(3)}) - "
              r"\Delta) a^{(2)'}",
        expected=FAILS,
        reading=PRIME_READ + " The note comments: transpose of a⁽²⁾ to make mult possible.",
        transcription=lambda s: _err_top(s, s.psi_of_a2) * s.A2.T,
        reference=lambda s: grad(s.J_of_a2 - s.J_reg, s.w2),
        method="sympy.diff of J_data by every entry of w⁽²⁾, a⁽²⁾ a 3 × 2 matrix of symbols",
        correction=r"\frac{\partial J(\theta)}{\partial w^{(2)}} = \frac{1}{N}\, a^{(2)'} "
                   r"(\psi(z^{(3)}) - \Delta)",
        why=ORDER_WHY,
        corrected=lambda s: s.A2.T * _err_top(s, s.psi_of_a2),
    ),
    claim(
        id="002-dJreg-dw2", step=r'step "Now for J̃(θ) = J(θ) + J_reg"',
        name="∂J_reg/∂w⁽²⁾ = 2λw⁽²⁾",
        latex=r"\frac{\partial}{\partial w^{(2)}} (J_{\text{reg}}) = \frac{\partial}"
              r"{\partial w^{(2)}} \left(\lambda (\|w^{(1)}\|_2^2 + \|w^{(2)}\|_2^2) \right) "
              r"= 2\lambda w^{(2)}",
        expected=HOLDS,
        transcription=lambda s: 2 * s.lam * s.w2,
        reference=lambda s: grad(s.J_reg, s.w2),
        method="sympy.diff of λ(‖w⁽¹⁾‖² + ‖w⁽²⁾‖²) by every entry of w⁽²⁾",
    ),
    claim(
        id="002-dJ-dw2", options=THROUGH_LAYERS,
        step=r'step "so ∂J̃(θ)/∂w⁽²⁾ = ∂J(θ)/∂w⁽²⁾ + ∂J_reg/∂w⁽²⁾"',
        name="∂J̃/∂w⁽²⁾ = (1/N)(ψ − Δ) a⁽²⁾′ + 2λw⁽²⁾",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial w^{(2)}} = \frac{1}{N} (\psi(z^{(3)})"
              r" - \Delta) a^{(2)'} + 2\lambda w^{(2)}",
        expected=FAILS,
        reading=PRIME_READ,
        transcription=lambda s: _err_top(s, s.psi_of_a2) * s.A2.T + 2 * s.lam * s.w2,
        reference=lambda s: grad(s.J_of_a2, s.w2),
        method="sympy.diff of J̃ by every entry of w⁽²⁾, a⁽²⁾ a 3 × 2 matrix of symbols",
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial w^{(2)}} = \frac{1}{N}\, "
                   r"a^{(2)'} (\psi(z^{(3)}) - \Delta) + 2\lambda w^{(2)}",
        why=ORDER_WHY + r" The $2\lambda w^{(2)}$ term is right.",
        corrected=lambda s: s.A2.T * _err_top(s, s.psi_of_a2) + 2 * s.lam * s.w2,
    ),
    # -- the last layer's bias ------------------------------------------------------------------
    claim(
        id="002-dz3-db2", step=r'step "∂z⁽³⁾/∂b⁽²⁾ = … = 1"',
        name="∂z⁽³⁾/∂b⁽²⁾ = 1",
        latex=r"\frac{\partial z^{(3)}}{\partial b^{(2)}} = \frac{\partial}{\partial b^{(2)}} "
              r"(w^{(2)} a^{(2)} + b^{(2)}) = 1",
        expected=HOLDS,
        reading=(r"Entry by entry: $\partial z^{(3)}_{i,n} / \partial b^{(2)}_m = 1$ when "
                 r"$m = n$, for every sample i, and 0 otherwise."),
        transcription=lambda s: column([1 if m == n else 0 for i in range(s.n)
                                        for n in range(s.b2.cols) for m in range(s.b2.cols)]),
        reference=lambda s: jacobian_entries(s.z3_of_a2, s.b2),
        method="sympy.diff of every z⁽³⁾_{i,n} by every b⁽²⁾_m (27 entries)",
    ),
    claim(
        id="002-dJreg-db2", step=r'step "so ∂J̃(θ)/∂b⁽²⁾"',
        name="∂J_reg/∂b⁽²⁾ = 0",
        latex=r"\frac{\partial}{\partial b^{(2)}} \left(\lambda (\|w^{(1)}\|_2^2 + "
              r"\|w^{(2)}\|_2^2) \right) = 0",
        expected=HOLDS,
        transcription=lambda s: sp.zeros(*s.b2.shape),
        reference=lambda s: grad(s.J_reg, s.b2),
        method="sympy.diff of λ(‖w⁽¹⁾‖² + ‖w⁽²⁾‖²) by every entry of b⁽²⁾",
    ),
    claim(
        id="002-dJ-db2", options=THROUGH_LAYERS,
        step=r'step "so ∂J̃(θ)/∂b⁽²⁾"',
        name="∂J̃/∂b⁽²⁾ = (1/N)(ψ(z⁽³⁾) − Δ)",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial b^{(2)}} = \frac{1}{N} "
              r"(\psi(z^{(3)}) - \Delta) (1) + 0 = \frac{1}{N} (\psi(z^{(3)}) - \Delta)",
        expected=FAILS,
        transcription=lambda s: _err_top(s, s.psi_of_a2),
        reference=lambda s: grad(s.J_of_a2, s.b2),
        method="sympy.diff of J̃ by every entry of b⁽²⁾ (a row of 3), a⁽²⁾ symbols",
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial b^{(2)}} = \frac{1}{N}\, "
                   r"1_N' (\psi(z^{(3)}) - \Delta) = \frac{1}{N} \sum_{i=1}^N "
                   r"(\psi(z^{(3)}) - \Delta)_{i,:}",
        why=(r"$b^{(2)}$ is one row of C numbers shared by all N samples, so its gradient is a "
             r"row of C numbers: the N × C matrix $(\psi - \Delta)/N$ must be summed over the "
             r"batch (every sample's row adds its share)."),
        corrected=lambda s: s.ones.T * _err_top(s, s.psi_of_a2),
    ),
    # -- back through the ReLU layer --------------------------------------------------------------
    claim(
        id="002-dJ-da2", options=THROUGH_LAYERS,
        step=r'step "∂J̃(θ)/∂a⁽²⁾ = ∂J(θ)/∂a⁽²⁾ + ∂J_reg/∂a⁽²⁾"',
        name="∂J̃/∂a⁽²⁾ = ½(φ(z⁽³⁾) − Δ) w⁽²⁾′",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial a^{(2)}} = \frac{1}{2} "
              r"(\varphi(z^{(3)}) - \Delta) (w^{(2)})' + 0",
        expected=FAILS,
        reading=PSI_READ + " " + HALF_READ,
        transcription=lambda s: HALF * (s.psi_of_a2 - s.delta) * s.w2.T,
        reference=lambda s: grad(s.J_of_a2, s.A2),
        method="sympy.diff of J̃ by every entry of a⁽²⁾ (3 × 2 symbols)",
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial a^{(2)}} = \frac{1}{N} "
                   r"(\psi(z^{(3)}) - \Delta)\, w^{(2)'}",
        why=(r"The factor is $\frac{1}{N}$ (from $J_{\text{data}}$), not $\frac{1}{2}$; the "
             r"order $(\psi - \Delta)\,w^{(2)'}$ is right."),
        corrected=lambda s: _err_top(s, s.psi_of_a2) * s.w2.T,
    ),
    claim(
        id="002-dJreg-da2", step=r'step "∂J̃(θ)/∂a⁽²⁾ = ∂J(θ)/∂a⁽²⁾ + ∂J_reg/∂a⁽²⁾"',
        name="∂J_reg/∂a⁽²⁾ = 0",
        latex=r"\frac{\partial J_{reg}}{\partial a^{(2)}} = 0",
        expected=HOLDS,
        transcription=lambda s: sp.zeros(*s.A2.shape),
        reference=lambda s: grad(s.J_reg, s.A2),
        method="sympy.diff of λ(‖w⁽¹⁾‖² + ‖w⁽²⁾‖²) by every entry of a⁽²⁾",
    ),
    claim(
        id="002-chain-z2", options=THROUGH_LAYERS,
        step=r'step "∂J̃(θ)/∂z⁽²⁾ = ∂J̃(θ)/∂a⁽²⁾ × ∂a⁽²⁾/∂z⁽²⁾ ✓"',
        name="∂J̃/∂z⁽²⁾ = ∂J̃/∂a⁽²⁾ × ∂a⁽²⁾/∂z⁽²⁾ (a⁽²⁾ = φ(z⁽²⁾))",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial z^{(2)}} = \frac{\partial "
              r"\tilde{J}(\theta)}{\partial a^{(2)}} \times \frac{\partial a^{(2)}}"
              r"{\partial z^{(2)}}, \text{ since } a^{(2)} = \varphi(z^{(2)})",
        expected=HOLDS,
        reading=(r"$\varphi$ here is the ReLU, applied entry by entry, so $\times$ is the "
                 r"entrywise product $\odot$ of two N × H matrices."),
        transcription=lambda s: hadamard(
            grad(s.J_of_a2, s.A2).xreplace(dict(zip(s.A2, s.Z2.applyfunc(relu), strict=True))),
            s.Z2.applyfunc(lambda v: sp.diff(relu(v), v))),
        reference=lambda s: grad(s.J_of_z2, s.Z2),
        method="sympy.diff of J̃ by every entry of z⁽²⁾ (3 × 2 symbols, a⁽²⁾ = Max(0, z⁽²⁾)) "
               "against the entrywise product of SymPy's ∂J̃/∂a⁽²⁾ and ∂a⁽²⁾/∂z⁽²⁾",
    ),
    claim(
        id="002-relu-prime", step=r'step "∂a⁽²⁾/∂z⁽²⁾ = 1 if z⁽²⁾ > 0"',
        name="∂a⁽²⁾/∂z⁽²⁾ = 1 if z⁽²⁾ > 0, 0 if z⁽²⁾ ≤ 0",
        latex=r"\frac{\partial a^{(2)}}{\partial z^{(2)}} = \begin{cases} 1 & \text{if } "
              r'z^{(2)} > 0 \\ 0 & \text{" } z^{(2)} \leq 0 \end{cases}',
        expected=HOLDS,
        reading=r"Entry by entry; the ditto mark $''$ repeats *if*.",
        transcription=lambda s: cases_positive(sp.ones(*s.Z2.shape), s.Z2),
        reference=lambda s: s.Z2.applyfunc(lambda v: sp.diff(relu(v), v)),
        method="sympy.diff of Max(0, z) for every entry of z⁽²⁾ (Heaviside; the kink z = 0, "
               "where the derivative does not exist, is skipped)",
    ),
    claim(
        id="002-dJ-dz2", options=THROUGH_LAYERS,
        step=r'step "∂a⁽²⁾/∂z⁽²⁾ = … so ∂J̃(θ)/∂z⁽²⁾"',
        name="∂J̃/∂z⁽²⁾ = ½(φ(z⁽³⁾) − Δ) w⁽²⁾′ if z⁽²⁾ > 0, else 0",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial z^{(2)}} = \begin{cases} \frac{1}{2}"
              r" (\varphi(z^{(3)}) - \Delta) \cdot w^{(2)'} & \text{if } z^{(2)} > 0 \\ 0 & "
              r"\text{if } z^{(2)} \leq 0 \end{cases}",
        expected=FAILS,
        reading=PSI_READ + " The cases are read entry by entry. " + HALF_READ,
        transcription=lambda s: cases_positive(HALF * (s.psi_of_z2 - s.delta) * s.w2.T, s.Z2),
        reference=lambda s: grad(s.J_of_z2, s.Z2),
        method="sympy.diff of J̃ by every entry of z⁽²⁾ (3 × 2 symbols, a⁽²⁾ = Max(0, z⁽²⁾))",
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial z^{(2)}} = \frac{1}{N} "
                   r"\left((\psi(z^{(3)}) - \Delta)\, w^{(2)'}\right) \odot "
                   r"1[z^{(2)} > 0]",
        why=(r"The same factor $\frac{1}{2}$ as in $\partial \tilde J / \partial a^{(2)}$: it "
             r"must be $\frac{1}{N}$. The entrywise ReLU mask is right."),
        corrected=lambda s: hadamard(_err_top(s, s.psi_of_z2) * s.w2.T, positive_mask(s.Z2)),
    ),
    # -- the first layer ------------------------------------------------------------------------
    claim(
        id="002-z2-forward", step=r'step "z⁽²⁾ = w⁽¹⁾a⁽¹⁾ + b⁽¹⁾"',
        name="the hidden layer z⁽²⁾ = w⁽¹⁾a⁽¹⁾ + b⁽¹⁾ as a matrix product",
        latex=r"z^{(2)} = w^{(1)} a^{(1)} + b^{(1)}",
        expected=FAILS,
        reading=r"$+ b^{(1)}$ adds the bias row to every sample, $1_N b^{(1)}$.",
        transcription=lambda s: s.w1 * s.x + s.ones * s.b1,
        reference=lambda s: s.z2,
        method="against z⁽²⁾_{i,n} = Σ_p a⁽¹⁾_{i,p} w⁽¹⁾_{p,n} + b⁽¹⁾_n written as index sums",
        correction=r"z^{(2)} = a^{(1)} w^{(1)} + 1_N\, b^{(1)}",
        why=(r"As for $z^{(3)}$: with the samples in rows the input rows multiply $w^{(1)}$ "
             r"from the left; $w^{(1)}a^{(1)}$ (2 × 2 times 3 × 2) is not defined."),
        corrected=lambda s: s.x * s.w1 + s.ones * s.b1,
    ),
    claim(
        id="002-dz2-dw1", step=r'step "∂z⁽²⁾/∂w⁽¹⁾ = a⁽¹⁾, ∂z⁽²⁾/∂b⁽¹⁾ = 1"',
        name="∂z⁽²⁾/∂w⁽¹⁾ = a⁽¹⁾",
        latex=r"\frac{\partial z^{(2)}}{\partial w^{(1)}} = a^{(1)}",
        expected=HOLDS,
        reading=(r"Entry by entry: $\partial z^{(2)}_{i,n} / \partial w^{(1)}_{p,m} = "
                 r"a^{(1)}_{i,p}$ when $m = n$ and 0 otherwise."),
        transcription=lambda s: column([
            s.x[i, p] if m == n else 0
            for i in range(s.n) for n in range(s.w1.cols)
            for p in range(s.w1.rows) for m in range(s.w1.cols)]),
        reference=lambda s: jacobian_entries(s.z2, s.w1),
        method="sympy.diff of every z⁽²⁾_{i,n} by every w⁽¹⁾_{p,m} (24 entries)",
    ),
    claim(
        id="002-dz2-db1", step=r'step "∂z⁽²⁾/∂w⁽¹⁾ = a⁽¹⁾, ∂z⁽²⁾/∂b⁽¹⁾ = 1"',
        name="∂z⁽²⁾/∂b⁽¹⁾ = 1",
        latex=r"\frac{\partial z^{(2)}}{\partial b^{(1)}} = 1",
        expected=HOLDS,
        reading=(r"Entry by entry: $\partial z^{(2)}_{i,n} / \partial b^{(1)}_m = 1$ when "
                 r"$m = n$, for every sample i, and 0 otherwise."),
        transcription=lambda s: column([1 if m == n else 0 for i in range(s.n)
                                        for n in range(s.b1.cols) for m in range(s.b1.cols)]),
        reference=lambda s: jacobian_entries(s.z2, s.b1),
        method="sympy.diff of every z⁽²⁾_{i,n} by every b⁽¹⁾_m (12 entries)",
    ),
    claim(
        id="002-dJreg-dw1", step=r'step "∂J_reg/∂w⁽¹⁾"',
        name="∂J_reg/∂w⁽¹⁾ = 2λw⁽¹⁾",
        latex=r"\frac{\partial J_{reg}}{\partial w^{(1)}} = \frac{\partial}{\partial w^{(1)}} "
              r"(\lambda (\|w^{(1)}\|_2^2 + \|w^{(2)}\|_2^2)) = 2\lambda w^{(1)}",
        expected=HOLDS,
        transcription=lambda s: 2 * s.lam * s.w1,
        reference=lambda s: grad(s.J_reg, s.w1),
        method="sympy.diff of λ(‖w⁽¹⁾‖² + ‖w⁽²⁾‖²) by every entry of w⁽¹⁾",
    ),
    claim(
        id="002-dJ-dw1-active", step=r'step "∂J̃(θ)/∂w⁽¹⁾ = … (when z⁽²⁾ > 0)"',
        name="∂J̃/∂w⁽¹⁾ = ½(φ(z⁽³⁾) − Δ) a⁽¹⁾′ + 2λw⁽¹⁾ when z⁽²⁾ > 0",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial w^{(1)}} = \frac{\partial J(\theta)}"
              r"{\partial z^{(2)}} \times \frac{\partial z^{(2)}}{\partial w^{(1)}} + 2\lambda "
              r"w^{(1)} = \frac{1}{2} (\varphi(z^{(3)}) - \Delta) \cdot a^{(1)'} + 2\lambda w^{(1)}"
              r" \quad (\text{when } z^{(2)} > 0)",
        expected=FAILS,
        reading=PSI_READ + " " + PRIME_READ + " " + HALF_READ,
        transcription=lambda s: HALF * (s.psi - s.delta) * s.x.T + 2 * s.lam * s.w1,
        reference=lambda s: grad(s.J, s.w1),
        method=WHOLE + ", at points drawn from 1..2 so that every z⁽²⁾ > 0",
        options=THROUGH_LAYERS | ALL_ACTIVE,
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial w^{(1)}} = \frac{1}{N}\, a^{(1)'}"
                   r" \left[\left((\psi(z^{(3)}) - \Delta)\, w^{(2)'}\right) \odot "
                   r"1[z^{(2)} > 0]\right] + 2\lambda w^{(1)}",
        why=(r"Three slips: the error reaching layer 1 is $\partial \tilde J/\partial z^{(2)}$, "
             r"which carries $w^{(2)'}$ (and, in general, the ReLU mask), not the output "
             r"layer's $\psi - \Delta$; $a^{(1)'}$ goes on the left; and the factor is "
             r"$\frac{1}{N}$. As written the product is not even defined (3 × 3 times 2 × 3)."),
        corrected_steps=DW1_STEPS,
        corrected=lambda s: s.x.T * _delta2(s) + 2 * s.lam * s.w1,
    ),
    claim(
        id="002-dJ-db1-active", step=r'step "Similarly, (when z⁽²⁾ > 0)"',
        name="∂J̃/∂b⁽¹⁾ = (1/N)(φ(z⁽¹⁾) − Δ) when z⁽²⁾ > 0",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial b^{(1)}} = \frac{\partial J(\theta)}"
              r"{\partial z^{(2)}} \cdot \frac{\partial z^{(2)}}{\partial b^{(1)}} + "
              r"\frac{\partial J_{reg}}{\partial b^{(1)}} = \frac{1}{N} (\varphi(z^{(1)}) - "
              r"\Delta) \cdot (1) + 0",
        expected=FAILS,
        reading=(r"The network has no $z^{(1)}$ ($a^{(1)}$ is the input); "
                 r"$\varphi(z^{(1)})$ is read as $\psi(z^{(3)})$, the only matrix the note "
                 r"subtracts $\Delta$ from (a guess)."),
        transcription=lambda s: _err_top(s, s.psi),
        reference=lambda s: grad(s.J, s.b1),
        method=WHOLE + ", at points drawn from 1..2 so that every z⁽²⁾ > 0",
        options=THROUGH_LAYERS | ALL_ACTIVE,
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial b^{(1)}} = \frac{1}{N}\, 1_N'"
                   r" \left[\left((\psi(z^{(3)}) - \Delta)\, w^{(2)'}\right) \odot "
                   r"1[z^{(2)} > 0]\right]",
        why=(r"The error at layer 1 carries $w^{(2)'}$ (and the mask), and a bias shared by "
             r"the batch needs the sum over the samples: the N × C matrix $(\psi - \Delta)/N$ "
             r"is not the gradient of the H biases $b^{(1)}$."),
        corrected=lambda s: s.ones.T * _delta2(s),
    ),
    claim(
        id="002-dJ-dw1-cases", options=THROUGH_LAYERS,
        step=r'step "∂J̃(θ)/∂w⁽¹⁾ = {… if z⁽²⁾ > 0; 0 if z⁽²⁾ ≤ 0}"',
        name="∂J̃/∂w⁽¹⁾ = (1/N)(φ(z⁽¹⁾) − Δ) a⁽¹⁾ if z⁽²⁾ > 0, else 0",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial w^{(1)}} = \begin{cases} \frac{1}{N} "
              r"(\varphi(z^{(1)}) - \Delta) \cdot a^{(1)} & \text{if } z^{(2)} > 0 \\ 0 & "
              r"\text{if } z^{(2)} \leq 0 \end{cases}",
        expected=FAILS,
        reading=(r"$\varphi(z^{(1)})$ is read as $\psi(z^{(3)})$ (a guess). The condition on "
                 r"the N × H matrix $z^{(2)}$ cannot apply entry by entry to an N × 2 product; "
                 r"it is read as \"every entry of $z^{(2)}$ > 0\"."),
        transcription=lambda s: cases_all_positive(_err_top(s, s.psi) * s.x, s.z2),
        reference=lambda s: grad(s.J, s.w1),
        method=WHOLE + ", at points with active and inactive hidden units",
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial w^{(1)}} = \frac{1}{N}\, a^{(1)'}"
                   r" \left[\left((\psi(z^{(3)}) - \Delta)\, w^{(2)'}\right) \odot "
                   r"1[z^{(2)} > 0]\right] + 2\lambda w^{(1)}",
        why=(r"Besides the missing $w^{(2)'}$ and the transpose of $a^{(1)}$ (on the left), "
             r"this line drops the $2\lambda w^{(1)}$ of the line before, and the mask is "
             r"entrywise inside the product: the gradient is not 0 when some $z^{(2)} \leq 0$ "
             r"(other samples, and $2\lambda w^{(1)}$, still contribute)."),
        corrected=lambda s: s.x.T * _delta2(s) + 2 * s.lam * s.w1,
    ),
    claim(
        id="002-dJ-db1-cases", options=THROUGH_LAYERS,
        step=r'step "∂J̃(θ)/∂b⁽¹⁾ = {… if z⁽²⁾ > 0; 0 if z⁽²⁾ < 0}"',
        name="∂J̃/∂b⁽¹⁾ = (1/N)(φ(z⁽¹⁾) − Δ) if z⁽²⁾ > 0, else 0",
        latex=r"\frac{\partial \tilde{J}(\theta)}{\partial b^{(1)}} = \begin{cases} \frac{1}{N} "
              r"(\varphi(z^{(1)}) - \Delta) & \text{if } z^{(2)} > 0 \\ 0 & \text{if } z^{(2)} "
              r"< 0 \end{cases}",
        expected=FAILS,
        reading=(r"$\varphi(z^{(1)})$ is read as $\psi(z^{(3)})$ (a guess); the condition is "
                 r"read as \"every entry of $z^{(2)}$ > 0\" (resp. < 0)."),
        transcription=lambda s: cases_all_positive(_err_top(s, s.psi), s.z2,
                                                   otherwise_strict=True),
        reference=lambda s: grad(s.J, s.b1),
        method=WHOLE + ", at points with active and inactive hidden units",
        correction=r"\frac{\partial \tilde{J}(\theta)}{\partial b^{(1)}} = \frac{1}{N}\, 1_N'"
                   r" \left[\left((\psi(z^{(3)}) - \Delta)\, w^{(2)'}\right) \odot "
                   r"1[z^{(2)} > 0]\right]",
        why=(r"As in the line before: the error must pass back through $w^{(2)'}$ and the "
             r"mask, and be summed over the batch to give the H numbers of $b^{(1)}$."),
        corrected=lambda s: s.ones.T * _delta2(s),
    ),
]
"""Every equation of note 002, in the note's order."""
