"""Notes 001 and 003: the registered verdicts, mutations that must flip them, and the column
form (`backprop.column_form`) against the engine and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from backprop.claims import FAILS, HOLDS, all_claims, get_claim, run_claim
from backprop.claims import note001 as n1
from backprop.claims import note003 as n3
from backprop.column_form import (
    as_engine_gradients,
    column_parameters,
    one_hidden,
    vector_pass,
)
from backprop.gradcheck import numerical_gradients, rounding_tolerance
from backprop.network import Network
from backprop.rounding import within_rounding
from backprop.symbolic import compare, indicator_positive, relu

EXPECTED_FAILS = {
    "001": {"001-quotient-i-ne-l", "001-indicator-i-ne-l", "001-grad-aL-vector",
            "001-grad-W-matrix"},
    "003": {"003-dz2-diagonal", "003-dz2-case-eq", "003-dz2-case-ne", "003-dz2-simplified-ne",
            "003-dz2-indicator-ne", "003-dz2-expanded-ne", "003-dz2-cases-summed",
            "003-softmax-deriv-ne", "003-dsum", "003-exp-over-sum-squared", "003-chain-w1",
            "003-dL-dA1", "003-dL-dz1", "003-dL-dw1", "003-chain-b1-nomask", "003-dL-db1"},
}
PAGES = {"001": "book/part2/vector_form", "003": "book/part2/one_hidden"}


# -- the registry ----------------------------------------------------------------------------

@pytest.mark.parametrize("note", ["001", "003"])
def test_claims_are_registered_with_their_page(note):
    claims = all_claims(note)
    assert len(claims) >= 30
    for c in claims:
        assert c.id.startswith(f"{note}-") and c.note == note and c.page == PAGES[note]
        assert c.latex and c.step and c.method
    assert {c.id for c in claims if c.expected == FAILS} == EXPECTED_FAILS[note]


@pytest.mark.parametrize("claim", all_claims("001") + all_claims("003"), ids=lambda c: c.id)
def test_every_verdict_is_the_expected_one(claim):
    result = run_claim(claim)
    assert result.as_expected, result.comparison.describe()


def test_failing_claims_report_where():
    result = run_claim(get_claim("001-grad-aL-vector"))
    assert result.got == FAILS and result.comparison.residual is not None
    shape = run_claim(get_claim("003-dL-dA1"))
    assert shape.got == FAILS and "not defined" in shape.comparison.method


def test_instances_are_the_documented_ones():
    net = n1.instance()
    assert [net.weights[k].shape for k in (1, 2, 3)] == [(3, 3), (3, 3), (4, 3)]
    assert net.label == 2 and list(net.y) == [0, 1, 0, 0]
    net3 = n3.instance()
    assert net3.w1.shape == (4, 3) and net3.w2.shape == (3, 4) and net3.label == 1
    assert [net3.fixed[s] for s in net3.y] == [0, 1, 0]


# -- mutations: note 001 -----------------------------------------------------------------------

def flips(claim_id: str, mutated) -> bool:
    """The mutated transcription gets the other verdict than the registered one."""
    claim = get_claim(claim_id)
    original = claim.verify().equal
    assert original == (claim.expected == HOLDS)
    return claim.verify(transcription=mutated).equal != original


def test_001_output_gradient_mutations():
    y_hat = lambda net: net.y_hat  # noqa: E731
    # change a constant: the sign
    assert flips("001-dL-da", lambda net: n1.rows(n1.ALL_I, lambda i: (
        n1.indicator(i) - y_hat(net)[i])))
    # swap an index: ŷ_l for ŷ_i
    assert flips("001-dL-da", lambda net: n1.rows(n1.ALL_I, lambda i: -(
        n1.indicator(i) - y_hat(net)[n1.LABEL - 1])))
    assert flips("001-example-1", lambda net: -(1 - y_hat(net)[0]))
    assert flips("001-grad-aL", lambda net: net.y - net.y_hat)


def test_001_failing_claims_hold_once_corrected():
    assert flips("001-grad-aL-vector", lambda net: n1.rows(n1.ALL_I, lambda i: -(
        n1.indicator(i) - net.y_hat[i])))
    a = n1.instance().a[n1.OUTPUT]
    total = sum(sp.exp(v) for v in a)
    l_ = n1.LABEL - 1
    assert flips("001-quotient-i-ne-l", lambda net: n1.rows(n1.I_NE_L, lambda i: (
        -1 / net.y_hat[l_] * (sp.diff(sp.exp(a[l_]), a[i]) / total
                              - sp.exp(a[l_]) * sp.diff(total, a[i]) / total**2))))
    # the corrected statement, ∂ exp(a_L)_l / ∂a_Li = 1_(l=i) exp(a_L)_l, for every i
    for i in n1.ALL_I:
        assert compare(n1.indicator(i) * sp.exp(a[l_]), sp.diff(sp.exp(a[l_]), a[i])).equal
    assert flips("001-grad-W-matrix", n1.grad_w_matrix_corrected)


def test_001_hidden_recursion_mutations():
    # drop the transpose at the square layer (W_2 instead of W_2ᵀ; the 4 × 3 W_3 keeps it)
    def no_transpose(net):
        return n1.stack([net.weights[2] * n1.grad_a_at(2), net.weights[3].T * n1.grad_a_at(3)])

    assert flips("001-grad-h", no_transpose)
    # without any transpose the product is not defined at the output layer
    assert flips("001-grad-h", lambda net: n1.stack(
        [net.weights[i + 1] * n1.grad_a_at(i + 1) for i in n1.HIDDEN]))
    # swap an index: w_{i+1,j,m} for w_{i+1,m,j} at the square layer
    def swapped(net, i, j):
        if i == 1:
            return sum(n1.grad_a_at(2)[m] * net.weights[2][j, m] for m in range(3))
        return n1._dl_dh_sum(net, i, j)

    assert flips("001-dL-dh-sum", n1.recursion_h(swapped))
    # drop a term of the sum
    assert flips("001-dL-dh-chain", n1.recursion_h(
        lambda net, i, j: n1._dl_dh_chain(net, i, j) - n1.grad_a_at(i + 1)[0]
        * net.weights[i + 1][0, j]))


def test_001_mask_mutations():
    # drop the mask g′(a_i): the Hadamard product with 1
    assert flips("001-grad-a-hadamard", lambda net: n1.stack(
        [n1.grad_h_at(i) for i in n1.HIDDEN]))
    # g(a) for g′(a)
    assert flips("001-dL-da-hidden", lambda net: n1.stack(
        [n1.hadamard(n1.grad_h_at(i), net.a[i].applyfunc(relu)) for i in n1.HIDDEN]))
    # the chain for w_111 without ∂h_1/∂a_1 (the first layer's mask)
    def chain_without_first_mask(net):
        fwd = n1.forward()
        row = n1.at_full(n1.jacobian_first_two(), n1.OUTPUT, "a")
        mask2 = sp.diag(*[indicator_positive(v) for v in fwd["a"][2]])
        return row * net.weights[3] * mask2 * net.weights[2] * net.pre(1).jacobian(
            [net.weights[1][0, 0]])

    assert flips("001-chain-w111", chain_without_first_mask)


def test_001_weight_gradient_mutations():
    # swap an index: h_{k−1,i} for h_{k−1,j} (layers 1 and 2, where both run over 3 neurons)
    def swapped(net, k, i, j):
        return n1.grad_a_at(k)[i] * net.h[k - 1][i if k < 3 else j]

    assert flips("001-dL-dw", n1.weight_blocks(swapped))
    # change a constant
    assert flips("001-da-dw", n1.weight_blocks(lambda net, k, i, j: 2 * net.h[k - 1][j]))


# -- mutations: note 003 -----------------------------------------------------------------------

def test_003_output_gradient_mutations():
    assert flips("003-dz2", lambda net: n3.a2_of_z2(net))  # drop a term
    assert flips("003-dz2", lambda net: net.y - n3.a2_of_z2(net))  # change the sign
    assert flips("003-dL-dw2", lambda net: net.a1 * (n3.a2_of_a1(net) - net.y).T)  # transpose
    assert flips("003-dL-db2", lambda net: 2 * (n3.a2_of_a1(net) - net.y))  # a constant


def test_003_failing_claims_hold_once_corrected():
    k = n3.LABEL

    def a2(net):
        return n3.a2_of_z2(net)

    assert flips("003-dz2-diagonal", lambda net: n3.column(n3.ALL_I, lambda i: (
        -net.y[k] / a2(net)[k] * sp.diff(sp.exp(net.z2[k]) / n3.total(net), net.z2[i]))))
    assert flips("003-dz2-case-eq", lambda net: n3.column(n3.I_EQ_K, lambda i: (
        -net.y[i] / a2(net)[i] * a2(net)[i] * (n3.total(net) - sp.exp(net.z2[i]))
        / n3.total(net))))
    assert flips("003-dz2-case-ne", lambda net: n3.column(n3.I_NE_K, lambda i: (
        -net.y[k] / a2(net)[k] * (-a2(net)[i] * sp.exp(net.z2[k])) / n3.total(net))))
    assert flips("003-dz2-simplified-ne", lambda net: n3.column(
        n3.I_NE_K, lambda i: net.y[k] * a2(net)[i]))
    assert flips("003-dz2-cases-summed", lambda net: n3.column(n3.ALL_I, lambda i: (
        (a2(net)[i] - 1) * net.y[i] + a2(net)[i] * (1 - net.y[i]))))
    assert flips("003-dsum", lambda net: n3.column(n3.ALL_I, lambda i: sp.exp(net.z2[i])))
    assert flips("003-exp-over-sum-squared", lambda net: n3.column(
        n3.ALL_I, lambda i: sp.exp(net.z2[i]) / n3.total(net)))


def test_003_hidden_layer_corrections_and_masks():
    def w2t_error(net, a2):
        return net.w2.T * (a2 - net.y)

    # w_2ᵀ for w_1 makes ∂L/∂A_1 hold
    assert flips("003-dL-dA1", lambda net: w2t_error(net, n3.a2_of_a1(net)))
    # ∂L/∂z_1: corrected holds; corrected but without the mask does not
    corrected_z1 = lambda net: n3.hadamard(  # noqa: E731
        w2t_error(net, n3.a2_of_z1(net)), n3.relu_mask(net.z1))
    assert flips("003-dL-dz1", corrected_z1)
    assert not get_claim("003-dL-dz1").verify(
        transcription=lambda net: w2t_error(net, n3.a2_of_z1(net))).equal
    # ∂L/∂w_1 as written lacks only the mask: with it the claim holds
    fwd = n3.forward()
    with_mask = lambda net: n3.hadamard(  # noqa: E731
        w2t_error(net, fwd["a2"]), fwd["z1"].applyfunc(indicator_positive)) * net.x.T
    assert flips("003-dL-dw1", with_mask)
    assert flips("003-dL-db1", lambda net: n3.hadamard(
        w2t_error(net, fwd["a2"]), fwd["z1"].applyfunc(indicator_positive)))
    assert flips("003-chain-b1-nomask", lambda net: n3._chain_b1(net, "z2-a1"))
    assert flips("003-chain-b1-A1", lambda net: n3._chain_b1(net, "z2-a1-nomask"))
    # drop the mask of the ReLU derivative
    assert flips("003-dA1-dz1", lambda net: sp.ones(n3.N_HIDDEN, 1))


# -- the column form against the engine ---------------------------------------------------------

def test_vector_pass_matches_engine_and_finite_differences():
    net = Network((4, 5, 3, 4), dtype=np.float64, seed=3)
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(3, 4)), np.array([1, 3, 0])
    ours = as_engine_gradients([vector_pass(net, x[i], labels[i]) for i in range(3)], net)
    engine = net.gradients(x, labels)
    numeric = numerical_gradients(net, x, labels)
    for a, b, c in zip(ours.weights + ours.biases, engine.weights + engine.biases,
                       numeric.weights + numeric.biases, strict=True):
        # the same sums in another order; and the quotients' rounding (backprop.rounding)
        assert within_rounding(a, b, 2 * sum(net.sizes) + len(labels))
        assert np.max(np.abs(a - c)) <= rounding_tolerance(net, x, labels)


def test_vector_pass_detects_a_wrong_sign():
    net = Network((4, 5, 4), dtype=np.float64, seed=1)
    p = vector_pass(net, np.ones(4), 2)
    y = np.zeros((4, 1))
    y[2] = 1
    np.testing.assert_allclose(p.grad_a[2], p.y_hat - y)
    assert np.all(p.grad_a[2] * (y - p.y_hat) <= 0)


def test_one_hidden_columns_match_the_engine_rows():
    net = Network((3, 4, 3), dtype=np.float64, seed=2)
    (w1, w2), (b1, b2) = column_parameters(net)
    rng = np.random.default_rng(1)
    X, labels = rng.normal(size=(3, 5)), np.array([0, 1, 2, 1, 0])
    r = one_hidden(w1, b1, w2, b2, X, labels)
    assert r.dW1.shape == w1.shape and r.dW2.shape == w2.shape and r.db1.shape == (4, 1)
    engine = net.gradients(X.T, labels)  # rows are samples; the engine's cost is the mean
    n = 2 * sum(net.sizes) + len(labels)   # equal up to rounding: backprop.rounding
    assert within_rounding(r.dW1.T / 5, engine.weights[0], n)
    assert within_rounding(r.dW2.T / 5, engine.weights[1], n)
    assert within_rounding(r.db1.ravel() / 5, engine.biases[0], n)
    assert within_rounding(r.db2.ravel() / 5, engine.biases[1], n)


@pytest.mark.parametrize("note", ["001", "003"])
def test_claim_texts_render_as_written(note):
    # name, step, why, reading and method are Markdown on the pages, the errata and the index:
    # an underscore after a bracket (")_i") would start emphasis and swallow the subscripts.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark").use(dollarmath_plugin)
    for c in all_claims(note):
        for field in ("name", "step", "why", "reading", "method"):
            text = getattr(c, field) or ""
            html = md.render(text)
            assert "<em>" not in html and "<strong>" not in html, (c.id, field, text)
