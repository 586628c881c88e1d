"""Note 000's claims: the registry's entries, and the mutations that must flip a verdict.

(Every claim's verdict and its correction's: `test_symbolic_and_registry`.)"""

from __future__ import annotations

import pytest
import sympy as sp

from backprop.claims import HOLDS, get_claim, net000
from backprop.claims import note000 as N
from backprop.claims.net000 import S, neg_inv_k
from backprop.sympy_kit import column, indicator

# -- mutations: a wrong formula must fail ---------------------------------------------------


def b2_final_drop_term(net):  # drop the − Σ_z p̂ … term
    return neg_inv_k(net) * S(0, net.K - 1, lambda k: S(0, net.bound(9), lambda m: net.tt(m, k) * S(
        0, net.bound(63), lambda i: net.w(3, i, m) * net.I(3, m, k) * net.I(2, i, k))))


def b2_final_constant(net):  # −1/K → +1/K
    return -get_claim("000-b2-final").transcription(net)


def w2_final_swap_index(net):  # w⁽³⁾_{β,m} → w⁽³⁾_{m,β} in the first term
    return net000.over_ab(net, 2, lambda a, b: neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * net.I(2, b, k) * net.p(1, a, k) * (
            net.I(3, m, k) * net.w(3, m, b) - S(0, net.bound(9), lambda z: net.ph(z, k)
                                                * net.I(3, z, k) * net.w(3, b, z))))))


def w1_final_drop_indicator(net):  # drop I⁽¹⁾_{β,k}
    return net000.over_ab(net, 1, lambda a, b: neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * net.x[a, k] * (
            net.I(3, m, k) * N.w1_inner(net, b, m, k) - S(0, net.bound(9), lambda z: net.ph(
                z, k) * net.I(3, z, k) * N.w1_inner(net, b, z, k))))))


def w1_final_drop_inner_indicator(net):  # drop I⁽²⁾_{i,k} inside the sum over i
    def inner(b, z, k):
        return S(0, net.bound(63), lambda i: net.w(3, i, z) * net.w(2, b, i))
    return net000.over_ab(net, 1, lambda a, b: neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * net.I(1, b, k) * net.x[a, k] * (
            net.I(3, m, k) * inner(b, m, k) - S(0, net.bound(9), lambda z: net.ph(z, k)
                                                * net.I(3, z, k) * inner(b, z, k))))))


def w3_factored_drop_term(net):  # (1{m=β} − p̂_β) → 1{m=β}
    return net000.over_pairs_mk(net, 3, lambda a, b, m, k: net.ph(m, k) * indicator(m == b)
                           * net.I(3, b, k) * net.p(2, a, k))


def w3_factored_swap(net):  # p̂_{β,k} → p̂_{m,k}
    return net000.over_pairs_mk(net, 3, lambda a, b, m, k: net.ph(m, k) * (
        indicator(m == b) - net.ph(m, k)) * net.I(3, b, k) * net.p(2, a, k))


def b3_exp_drop_indicator(net):
    return net000.over_mk(net, lambda m, k: net000.u(net, m, k))


def kickoff_drop_reciprocal(net):  # t/p̂ → t
    return column([neg_inv_k(net) * S(0, net.K - 1, lambda k, th=theta: S(
        0, net.bound(9), lambda m: net.tt(m, k) * net000.d_phat(net, m, k, th)))
        for theta in net000.sampled_parameters(net)])


def step_ascent(net):  # θ − ν ∂C/∂θ → θ + ν ∂C/∂θ
    return -N.descent_rate(net)


def layer2_swap_index(net):  # w_{i,n} → w_{n,i}
    return sp.ImmutableMatrix(net.bound(63) + 1, net.K, lambda n, k: net000.f(net.b(2) + S(
        0, net.bound(127), lambda i: net.w(2, n, i) * net.p(1, i, k))))


def theta_bound(net):  # j ∈ [0, 9] → [0, 8]
    return net.b(1) + S(0, net.bound(783), lambda i: S(0, net.bound(8), lambda j: net.w(1, i, j)))


def cost_constant(net):  # −1/K → −1/(2K)
    return get_claim("000-zero-cost").transcription(net) / 2


def b1_indicator_bound(net):  # Σ_{j=0}^{127} → Σ_{j=0}^{63}
    return N.over_ik2(net, lambda i, k: net.I(2, i, k) * S(
        0, net.bound(63), lambda j: net.w(2, j, i) * net.I(1, j, k)))


def w2_p2_indicator_index(net):  # 1{i = β} → 1{i = α}
    return net000.over_pairs_nk(net, 2, 2, lambda a, b, i, k: net.I(2, i, k) * indicator(i == a)
                           * net.p(1, a, k))


def b2_v_prime_index(net):  # the indicator of z → of m … here of neuron 0
    return net000.over_mk(net, lambda m, k: S(0, net.bound(9), lambda z: sp.exp(net.p(3, z, k))
                                         * net.I(3, 0, k) * S(0, net.bound(63), lambda i: net.w(
                                             3, i, z) * net.I(2, i, k))))


MUTATIONS = {
    "000-b2-final": [b2_final_drop_term, b2_final_constant],
    "000-w2-final": [w2_final_swap_index],
    "000-w1-final": [w1_final_drop_indicator, w1_final_drop_inner_indicator],
    "000-w3-dphat-factored": [w3_factored_drop_term, w3_factored_swap],
    "000-b3-exp-indicator": [b3_exp_drop_indicator],
    "000-two-kickoff": [kickoff_drop_reciprocal],
    "000-zero-step": [step_ascent],
    "000-two-layer2": [layer2_swap_index],
    "000-zero-theta": [theta_bound],
    "000-zero-cost": [cost_constant],
    "000-b1-p2-indicator": [b1_indicator_bound],
    "000-w2-p2-indicator": [w2_p2_indicator_index],
    "000-b2-v-prime": [b2_v_prime_index],
}


@pytest.mark.parametrize(
    "claim_id, mutation",
    [(cid, m) for cid, ms in MUTATIONS.items() for m in ms],
    ids=[f"{cid}:{m.__name__}" for cid, ms in MUTATIONS.items() for m in ms],
)
def test_mutation_flips_verdict(claim_id, mutation):
    claim = get_claim(claim_id)
    assert claim.expected == HOLDS and claim.verify().equal
    assert not claim.verify(transcription=mutation).equal



def test_zero_hidden_gradients_of_the_book_hold():
    checks = N.zero_hidden_gradient_checks()
    assert set(checks) == {"∂C/∂b⁽¹⁾", "∂C/∂w⁽¹⁾_{α,β}"}
    assert all(c.equal for c in checks.values())


def test_out_of_range_index_is_no_parameter():
    net = net000.two_hidden()
    assert net.w(2, 1, 3) not in set(net.parameters())  # w⁽²⁾ has 3 columns
    assert net.w(2, 3, 1) in set(net.parameters())
    assert net.bound(783) == 4 and net.bound(9) == 1 and net.bound(8) == 0
