"""Note 004's claims: the registry's entries, and mutations that must flip their verdicts.

(Every claim's verdict: `test_symbolic_and_registry`.)

Each mutation is a slip a reader could make (a dropped transpose, a product in the wrong order,
a Hadamard product written as a matrix product, a changed constant, a derivative evaluated at
the wrong point): passed to `Claim.verify` in place of the note's formula, it must be caught.
Some slips give a matrix of the wrong shape; the verdict is then "differ" (shapes) or "not
defined" (SymPy refuses the product): both are asserted, never skipped.
"""

from __future__ import annotations

import sympy as sp

from backprop.claims import get_claim
from backprop.claims.net004 import SIZES, derivative_at
from backprop.claims.note004 import LAYERS, columns
from backprop.dnotation import D, at, d, d_parallel, outer
from backprop.sympy_kit import hadamard, sigmoid


def verdict(claim_id: str, mutated=None) -> bool:
    return get_claim(claim_id).verify(mutated).equal


# -- the registry ----------------------------------------------------------------------------------


def test_propositions_run_on_undefined_functions():
    """Generality: the propositions' instances are undefined functions, not chosen ones."""
    for cid in ("004-prop1", "004-prop2", "004-prop2e", "004-A-chain"):
        claim = get_claim(cid)
        inst = claim.instance()
        expr = claim.reference(inst)
        assert expr.has(sp.core.function.AppliedUndef), cid
        assert not expr.has(sp.exp, sp.Pow), cid          # no concrete function slipped in


# -- Appendix A --------------------------------------------------------------------------------


def test_D_without_transpose_is_the_jacobian_and_differs():
    assert verdict("004-A-D")
    assert not verdict("004-A-D", lambda n: n.xs.jacobian(n.u))             # usual Jacobian
    assert not verdict("004-D-entries",
                       lambda n: sp.Matrix(2, 3, lambda i, j: sp.diff(n.xs[j], n.u[1 - i])))


def test_gradient_as_a_row_differs():
    assert not verdict("004-A-gradient", lambda n: sp.Matrix([n.fx]).jacobian(n.x))


def test_vector_chain_rule_in_the_wrong_order():
    assert verdict("004-A-chain")
    assert not verdict("004-A-chain",
                       lambda n: at(D(n.fvec, n.x), n.x, n.xs) * D(n.xs, n.u))


# -- Proposition 1 ---------------------------------------------------------------------------


def test_prop1_mutations():
    claim = "004-prop1"
    assert verdict(claim)
    # d_x f left at x instead of x(u): the jets of f at another point.
    x = sp.Matrix(sp.symbols("x_1:4"))
    assert not verdict(claim, lambda n: D(n.xs, n.u) * d(sp.Function("f")(*x), x))
    # The product in the other order: a row, not a column.
    assert not verdict(claim, lambda n: n.dxf.T * D(n.xs, n.u).T)
    # The usual Jacobian in place of D (the transpose dropped): the product is not defined.
    result = get_claim(claim).verify(lambda n: n.xs.jacobian(n.u) * n.dxf)
    assert not result.equal and "not defined" in result.method


def test_prop1_component_with_the_wrong_variable():
    assert not verdict("004-prop1-component",
                       lambda n: sp.Matrix([n.dxf.dot(n.xs.diff(n.u[0])) for _ in n.u]))


# -- Proposition 2 ---------------------------------------------------------------------------


def test_prop2_hadamard_replaced_by_matrix_product():
    claim = "004-prop2"
    assert verdict(claim)
    inner = lambda n: (d_parallel(n.xs, n.u).T * n.dxf)[0, 0] * sp.ones(3, 1)  # noqa: E731
    assert not verdict(claim, inner)
    assert not verdict(claim, lambda n: n.dxf * d_parallel(n.xs, n.u).T)      # outer: 3 × 3


def test_prop2_with_the_derivatives_shifted():
    shifted = lambda n: hadamard(n.dxf, sp.Matrix(  # noqa: E731
        [sp.diff(n.xs[i], n.u[i]) for i in (1, 2, 0)]))
    assert not verdict("004-prop2", shifted)
    assert not verdict("004-prop2-proof", lambda n: sp.ones(3, 3) * n.dxf)


def test_prop2e_mutations():
    claim = "004-prop2e"
    assert verdict(claim)
    other_column = lambda n: sp.Matrix.hstack(*[  # noqa: E731
        hadamard(n.dxf, d_parallel(n.xs, n.u.col(1 - j))) for j in range(2)])
    assert not verdict(claim, other_column)
    as_matrix_product = lambda n: sp.Matrix.hstack(*[  # noqa: E731
        (d_parallel(n.xs, n.u.col(j)).T * n.dxf)[0, 0] * sp.ones(3, 1) for j in range(2)])
    assert not verdict(claim, as_matrix_product)
    assert not verdict("004-prop2e-single", lambda n: sp.Matrix.hstack(*[
        sp.ones(3, 1) * sp.diff(n.xs[i], n.u[i, j]) for i in range(3) for j in range(2)]))


# -- the last layer ----------------------------------------------------------------------------


