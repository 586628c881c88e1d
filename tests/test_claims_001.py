"""Note 001: its instance, and mutations that must flip its claims' verdicts.

(Every claim's verdict, its correction's, its page and the known failures:
`test_symbolic_and_registry`.)
"""

from __future__ import annotations

import sympy as sp

from backprop.claims import FAILS, get_claim, run_claim
from backprop.claims import net001 as net1
from backprop.claims import note001 as n1
from backprop.sympy_kit import column, hadamard, indicator_positive, relu, stack


def test_instance_is_the_documented_one():
    net = net1.instance()
    assert [net.weights[k].shape for k in (1, 2, 3)] == [(3, 3), (3, 3), (4, 3)]
    assert net.label == 2 and list(net.y) == [0, 1, 0, 0]


def test_failing_claims_report_where():
    result = run_claim(get_claim("001-grad-aL-vector"))
    assert result.got == FAILS and result.comparison.residual is not None


# -- mutations: note 001 -----------------------------------------------------------------------


def test_001_output_gradient_mutations(flips):
    y_hat = lambda net: net.y_hat  # noqa: E731
    # change a constant: the sign
    assert flips("001-dL-da", lambda net: column(net1.ALL_I, lambda i: (
        net1.is_label(i) - y_hat(net)[i])))
    # swap an index: ŷ_l for ŷ_i
    assert flips("001-dL-da", lambda net: column(net1.ALL_I, lambda i: -(
        net1.is_label(i) - y_hat(net)[net1.LABEL - 1])))
    assert flips("001-example-1", lambda net: -(1 - y_hat(net)[0]))
    assert flips("001-grad-aL", lambda net: net.y - net.y_hat)


def test_001_hidden_recursion_mutations(flips):
    # drop the transpose at the square layer (W_2 instead of W_2ᵀ; the 4 × 3 W_3 keeps it)
    def no_transpose(net):
        return stack([net.weights[2] * net1.grad_a_at(2), net.weights[3].T * net1.grad_a_at(3)])

    assert flips("001-grad-h", no_transpose)
    # without any transpose the product is not defined at the output layer
    assert flips("001-grad-h", lambda net: stack(
        [net.weights[i + 1] * net1.grad_a_at(i + 1) for i in net1.HIDDEN]))
    # swap an index: w_{i+1,j,m} for w_{i+1,m,j} at the square layer
    def swapped(net, i, j):
        if i == 1:
            return sum(net1.grad_a_at(2)[m] * net.weights[2][j, m] for m in range(3))
        return n1.dl_dh_sum(net, i, j)

    assert flips("001-dL-dh-sum", n1.recursion_h(swapped))
    # drop a term of the sum
    assert flips("001-dL-dh-chain", n1.recursion_h(
        lambda net, i, j: n1.dl_dh_chain(net, i, j) - net1.grad_a_at(i + 1)[0]
        * net.weights[i + 1][0, j]))


def test_001_mask_mutations(flips):
    # drop the mask g′(a_i): the Hadamard product with 1
    assert flips("001-grad-a-hadamard", lambda net: stack(
        [net1.grad_h_at(i) for i in net1.HIDDEN]))
    # g(a) for g′(a)
    assert flips("001-dL-da-hidden", lambda net: stack(
        [hadamard(net1.grad_h_at(i), net.a[i].applyfunc(relu)) for i in net1.HIDDEN]))
    # the chain for w_111 without ∂h_1/∂a_1 (the first layer's mask)
    def chain_without_first_mask(net):
        fwd = net1.forward()
        row = net1.at_full(n1.jacobian_first_two(), net1.OUTPUT, "a")
        mask2 = sp.diag(*[indicator_positive(v) for v in fwd["a"][2]])
        return row * net.weights[3] * mask2 * net.weights[2] * net.pre(1).jacobian(
            [net.weights[1][0, 0]])

    assert flips("001-chain-w111", chain_without_first_mask)


def test_001_weight_gradient_mutations(flips):
    # swap an index: h_{k−1,i} for h_{k−1,j} (layers 1 and 2, where both run over 3 neurons)
    def swapped(net, k, i, j):
        return net1.grad_a_at(k)[i] * net.h[k - 1][i if k < 3 else j]

    assert flips("001-dL-dw", n1.weight_blocks(swapped))
    # change a constant
    assert flips("001-da-dw", n1.weight_blocks(lambda net, k, i, j: 2 * net.h[k - 1][j]))
