"""Note 004 (``004_417e5157031c533b.txt``): Propositions 1, 2, 2E, Facts 1-6, the induction to
every layer, the SGD update, and Appendix A's d/D notation.

The note's convention: columns, z = W a' + b with W of shape (n_l, n_{k-1}), a = σ(z),
C = ½‖y − aᴸ‖²; d_x f is a gradient (a column) and D_u x the matrix whose columns are the
gradients d_u x_j (`backprop.dnotation`). Indices are 1-based, as the note writes them.

Instances (each built once):

* Appendix A and Propositions 1, 2, 2E: **undefined functions** (``sympy.Function``) of
  symbolic vectors and matrices, so a claim that holds, holds for every differentiable
  function. The reference is SymPy's own derivative of the composed function; the comparison
  works on the jets of the undefined functions (`backprop.symbolic.jet_variables`).
* Facts 1-6 at the last layer (the note's base case): the sigmoid σ(z) = 1/(1 + e^{−z}),
  a' (3 previous activations), W (2 × 3), b, y all symbols; the reference is `sympy.diff` of
  C = ½‖y − σ(W a' + b)‖².
* The induction to every layer: a 3-layer network 2-3-3-2 with input x, every weight and bias
  a symbol, and σ an **undefined** function: the facts hold for every differentiable σ, the
  sigmoid included. (With the sigmoid written out, SymPy needs about 25 s to expand the nested
  exponentials, and the integer-point stage would meet e raised to non-integers.)
"""

from __future__ import annotations

import sympy as sp

from backprop.claims import Claim, ClaimMaker
from backprop.claims.net004 import (
    SIZES,
    appendix,
    deep,
    deep_reference,
    derivative_at,
    last,
    prop1,
    prop2,
    prop2e,
)
from backprop.dnotation import D, D_matrix, at, d, d_parallel, outer
from backprop.sympy_kit import hadamard, sigmoid

P_NOTATION = "book/part4/notation_d_D"
P_PROPS = "book/part4/propositions"
P_FACTS = "book/part4/facts"


def columns(*blocks: sp.Matrix) -> sp.Matrix:
    """Every block flattened column-wise and stacked into one column (to compare many)."""
    return sp.Matrix.vstack(*[sp.Matrix(b.T.reshape(b.rows * b.cols, 1)) for b in blocks])


# -- instances -----------------------------------------------------------------------------------


LAYERS = (3, 2, 1)

# -- the claims ------------------------------------------------------------------------------------

_UNDEF = ("undefined SymPy functions ({}); reference: SymPy's own derivative of the composed "
          "function; compared exactly, as polynomials in the jets of the undefined functions")
_LAST = ("last layer with the sigmoid: a' ∈ ℝ³, W 2 × 3, b, y symbols; reference: sympy.diff of "
         "C = ½‖y − σ(W a' + b)‖²")
_DEEP = ("3-layer network 2-3-3-2 with every weight, bias and input a symbol and σ an undefined "
         "function (so for every differentiable σ, the sigmoid included); reference: sympy.diff "
         "of C = ½‖y − a³‖² ({})")

claim = ClaimMaker("004", P_NOTATION, appendix)
"""Note 004's claims: each names its page (three pages show them) and its instance."""

