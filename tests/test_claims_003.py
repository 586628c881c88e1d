"""Note 003: the registered claims, and mutations that must flip their verdicts.

(Every claim's verdict and its correction's: `test_symbolic_and_registry`.)
"""

from __future__ import annotations

import sympy as sp

from backprop.claims import FAILS, HOLDS, all_claims, get_claim, run_claim
from backprop.claims import net003 as net3
from backprop.claims import note003 as n3

NOTE = "003"
PAGE = "book/part2/one_hidden"
EXPECTED_FAILS = {"003-dz2-diagonal", "003-dz2-case-eq", "003-dz2-case-ne", "003-dz2-simplified-ne",
    "003-dz2-indicator-ne", "003-dz2-expanded-ne", "003-dz2-cases-summed",
    "003-softmax-deriv-ne", "003-dsum", "003-exp-over-sum-squared", "003-chain-w1",
    "003-dL-dA1", "003-dL-dz1", "003-dL-dw1", "003-chain-b1-nomask", "003-dL-db1"}




def test_claims_are_registered_with_their_page():
    claims = all_claims(NOTE)
    assert len(claims) >= 30
    for c in claims:
        assert c.id.startswith(f"{NOTE}-") and c.note == NOTE and c.page == PAGE
        assert c.latex and c.step and c.method
    assert {c.id for c in claims if c.expected == FAILS} == EXPECTED_FAILS
    assert {c.id for c in claims if c.corrected is not None} == EXPECTED_FAILS


def test_instance_is_the_documented_one():
    net = net3.instance()
    assert net.w1.shape == (4, 3) and net.w2.shape == (3, 4) and net.label == 1
    assert [net.fixed[s] for s in net.y] == [0, 1, 0]


def test_a_product_that_is_not_defined_fails():
    shape = run_claim(get_claim("003-dL-dA1"))
    assert shape.got == FAILS and "not defined" in shape.comparison.method


def flips(claim_id: str, mutated) -> bool:
    """The mutated transcription gets the other verdict than the registered one."""
    claim = get_claim(claim_id)
    original = claim.verify().equal
    assert original == (claim.expected == HOLDS)
    return claim.verify(transcription=mutated).equal != original


# -- mutations: note 003 -----------------------------------------------------------------------

def test_003_output_gradient_mutations():
    assert flips("003-dz2", lambda net: net3.a2_of_z2(net))  # drop a term
    assert flips("003-dz2", lambda net: net.y - net3.a2_of_z2(net))  # change the sign
    assert flips("003-dL-dw2", lambda net: net.a1 * (net3.a2_of_a1(net) - net.y).T)  # transpose
    assert flips("003-dL-db2", lambda net: 2 * (net3.a2_of_a1(net) - net.y))  # a constant


def test_003_hidden_layer_masks():
    # the corrected ∂L/∂z_1 without the mask does not hold
    assert not get_claim("003-dL-dz1").verify(
        transcription=lambda net: net.w2.T * (net3.a2_of_z1(net) - net.y)).equal
    # the corrected chain for ∂L/∂b_1 without ∂A_1/∂z_1 does not hold
    assert flips("003-chain-b1-A1", lambda net: n3.chain_b1(net, "z2-a1-nomask"))
    # drop the mask of the ReLU derivative
    assert flips("003-dA1-dz1", lambda net: sp.ones(net3.N_HIDDEN, 1))


def test_claim_texts_render_as_written():
    # name, step, why, reading and method are Markdown on the pages, the errata and the index:
    # an underscore after a bracket (")_i") would start emphasis and swallow the subscripts.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark").use(dollarmath_plugin)
    for c in all_claims(NOTE):
        for field in ("name", "step", "why", "reading", "method"):
            text = getattr(c, field) or ""
            html = md.render(text)
            assert "<em>" not in html and "<strong>" not in html, (c.id, field, text)
