"""Note 004's operators (`backprop.dnotation`), the jet comparison of undefined functions
(`backprop.symbolic.jet_variables`), and the sigmoid + cross-entropy output of the engine."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from backprop import Network
from backprop.dnotation import (
    D,
    D_matrix,
    at,
    d,
    d_parallel,
    facts_backward,
    fd_D,
    fd_gradient,
    outer,
)
from backprop.gradcheck import gradcheck, rounding_tolerance
from backprop.rounding import gamma, within_rounding
from backprop.symbolic import compare, jet_variables
from backprop.sympy_kit import hadamard

u1, u2, x1, x2, x3 = sp.symbols("u1 u2 x1 x2 x3")
f, g = sp.Function("f"), sp.Function("g")


# -- the operators -------------------------------------------------------------------------------


def test_shapes_and_orientation():
    u = sp.Matrix([u1, u2])
    xs = sp.Matrix([u1 * u2, u1**2, u2 + 3 * u1])
    assert d(xs[0], u).shape == (2, 1)
    assert D(xs, u).shape == (2, 3)
    assert D(xs, u) == xs.jacobian(u).T
    assert D(xs, u)[1, 0] == u1                      # row i: along u_i; column j: x_j
    a = sp.Matrix(2, 3, sp.symbols("a0:6"))
    assert D_matrix(a[0, 2] * a[1, 1], a) == sp.Matrix([[0, 0, a[1, 1]], [0, a[0, 2], 0]])


def test_parallel_hadamard_outer():
    u = sp.Matrix([u1, u2])
    assert d_parallel(sp.Matrix([u1**2, sp.sin(u2)]), u) == sp.Matrix([2 * u1, sp.cos(u2)])
    with pytest.raises(ValueError):
        d_parallel(sp.Matrix([u1]), u)
    with pytest.raises(ValueError):
        hadamard(sp.ones(2, 1), sp.ones(1, 2))
    assert outer(sp.Matrix([1, 2]), sp.Matrix([3, 4, 5])) == sp.Matrix([[3, 4, 5], [6, 8, 10]])


def test_finite_differences_match_exact_derivatives():
    point = np.array([0.3, -0.8])
    grad = fd_gradient(lambda v: np.sin(v[0]) * v[1] ** 2, point)
    exact = np.array([np.cos(0.3) * 0.64, 2 * np.sin(0.3) * -0.8])
    # h = 1e-6: rounding about u|f|/h ≈ 1e-10, truncation h²|f‴|/6 ≈ 1e-12; 1e-8 leaves 100×
    assert np.allclose(grad, exact, atol=1e-8)
    jac = fd_D(lambda v: np.array([v[0] * v[1], v[0] ** 2, v[1]]), point)
    assert jac.shape == (2, 3)
    assert np.allclose(jac, [[-0.8, 0.6, 0.0], [0.3, 0.0, 1.0]], atol=1e-8)


# -- jets ------------------------------------------------------------------------------------------


def test_the_spellings_of_one_jet_are_one_symbol():
    xi = sp.Symbol("xi")
    inner = g(u1, u2)
    as_derivative = sp.diff(f(inner, x1), inner)             # Derivative(f(g, x1), g)
    as_subs = sp.Subs(sp.Derivative(f(xi, x1), xi), xi, inner)
    assert sp.expand(as_derivative - as_subs) != 0          # SymPy alone does not see it
    expr, jets = jet_variables(as_derivative - as_subs)
    assert expr == 0 and len(jets) == 1


def test_jets_decide_an_identity_for_every_function():
    composite = f(g(u1) ** 2)
    truth = sp.diff(composite, u1)
    xi = sp.Symbol("xi")
    chain = at(sp.diff(f(xi), xi), [xi], [g(u1) ** 2]) * 2 * g(u1) * sp.diff(g(u1), u1)
    assert compare(chain, truth).equal
    wrong = compare(chain / 2, truth)                     # a constant changed
    assert not wrong.equal and wrong.residual != 0
    assert any(isinstance(k, (sp.Derivative, sp.Subs, sp.core.function.AppliedUndef))
               for k in wrong.point)                      # the point names the jets


def test_a_derivative_at_the_wrong_point_is_caught():
    truth = sp.diff(f(g(u1)), u1)                          # f'(g(u1)) g'(u1)
    assert not compare(sp.Subs(sp.Derivative(f(x1), x1), x1, u1) * sp.diff(g(u1), u1),
                       truth).equal


def test_a_product_of_undefined_functions_must_be_evaluated():
    with pytest.raises(ValueError):
        jet_variables(sp.Derivative(f(u1) * g(u1), u1, evaluate=False))


# -- numbers: Facts 1-6 against the engine and finite differences -----------------------------


def test_facts_backward_is_the_engines_gradient():
    rng = np.random.default_rng(3)
    net = Network((6, 5, 4, 3), hidden="sigmoid", output="sigmoid", init="xavier",
                  dtype=np.float64, seed=2)
    x, label = rng.normal(size=(1, 6)), np.array([1])
    facts = facts_backward([w.T for w in net.weights], net.biases, x[0], net.targets(label)[0])
    engine = net.gradients(x, label)
    n = 2 * sum(net.sizes) + 1    # the same sums in another order: backprop.rounding
    for mine, theirs in zip(facts.D_W, engine.weights, strict=True):
        assert mine.shape == theirs.T.shape
        assert within_rounding(mine, theirs.T, n)
    for mine, theirs in zip(facts.d_b, engine.biases, strict=True):
        assert within_rounding(mine, theirs, n)
    assert within_rounding(facts.d_a[-1], net.forward(x).y_hat[0] - net.targets(label)[0], n)


def test_sigmoid_cross_entropy_output(tmp_path):
    rng = np.random.default_rng(0)
    net = Network((5, 4, 3), hidden="sigmoid", output="sigmoid_ce", init="xavier",
                  dtype=np.float64, seed=1)
    x, labels = rng.normal(size=(6, 5)), rng.integers(0, 3, 6)
    tolerance = rounding_tolerance(net, x, labels)   # the quotients' rounding error
    assert max(c.max_abs_error for c in gradcheck(net, x, labels)) <= tolerance
    fwd, t = net.forward(x), net.targets(labels)
    # σ' cancels: the same subtraction and one division, equal up to one rounding
    assert within_rounding(net.output_delta(fwd, t), (fwd.y_hat - t) / 6, 2)
    a = fwd.y_hat
    expected = -np.sum(t * np.log(a) + (1 - t) * np.log(1 - a)) / 6
    # the same sum of 6 × 3 logarithms in another order (backprop.rounding)
    assert net.cost(x, labels) == pytest.approx(expected, rel=2 * gamma(2 * sum(net.sizes) + 18))
    net.save(tmp_path / "net.npz")
    assert Network.load(tmp_path / "net.npz").output == "sigmoid_ce"