def test_constants_changed():
    assert not verdict("004-cost", lambda n: (n.y - n.a_var).norm() ** 2)         # no ½
    assert not verdict("004-fact1", lambda n: 2 * (n.a_var - n.y))
    assert not verdict("004-fact1", lambda n: n.y - n.a_var)                      # sign
    assert not verdict("004-da-delta", lambda n: sp.ones(2, 1))
    assert not verdict("004-db-z", lambda n: 2 * sp.ones(2, 1))
    assert not verdict("004-half-norm", lambda n: 2 * n.delta)
    assert not verdict("004-dwi-z", lambda n: sp.Matrix.hstack(
        *[n.ap[i] * sp.ones(2, 1) for i in (1, 2, 0)]))


def test_fact2_mutations():
    sp_z = lambda n: n.z_var.applyfunc(lambda zi: derivative_at(sigmoid, zi))  # noqa: E731
    err = lambda n: n.z_var.applyfunc(sigmoid) - n.y  # noqa: E731
    assert verdict("004-fact2", lambda n: hadamard(err(n), sp_z(n)))
    assert not verdict("004-fact2", err)                                          # σ' dropped
    assert not verdict("004-fact2",
                       lambda n: (err(n).T * sp_z(n))[0, 0] * sp.ones(2, 1))      # ⊙ → product


def test_fact5_and_fact6_order_and_transpose():
    assert not verdict("004-fact5", lambda n: outer(n.ap, n.dz_c))                # swapped
    assert not verdict("004-Da-z", lambda n: n.w)                                 # no transpose
    result = get_claim("004-fact6").verify(lambda n: n.w * n.dz_c)          # no transpose
    assert not result.equal and "not defined" in result.method
    assert not verdict("004-outer", lambda n: sp.Matrix.hstack(
        *[n.v[j] * n.u for j in (2, 1, 0)]))


# -- the induction (3-layer network) ------------------------------------------------------------


def recursion(n, transpose_at: int | None = None):
    """The note's recursion, with Fact 6's transpose dropped at one (square) layer."""
    da, dz = {3: n.a[3] - n.y}, {}
    for layer in LAYERS:
        dz[layer] = hadamard(da[layer], n.sigma_prime(n.z[layer]))
        if layer > 1:
            w = n.w[layer] if layer == transpose_at else n.w[layer].T
            da[layer - 1] = w * dz[layer]
    return da, dz


def test_instance_has_a_square_layer():
    assert SIZES[2] == SIZES[1], "W² must be square for a dropped transpose to change values"


def test_induction_catches_a_dropped_transpose():
    assert verdict("004-ind-fact3", lambda n: sp.Matrix.vstack(
        *[recursion(n)[1][layer] for layer in LAYERS]))
    assert not verdict("004-ind-fact3", lambda n: sp.Matrix.vstack(
        *[recursion(n, transpose_at=2)[1][layer] for layer in LAYERS]))
    assert not verdict("004-ind-fact6", lambda n: sp.Matrix.vstack(
        n.w[3].T * n.dz_c[3], n.w[2] * n.dz_c[2]))
    assert not verdict("004-ind-Dz", lambda n: sp.Matrix.hstack(n.w[2], n.w[3].T))


def test_induction_catches_a_dropped_sigma_prime_and_swapped_outer():
    assert not verdict("004-ind-fact2", lambda n: sp.Matrix.vstack(
        *[n.da_c[layer] for layer in LAYERS]))
    assert not verdict("004-ind-fact5", lambda n: columns(
        *[outer(n.a[layer - 1], n.dz_c[layer]) if layer == 2 else
          outer(n.dz_c[layer], n.a[layer - 1]) for layer in LAYERS]))
    assert not verdict("004-ind-fact4", lambda n: columns(*[sp.Matrix.hstack(*[
        hadamard(n.dz_c[layer], n.a[layer][i % SIZES[layer]] * sp.ones(SIZES[layer], 1))
        for i in range(SIZES[layer - 1])]) for layer in LAYERS]))          # aˡ for aˡ⁻¹


def test_sgd_sign_and_step():
    def step(n, sign=-1, scale=1):
        return columns(*[sign * scale * n.eta * m for layer in LAYERS
                         for m in (n.dz_c[layer], outer(n.dz_c[layer], n.a[layer - 1]))])

    assert verdict("004-sgd", step)
    assert not verdict("004-sgd", lambda n: step(n, sign=+1))
    assert not verdict("004-sgd", lambda n: step(n, scale=sp.Rational(1, 2)))


def test_appendix_definitions_catch_orientation_slips():
    assert not verdict("004-A-scalar-in",
                       lambda n: sp.Matrix([[sp.diff(fi, n.s) for fi in n.fs_scalar]]))  # a row
    assert not verdict("004-A-DA", lambda n: sp.Matrix(n.a.rows, n.a.cols, lambda i, j: sp.diff(
        n.f_a, n.a[1 - i, (j + 1) % n.a.cols])))                           # entries misplaced


def test_sigma_prime_column():
    # σ' written as σ(1 − σ) is the same function: the check must accept it ...
    assert verdict("004-dz-a", lambda n: n.z_var.applyfunc(lambda z: sigmoid(z) * (1 - sigmoid(z))))
    # ... and reject σ itself in place of σ'.
    assert not verdict("004-dz-a", lambda n: n.z_var.applyfunc(sigmoid))