CLAIMS: list[Claim] = [
    # -- Appendix A ------------------------------------------------------------------------------
    claim(
        id="004-A-gradient", step="Appendix A, n in, 1 out f(x)",
        name="d_x f is the gradient, a column",
        latex=r"\vec d_{\vec x} f = \begin{bmatrix} \partial_{x_1} f \\ \vdots \\ "
              r"\partial_{x_n} f \end{bmatrix}",
        instance=appendix,
        transcription=lambda n: sp.Matrix([sp.diff(n.fx, xi) for xi in n.x]),
        reference=lambda n: sp.Matrix([n.fx]).jacobian(n.x).T,
        method=_UNDEF.format("f(x_1, x_2, x_3)") + "; SymPy's Jacobian of f is the row "
        "(J_x f), so d_x f = (J_x f)ᵀ",
        page=P_NOTATION,
        reading="the appendix's sketches are partly lost in the OCR; the gradient is read from "
                "'d_x f_j = gradient of f_j, derivs wrt. each elem. of x' and its column "
                "(∂_{x_1} f_j, …, ∂_{x_n} f_j)",
    ),
    claim(
        id="004-A-scalar-in", step="Appendix A, 1 in, m out f(x)",
        name="a vector function of one variable: the column of derivatives",
        latex=r"\begin{bmatrix} d_x f_1 \\ \vdots \\ d_x f_m \end{bmatrix}",
        instance=appendix,
        transcription=lambda n: sp.Matrix([sp.diff(fi, n.s) for fi in n.fs_scalar]),
        reference=lambda n: n.fs_scalar.jacobian([n.s]),
        method=_UNDEF.format("f_1(x), f_2(x), f_3(x)") + "; this column is the usual Jacobian "
        "(m × 1), the transpose of D_x f (1 × m)",
        page=P_NOTATION,
    ),
    claim(
        id="004-A-D", step="Appendix A, n in, m out f(x) = [f_j(x_1, …, x_n)]",
        name="D_u x: its columns are the gradients d_u x_j (the transposed Jacobian)",
        latex=r"D_{\vec u}\vec x = \begin{bmatrix} \vec d_{\vec u} x_1, & \dots, & "
              r"\vec d_{\vec u} x_n \end{bmatrix}",
        instance=appendix,
        transcription=lambda n: sp.Matrix.hstack(*[d(xj, n.u) for xj in n.xs]),
        reference=lambda n: n.xs.jacobian(n.u).T,
        method=_UNDEF.format("x_j(u_1, u_2), j = 1, 2, 3") + "; reference: SymPy's Jacobian "
        "J_u x (3 × 2), transposed",
        page=P_NOTATION,
        reading="the appendix's picture of D_x f is lost in the OCR ('matrix of partial derivs: "
                "each elem. of f with each elem. of x'); read with the definition the note gives "
                "before Fact 6, D_u x = [d_u x_1, …, d_u x_n]",
    ),
    claim(
        id="004-D-entries", step="before Fact 6, 'It's a consequence of how we define "
        "the D operator'",
        name="D_u x entry by entry: row i holds the derivatives along u_i",
        latex=r"D_{\vec u}\vec x = \begin{bmatrix} \vec d_{\vec u} x_1, \dots, \vec d_{\vec u} x_n"
              r"\end{bmatrix} = \begin{bmatrix} \partial_{u_1} x_1 & \dots & \partial_{u_1} x_n "
              r"\\ \vdots & \ddots & \vdots \\ \partial_{u_m} x_1 & \dots & \partial_{u_m} x_n "
              r"\end{bmatrix}",
        instance=appendix,
        transcription=lambda n: sp.Matrix(len(n.u), len(n.xs),
                                          lambda i, j: sp.diff(n.xs[j], n.u[i])),
        reference=lambda n: n.xs.jacobian(n.u).T,
        method=_UNDEF.format("x_j(u_1, u_2), j = 1, 2, 3") + "; reference: SymPy's Jacobian, "
        "transposed",
        page=P_NOTATION,
        reading="the OCR gives the first row as ∂_{u_1}x_1, …, ∂_{u_n}x_n; the last row "
                "∂_{u_m}x_1, …, ∂_{u_m}x_n and the columns d_u x_j fix it as ∂_{u_1}x_1, …, "
                "∂_{u_1}x_n (a guess about the handwriting, not a correction)",
    ),
    claim(
        id="004-A-DA", step="Appendix A, 'Some extensions of this'",
        name="D_A f: the derivative along each entry of a matrix A, in A's shape",
        latex=r"D_A f = \begin{bmatrix} \partial_{a_{11}} f & \dots & \partial_{a_{1n}} f \\ "
              r"\vdots & \ddots & \vdots \\ \partial_{a_{m1}} f & \dots & \partial_{a_{mn}} f "
              r"\end{bmatrix}",
        instance=appendix,
        transcription=lambda n: sp.Matrix(n.a.rows, n.a.cols,
                                          lambda i, j: sp.diff(n.f_a, n.a[i, j])),
        reference=lambda n: sp.Matrix(sp.derive_by_array(n.f_a, n.a)),
        method=_UNDEF.format("f(a_11, …, a_23) of a 2 × 3 matrix") + "; reference: SymPy's "
        "derive_by_array",
        page=P_NOTATION,
        reading="the OCR prints the first row as ∂_{a_n} f … ∂_{a_m} f; read as ∂_{a_11} f … "
                "∂_{a_1n} f from the rest of the matrix",
    ),
    claim(
        id="004-A-chain", step="Appendix A, last line, f(x(u))",
        name="the chain rule for a vector function: D_u f = (D_u x)(D_x f)",
        latex=r"D_{\vec u}\vec f = (D_{\vec u}\vec x)(D_{\vec x}\vec f)",
        instance=appendix,
        transcription=lambda n: D(n.xs, n.u) * at(D(n.fvec, n.x), n.x, n.xs),
        reference=lambda n: n.composite.jacobian(n.u).T,
        method=_UNDEF.format("f_1, f_2 of x ∈ ℝ³, x_j(u_1, u_2)") + "; reference: SymPy's "
        "Jacobian of f(x(u)), transposed (D convention)",
        page=P_NOTATION,
    ),
    # -- Proposition 1 ---------------------------------------------------------------------------
    claim(
        id="004-prop1", step="Proposition 1 (Chain Rule)",
        name="the chain rule with D: d_u f = D_u x · d_x f",
        latex=r"\vec d_{\vec u} f = D_{\vec u}\vec x \cdot \vec d_{\vec x} f",
        instance=prop1,
        transcription=lambda n: D(n.xs, n.u) * n.dxf,
        reference=lambda n: d(n.F, n.u),
        method=_UNDEF.format("f(x_1, x_2, x_3), x_j(u_1, u_2)"),
        page=P_PROPS,
    ),
    claim(
        id="004-prop1-component", step="Proposition 1, 'Recall the reason behind "
        "this'",
        name="one entry: ∂_{u_i} f = Σ_j ∂_{x_j} f ∂_{u_i} x_j = d_x f · ∂_{u_i} x",
        latex=r"\partial_{u_i} f = \partial_{x_1} f \cdot \partial_{u_i} x_1 + \dots + "
              r"\partial_{x_n} f \cdot \partial_{u_i} x_n = \vec d_{\vec x} f \cdot "
              r"\vec\partial_{u_i}\vec x",
        instance=prop1,
        transcription=lambda n: sp.Matrix([n.dxf.dot(n.xs.diff(ui)) for ui in n.u]),
        reference=lambda n: d(n.F, n.u),
        method=_UNDEF.format("f(x_1, x_2, x_3), x_j(u_1, u_2)") + "; every i",
        page=P_PROPS,
        reading="the OCR renders the second line as '= J_u f · J_{u_i} x'; read as the dot "
                "product d_x f · ∂_{u_i} x, which the next display uses entry by entry",
    ),
    claim(
        id="004-prop1-stack", step="Proposition 1, proof, second display",
        name="stacking the rows ∂_{u_i} x gives D_u x",
        latex=r"\vec d_{\vec u} f = \begin{bmatrix} \vec d_{\vec x} f \cdot \vec\partial_{u_1}"
              r"\vec x \\ \vdots \\ \vec d_{\vec x} f \cdot \vec\partial_{u_k}\vec x "
              r"\end{bmatrix} = \begin{bmatrix} \vec\partial_{u_1}\vec x \\ \vdots \\ "
              r"\vec\partial_{u_k}\vec x \end{bmatrix} \cdot \vec d_{\vec x} f",
        instance=prop1,
        transcription=lambda n: sp.Matrix.vstack(*[n.xs.diff(ui).T for ui in n.u]) * n.dxf,
        reference=lambda n: d(n.F, n.u),
        method=_UNDEF.format("f(x_1, x_2, x_3), x_j(u_1, u_2)"),
        page=P_PROPS,
    ),
    # -- Proposition 2 ---------------------------------------------------------------------------
    claim(
        id="004-prop2", step="Proposition 2 (\"Parallel\" Chain Rule)",
        name="the parallel chain rule: d_u f = d_x f ⊙ d_u x",
        latex=r"\vec d_{\vec u} f = \vec d_{\vec x} f \odot \vec d_{\vec u}\vec x, \quad "
              r"\vec d_{\vec u}\vec x = (\partial_{u_1} x_1, \dots, \partial_{u_n} x_n)",
        instance=prop2,
        transcription=lambda n: hadamard(n.dxf, d_parallel(n.xs, n.u)),
        reference=lambda n: d(n.F, n.u),
        method=_UNDEF.format("f(x_1, x_2, x_3), x_i(u_i)"),
        page=P_PROPS,
        reading="the OCR writes J for the note's d throughout the statement",
    ),
    claim(
        id="004-prop2-diagonal", step="Proposition 2, proof, 'we form a diagonal "
        "matrix'",
        name="∂_{u_i} x_j = 0 for i ≠ j, so D_u x is diagonal",
        latex=r"D_{\vec u}\vec x = \begin{bmatrix} \partial_{u_1} x_1 & & 0 \\ & \ddots & \\ "
              r"0 & & \partial_{u_n} x_n \end{bmatrix}",
        instance=prop2,
        transcription=lambda n: sp.diag(*d_parallel(n.xs, n.u)),
        reference=lambda n: n.xs.jacobian(n.u).T,
        method=_UNDEF.format("x_i(u_i), i = 1, 2, 3") + "; reference: SymPy's Jacobian, "
        "transposed",
        page=P_PROPS,
        reading="the diagonal matrix itself is lost in the OCR; it is the one the next display "
                "multiplies",
    ),
    claim(
        id="004-prop2-proof", step="Proposition 2, proof, 'So by Prop. 1'",
        name="the diagonal D_u x times d_x f",
        latex=r"\vec d_{\vec u} f = D_{\vec u}\vec x \cdot \vec d_{\vec x} f = "
              r"\begin{bmatrix} \partial_{u_1} x_1 & & 0 \\ & \ddots & \\ 0 & & "
              r"\partial_{u_n} x_n \end{bmatrix} \begin{bmatrix} \partial_{x_1} f \\ \vdots \\ "
              r"\partial_{x_n} f \end{bmatrix} = \begin{bmatrix} \partial_{x_1} f \cdot "
              r"\partial_{u_1} x_1 \\ \vdots \\ \partial_{x_n} f \cdot \partial_{u_n} x_n "
              r"\end{bmatrix}",
        instance=prop2,
        transcription=lambda n: sp.diag(*d_parallel(n.xs, n.u)) * n.dxf,
        reference=lambda n: d(n.F, n.u),
        method=_UNDEF.format("f(x_1, x_2, x_3), x_i(u_i)"),
        page=P_PROPS,
    ),
    # -- Proposition 2E --------------------------------------------------------------------------
    claim(
        id="004-prop2e", step="Proposition 2E (Extended)",
        name="x_i depends on row i of U only: d_{c_j} f = d_x f ⊙ d_{c_j} x for each column",
        latex=r"\vec d_{\vec c_j} f = \vec d_{\vec x} f \odot \vec d_{\vec c_j}\vec x, \quad "
              r"\vec d_{\vec c_j}\vec x = (\partial_{u_{1j}} x_1, \dots, \partial_{u_{mj}} x_m)",
        instance=prop2e,
        transcription=lambda n: sp.Matrix.hstack(*[
            hadamard(n.dxf, d_parallel(n.xs, n.u.col(j))) for j in range(n.u.cols)]),
        reference=lambda n: D_matrix(n.F, n.u),
        method=_UNDEF.format("U 3 × 2, x_i(u_i1, u_i2), f(x_1, x_2, x_3)") + "; every column "
        "j at once: the columns d_{c_j} f make D_U f",
        page=P_PROPS,
        reading="the OCR reads the left side as d_{c_i} f; the right side's c_j and the proof "
                "('differentiating w.r.t. a column c_j') make it c_j",
    ),
    claim(
        id="004-prop2e-single", step="Proposition 2E, proof, 'Only one element is "
        "both in the row'",
        name="d_{c_j} x_i has one entry that is not 0: ∂_{u_ij} x_i, in place i",
        latex=r"\vec d_{\vec c_j} x_i = \begin{bmatrix} 0 \\ \vdots \\ \partial_{u_{ij}} x_i \\ "
              r"\vdots \\ 0 \end{bmatrix}",
        instance=prop2e,
        transcription=lambda n: sp.Matrix.hstack(*[
            sp.eye(n.u.rows).col(i) * sp.diff(n.xs[i], n.u[i, j])
            for i in range(n.u.rows) for j in range(n.u.cols)]),
        reference=lambda n: sp.Matrix.hstack(*[
            d(n.xs[i], n.u.col(j)) for i in range(n.u.rows) for j in range(n.u.cols)]),
        method=_UNDEF.format("U 3 × 2, x_i(u_i1, u_i2)") + "; every i and j",
        page=P_PROPS,
        reading="the OCR shows a column of zeros only; the sentence before it says the one "
                "entry that is not zero is ∂_{u_ij} x_i",
    ),
    claim(
        id="004-prop2e-diagonal", step="Proposition 2E, proof, 'we get a diagonal "
        "matrix'",
        name="D_{c_j} x is diagonal",
        latex=r"D_{\vec c_j}\vec x = \begin{bmatrix} \partial_{u_{1j}} x_1 & & \\ & \ddots & \\ "
              r"& & \partial_{u_{mj}} x_m \end{bmatrix}",
        instance=prop2e,
        transcription=lambda n: sp.Matrix.hstack(*[
            sp.diag(*d_parallel(n.xs, n.u.col(j))) for j in range(n.u.cols)]),
        reference=lambda n: sp.Matrix.hstack(*[
            n.xs.jacobian(n.u.col(j)).T for j in range(n.u.cols)]),
        method=_UNDEF.format("U 3 × 2, x_i(u_i1, u_i2)") + "; reference: SymPy's Jacobian "
        "along each column, transposed",
        page=P_PROPS,
    ),
    claim(
        id="004-prop2e-proof", step="Proposition 2E, proof, 'And by Prop. 1'",
        name="the diagonal D_{c_j} x times d_x f",
        latex=r"\vec d_{\vec c_j} f = D_{\vec c_j}\vec x \cdot \vec d_{\vec x} f = "
              r"\begin{bmatrix} \partial_{x_1} f \cdot \partial_{u_{1j}} x_1 \\ \vdots \\ "
              r"\partial_{x_m} f \cdot \partial_{u_{mj}} x_m \end{bmatrix}",
        instance=prop2e,
        transcription=lambda n: sp.Matrix.hstack(*[
            sp.diag(*d_parallel(n.xs, n.u.col(j))) * n.dxf for j in range(n.u.cols)]),
        reference=lambda n: D_matrix(n.F, n.u),
        method=_UNDEF.format("U 3 × 2, x_i(u_i1, u_i2), f(x_1, x_2, x_3)"),
        page=P_PROPS,
        reading="the OCR garbles the product (the diagonal matrix and the column run together); "
                "read from the pattern of Proposition 2's proof",
    ),
    # -- the last layer: the cost and Facts 1-6 --------------------------------------------------
    claim(
        id="004-cost", step="'here, we will use Euclidean square distance'",
        name="the quadratic cost is half the sum of squared errors",
        latex=r"C = \frac{1}{2} \| \vec y - \vec a^L \|^2",
        instance=last,
        transcription=lambda n: sp.Rational(1, 2) * (n.y - n.a_var).norm() ** 2,
        reference=lambda n: n.cost(n.a_var),
        method="definition: SymPy's Euclidean norm of y − a (real symbols), against "
        "Σ_i ½(y_i − a_i)², the sum `backprop.losses.quadratic` computes for one sample",
        page=P_FACTS,
    ),
    claim(
        id="004-dC-da-hadamard", step="'If we let δ = y − a'",
        name="Proposition 2 applied to δ = y − a",
        latex=r"\vec d_{\vec a} C = \vec d_{\vec\delta}\left(\tfrac12\|\vec\delta\|^2\right) "
              r"\odot \vec d_{\vec a}\vec\delta",
        instance=last,
        transcription=lambda n: hadamard(
            at(d(n.delta.norm() ** 2 / 2, n.delta), n.delta, n.y - n.a_var),
            d_parallel(n.y - n.a_var, n.a_var)),
        reference=lambda n: d(n.cost(n.a_var), n.a_var),
        method="a ∈ ℝ² and y symbols; both factors computed by SymPy, then multiplied entry by "
        "entry; reference: sympy.diff of ½‖y − a‖²",
        page=P_FACTS,
        reading="the OCR prints the product sign as ↺; it is Proposition 2's ⊙",
    ),
    claim(
        id="004-half-norm", step="'By converting the first term of this product "
        "into a dot product'",
        name="the gradient of ½‖δ‖² is δ",
        latex=r"\vec d_{\vec\delta}\left(\tfrac12\|\vec\delta\|^2\right) = \vec\delta",
        instance=last,
        transcription=lambda n: n.delta,
        reference=lambda n: d(n.delta.norm() ** 2 / 2, n.delta),
        method="δ ∈ ℝ² real symbols; reference: sympy.diff of ½‖δ‖²",
        page=P_FACTS,
        reading="the OCR writes S and ξ for δ here",
    ),
    claim(
        id="004-da-delta", step="'For the second term'",
        name="d_a δ = d_a(y − a) = −1",
        latex=r"\vec d_{\vec a}\vec\delta = \vec d_{\vec a}(\vec y - \vec a) = -\vec 1",
        instance=last,
        transcription=lambda n: -sp.ones(2, 1),
        reference=lambda n: sp.Matrix([(n.y - n.a_var).jacobian(n.a_var)[i, i]
                                       for i in range(2)]),
        method="Proposition 2's d_a δ, the diagonal of SymPy's Jacobian of y − a",
        page=P_FACTS,
    ),
    claim(
        id="004-dC-da-product", step="'Together, we get'",
        name="d_a C = δ ⊙ (−1) = (y − a) ⊙ (−1)",
        latex=r"\vec d_{\vec a} C = \vec\delta \odot -\vec 1 = (\vec y - \vec a) \odot -\vec 1",
        instance=last,
        transcription=lambda n: hadamard(n.y - n.a_var, -sp.ones(2, 1)),
        reference=lambda n: d(n.cost(n.a_var), n.a_var),
        method="a ∈ ℝ², y symbols; reference: sympy.diff of ½‖y − a‖²",
        page=P_FACTS,
        reading="the OCR reads the first line as 'δ ∘ 0 − 1'; the second line, (y − a) ∘ −1, "
                "shows it is δ ⊙ −1",
    ),
    claim(
        id="004-fact1", step="Fact 1",
        name="Fact 1: d_a C = a − y",
        latex=r"\vec d_{\vec a} C = \vec a - \vec y",
        instance=last,
        transcription=lambda n: n.a_var - n.y,
        reference=lambda n: d(n.cost(n.a_var), n.a_var),
        method="a ∈ ℝ², y symbols; reference: sympy.diff of ½‖y − a‖²",
        page=P_FACTS,
        reading="the OCR gives 'da(= a-j'; read as d_a C = a − y, as the recap writes it",
    ),
    claim(
        id="004-dz-a", step="'Expanding the second term, we get'",
        name="d_z a = d_z σ(z) = σ'(z), the column of σ'(z_i)",
        latex=r"\vec d_{\vec z}\vec a = \vec d_{\vec z}\vec\sigma(\vec z) = \begin{bmatrix} "
              r"\partial_{z_1}\sigma(z_1) \\ \vdots \\ \partial_{z_n}\sigma(z_n) \end{bmatrix} = "
              r"\begin{bmatrix} \sigma'(z_1) \\ \vdots \\ \sigma'(z_n) \end{bmatrix}",
        instance=last,
        transcription=lambda n: n.z_var.applyfunc(lambda zi: derivative_at(sigmoid, zi)),
        reference=lambda n: sp.Matrix([n.z_var.applyfunc(sigmoid).jacobian(n.z_var)[i, i]
                                       for i in range(2)]),
        method="z ∈ ℝ² symbols, σ the sigmoid; σ' is σ's derivative; reference: the diagonal "
        "of SymPy's Jacobian of σ(z)",
        page=P_FACTS,
    ),
    claim(
        id="004-fact2", step="Fact 2, 'So we have our next result'",
        name="Fact 2: d_z C = d_a C ⊙ σ'(z)",
        latex=r"\vec d_{\vec z} C = \vec d_{\vec a} C \odot \vec\sigma'(\vec z)",
        instance=last,
        transcription=lambda n: hadamard(
            n.z_var.applyfunc(sigmoid) - n.y,
            n.z_var.applyfunc(lambda zi: derivative_at(sigmoid, zi))),
        reference=lambda n: d(n.cost(n.z_var.applyfunc(sigmoid)), n.z_var),
        method="z ∈ ℝ², y symbols, σ the sigmoid; d_a C from Fact 1 at a = σ(z); reference: "
        "sympy.diff of ½‖y − σ(z)‖²",
        page=P_FACTS,
        reading="the display of Fact 2 is lost in the OCR; read from the induction section "
                "(d_{z'}C = d_{a'}C ⊙ σ'(z')) and the facts' recap",
    ),
    claim(
        id="004-db-z", step="'Examining the second term'",
        name="d_b z = d_b(W a' + b) = 1",
        latex=r"\vec d_{\vec b}\vec z = \vec d_{\vec b}\left(W\vec a' + \vec b\right) = \vec 1",
        instance=last,
        transcription=lambda n: sp.ones(2, 1),
        reference=lambda n: sp.Matrix([n.z.jacobian(n.b)[i, i] for i in range(2)]),
        method="Proposition 2's d_b z, the diagonal of SymPy's Jacobian of z = W a' + b",
        page=P_FACTS,
        reading="the OCR reads the subscript as '1' and '5'; it is b",
    ),
    claim(
        id="004-fact3", step="Fact 3, 'Thus:'",
        name="Fact 3: d_b C = d_z C ⊙ 1 = d_z C",
        latex=r"\vec d_{\vec b} C = \vec d_{\vec z} C \odot \vec 1 = \vec d_{\vec z} C",
        instance=last,
        transcription=lambda n: hadamard(n.dz_c, sp.ones(2, 1)),
        reference=lambda n: d(n.C, n.b),
        method=_LAST + "; d_z C from Facts 1-2",
        page=P_FACTS,
        reading="the display of Fact 3 is lost in the OCR; read from the induction section "
                "(d_{b'}C = d_{z'}C ⊙ 1 = d_{z'}C)",
    ),
    claim(
        id="004-Wa-columns", step="'We compute the second term'",
        name="W a' + b = Σ_k a'_k w_k + b (w_k the columns of W)",
        latex=r"W\vec a' + \vec b = \sum_k a'_k \vec w_k + \vec b",
        instance=last,
        transcription=lambda n: sum((n.ap[k] * n.w.col(k) for k in range(3)), sp.zeros(2, 1))
        + n.b,
        reference=lambda n: n.w * n.ap + n.b,
        method="identity on symbols: a' ∈ ℝ³, W 2 × 3, b",
        page=P_FACTS,
        reading="the OCR writes α'_k for a'_k",
    ),
    claim(
        id="004-dwi-z", step="'differentiating the w_i term will give us back the "
        "coefficient'",
        name="d_{w_i} z = a'_i 1 (Proposition 2E's vector, for each column w_i)",
        latex=r"\vec d_{\vec w_i}\vec z = \vec d_{\vec w_i}\left(\sum_k a'_k\vec w_k + \vec b"
              r"\right) = a'_i \cdot \vec 1",
        instance=last,
        transcription=lambda n: sp.Matrix.hstack(*[n.ap[i] * sp.ones(2, 1) for i in range(3)]),
        reference=lambda n: sp.Matrix.hstack(*[
            sp.Matrix([sp.diff(n.z[k], n.w[k, i]) for k in range(2)]) for i in range(3)]),
        method="a' ∈ ℝ³, W 2 × 3, b symbols; reference: sympy.diff of z_k along w_ki, for every "
        "column i",
        page=P_FACTS,
        reading="the OCR writes a_i without the prime; the note's D_W C display has a'_i",
    ),
    claim(
        id="004-fact4", step="Fact 4, 'Putting this together, we have'",
        name="Fact 4: d_{w_i} C = d_z C ⊙ a'_i 1 = a'_i d_z C",
        latex=r"\vec d_{\vec w_i} C = \vec d_{\vec z} C \odot a'_i\vec 1 = a'_i\,\vec d_{\vec z} C",
        instance=last,
        transcription=lambda n: sp.Matrix.hstack(*[
            hadamard(n.dz_c, n.ap[i] * sp.ones(2, 1)) for i in range(3)]),
        reference=lambda n: D_matrix(n.C, n.w),
        method=_LAST + "; every column w_i at once; d_z C from Facts 1-2",
        page=P_FACTS,
        reading="the display of Fact 4 is lost in the OCR; read from the D_W C display that "
                "follows and from 'This verifies general case for Fact 4'",
    ),
    claim(
        id="004-fact5", step="Fact 5, 'To get the full matrix of derivatives'",
        name="Fact 5: D_W C = [a'_1 d_z C, …, a'_n d_z C] = d_z C ⊗ a'",
        latex=r"D_W C = \begin{bmatrix} a'_1\,\vec d_{\vec z} C, & \dots, & a'_n\,"
              r"\vec d_{\vec z} C \end{bmatrix} = \vec d_{\vec z} C \otimes \vec a'",
        instance=last,
        transcription=lambda n: outer(n.dz_c, n.ap),
        reference=lambda n: D_matrix(n.C, n.w),
        method=_LAST + "; D_W C as Appendix A defines it (W's shape)",
        page=P_FACTS,
        reading="the OCR prints the entries as 'a'_1 d_2 C'; read as a'_1 d_z C",
    ),
    claim(
        id="004-outer", step="'This fits the definition of the outer product'",
        name="u ⊗ v = u vᵀ = [v_1 u, …, v_n u]",
        latex=r"\vec u \otimes \vec v = \vec u\,\vec v^{t} = \begin{bmatrix} v_1\vec u, & \dots, "
              r"& v_n\vec u \end{bmatrix}",
        instance=last,
        transcription=lambda n: sp.Matrix.hstack(*[n.v[j] * n.u for j in range(3)]),
        reference=lambda n: n.u * n.v.T,
        method="identity on symbols u ∈ ℝ², v ∈ ℝ³",
        page=P_FACTS,
        reading="the OCR gives [v_1 u_1, …, v_n u_n] and a dagger for the transpose; read as "
                "[v_1 u, …, v_n u] and u vᵗ",
    ),
    claim(
        id="004-Da-z", step="'Expanding the first term' (before Fact 6)",
        name="D_{a'} z = D_{a'}(W a' + b) = Wᵀ",
        latex=r"D_{\vec a'}\vec z = D_{\vec a'}\left(W\vec a' + \vec b\right) = W^{t}",
        instance=last,
        transcription=lambda n: n.w.T,
        reference=lambda n: D(n.z, n.ap),
        method="a' ∈ ℝ³, W 2 × 3, b symbols; reference: Appendix A's D_{a'} z built from "
        "sympy.diff (its columns are the gradients d_{a'} z_j)",
        page=P_FACTS,
        reading="the OCR gives 'W_a'; the next sentence ('The fact that this is transposed W') "
                "makes it Wᵗ",
    ),
    claim(
        id="004-fact6", step="Fact 6",
        name="Fact 6: d_{a'} C = Wᵀ d_z C",
        latex=r"\vec d_{\vec a'} C = W^{t}\,\vec d_{\vec z} C",
        instance=last,
        transcription=lambda n: n.w.T * n.dz_c,
        reference=lambda n: d(n.C, n.ap),
        method=_LAST + "; reference: sympy.diff along the previous activations a'",
        page=P_FACTS,
    ),
    # -- the induction to every layer (3-layer network) ------------------------------------------
    claim(
        id="004-ind-Dz", step="the induction, 'D_{a''} z' = D_{a''}(W'a'' + b)'",
        name="D_{a''} z' = (W')ᵀ at every layer",
        latex=r"D_{\vec a''}\vec z' = D_{\vec a''}\left(W'\vec a'' + \vec b'\right) = (W')^{t}",
        instance=deep,
        transcription=lambda n: sp.Matrix.hstack(*[n.w[k].T for k in (2, 3)]),
        reference=lambda n: sp.Matrix.hstack(*[
            D(n.w[k] * n.a_var[k - 1] + n.b[k], n.a_var[k - 1]) for k in (2, 3)]),
        method=_DEEP.format("here Appendix A's D_{a''} z' from sympy.diff, for l = 2, 3"),
        page=P_FACTS,
    ),
    claim(
        id="004-ind-fact6", step="the induction, 'Thus: … Fact 6'",
        name="Fact 6 at every layer: d_{a''} C = (W')ᵀ d_{z'} C",
        latex=r"\vec d_{\vec a''} C = (W')^{t}\,\vec d_{\vec z'} C",
        instance=deep,
        transcription=lambda n: sp.Matrix.vstack(*[n.w[k].T * n.dz_c[k] for k in (3, 2)]),
        reference=lambda n: sp.Matrix.vstack(*[deep_reference("a", k - 1) for k in (3, 2)]),
        method=_DEEP.format("C written from the free activations a², a¹ and differentiated; "
                            "d_{z'}C from the note's recursion"),
        page=P_FACTS,
    ),
    claim(
        id="004-ind-fact2", step="the induction, 'we assume they hold at any layer "
        "l ≤ L and show that they hold at layer l-1'",
        name="Fact 2 at every layer: d_{z'} C = d_{a'} C ⊙ σ'(z')",
        latex=r"\vec d_{\vec z'} C = \vec d_{\vec a'} C \odot \vec\sigma'(\vec z')",
        instance=deep,
        transcription=lambda n: sp.Matrix.vstack(*[
            hadamard(n.da_c[k], n.sigma_prime(n.z[k])) for k in LAYERS]),
        reference=lambda n: sp.Matrix.vstack(*[deep_reference("z", k) for k in LAYERS]),
        method=_DEEP.format("C written from the free pre-activations z³, z², z¹; d_{a'}C from "
                            "the note's recursion"),
        page=P_FACTS,
        reading="the OCR of this step is garbled; read from its first line, C = C(a'(z')), "
                "a' = σ(z')",
    ),
    claim(
        id="004-ind-fact3", step="the induction, d_{b'} C",
        name="Fact 3 at every layer: d_{b'} C = d_{z'} C ⊙ 1 = d_{z'} C",
        latex=r"\vec d_{\vec b'} C = \vec d_{\vec z'} C \odot \vec d_{\vec b'}\vec z' = "
              r"\vec d_{\vec z'} C \odot \vec 1 = \vec d_{\vec z'} C",
        instance=deep,
        transcription=lambda n: sp.Matrix.vstack(*[n.dz_c[k] for k in LAYERS]),
        reference=lambda n: sp.Matrix.vstack(*[deep_reference("b", k) for k in LAYERS]),
        method=_DEEP.format("along b³, b², b¹"),
        page=P_FACTS,
    ),
    claim(
        id="004-ind-fact4", step="the induction, D_{w'} C, 'by Prop 2E (as in Fact "
        "4's analysis)'",
        name="Fact 4 at every layer: d_{w'_i} C = d_{z'} C ⊙ d_{w'_i} z' = a''_i d_{z'} C",
        latex=r"\vec d_{\vec w'_i} C = \vec d_{\vec z'} C \odot \vec d_{\vec w'_i}\vec z' = "
              r"a''_i\,\vec d_{\vec z'} C",
        instance=deep,
        transcription=lambda n: columns(*[sp.Matrix.hstack(*[
            hadamard(n.dz_c[k], n.a[k - 1][i] * sp.ones(SIZES[k], 1))
            for i in range(SIZES[k - 1])]) for k in LAYERS]),
        reference=lambda n: columns(*[deep_reference("W", k) for k in LAYERS]),
        method=_DEEP.format("along every weight of W³, W², W¹"),
        page=P_FACTS,
        reading="the OCR writes the column as w_i without primes and the second factor as "
                "'d_{w_i} C'; read as d_{w'_i} z', as in Fact 4's analysis",
    ),
    claim(
        id="004-ind-fact5", step="the induction, 'Finally, D_w C = …'",
        name="Fact 5 at every layer: D_{W'} C = [a''_1 d_{z'} C, …, a''_n d_{z'} C]",
        latex=r"D_{W'} C = \begin{bmatrix} a''_1\,\vec d_{\vec z'} C, & \dots, & "
              r"a''_n\,\vec d_{\vec z'} C \end{bmatrix} = \vec d_{\vec z'} C \otimes \vec a''",
        instance=deep,
        transcription=lambda n: columns(*[outer(n.dz_c[k], n.a[k - 1]) for k in LAYERS]),
        reference=lambda n: columns(*[deep_reference("W", k) for k in LAYERS]),
        method=_DEEP.format("D_{Wˡ}C for l = 3, 2, 1"),
        page=P_FACTS,
        reading="the OCR drops the primes (a_i d_{z'} C); read as a''_i, the activations feeding "
                "layer l − 1",
    ),
    claim(
        id="004-sgd", step="'e.g. Δb = −η d_b C where η = small number'",
        name="the update: Δb = −η d_b C and ΔW = −η D_W C at every layer",
        latex=r"\Delta\vec b = -\eta\,\vec d_{\vec b} C, \qquad \Delta W = -\eta\, D_W C",
        instance=deep,
        transcription=lambda n: columns(*[
            -n.eta * m for k in LAYERS for m in (n.dz_c[k], outer(n.dz_c[k], n.a[k - 1]))]),
        reference=lambda n: columns(*[
            -n.eta * m for k in LAYERS
            for m in (deep_reference("b", k), deep_reference("W", k))]),
        method=_DEEP.format("the note's steps −η × (Facts 3 and 5 through the recursion) "
                            "against gradient descent's −η × sympy.diff, η a symbol"),
        page=P_FACTS,
        reading="the note writes ΔW in words ('adjust b and w at each layer by a small amount "
                "in the direction opposite those derivatives')",
    ),
]
