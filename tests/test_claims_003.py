"""Note 003: its instance, and mutations that must flip its claims' verdicts.

(Every claim's verdict, its correction's, its page and the known failures:
`test_symbolic_and_registry`.)
"""

from __future__ import annotations

import sympy as sp

from backprop.claims import FAILS, get_claim, run_claim
from backprop.claims import net003 as net3
from backprop.claims import note003 as n3


def test_instance_is_the_documented_one():
    net = net3.instance()
    assert net.w1.shape == (4, 3) and net.w2.shape == (3, 4) and net.label == 1
    assert [net.fixed[s] for s in net.y] == [0, 1, 0]


def test_a_product_that_is_not_defined_fails():
    shape = run_claim(get_claim("003-dL-dA1"))
    assert shape.got == FAILS and "not defined" in shape.comparison.method


# -- mutations: note 003 -----------------------------------------------------------------------

def test_003_output_gradient_mutations(flips):
    assert flips("003-dz2", lambda net: net3.a2_of_z2(net))  # drop a term
    assert flips("003-dz2", lambda net: net.y - net3.a2_of_z2(net))  # change the sign
    assert flips("003-dL-dw2", lambda net: net.a1 * (net3.a2_of_a1(net) - net.y).T)  # transpose
    assert flips("003-dL-db2", lambda net: 2 * (net3.a2_of_a1(net) - net.y))  # a constant


def test_003_hidden_layer_masks(flips):
    # the corrected ∂L/∂z_1 without the mask does not hold
    assert not get_claim("003-dL-dz1").verify(
        transcription=lambda net: net.w2.T * (net3.a2_of_z1(net) - net.y)).equal
    # the corrected chain for ∂L/∂b_1 without ∂A_1/∂z_1 does not hold
    assert flips("003-chain-b1-A1", lambda net: n3.chain_b1(net, "z2-a1-nomask"))
    # drop the mask of the ReLU derivative
    assert flips("003-dA1-dz1", lambda net: sp.ones(net3.N_HIDDEN, 1))
