"""backprop.symbolic (the exact comparison), the registry framework and the claim display."""

from __future__ import annotations

import pytest
import sympy as sp

from backprop.claims import (
    Claim,
    ClaimMaker,
    Instance,
    all_claims,
    compare_any,
    format_table,
    run_claim,
)
from backprop.display import UnexpectedVerdict, check_claims, claim_markdown
from backprop.symbolic import compare
from backprop.sympy_kit import relu

x, y, w = sp.symbols("x y w")


def test_compare_proves_identities_symbolically():
    assert compare((x + 1) ** 2, x**2 + 2 * x + 1).equal
    assert compare(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1).equal


def test_compare_finds_a_difference_exactly():
    result = compare(2 * x, 3 * x)
    assert not result.equal
    assert result.symbolic_residual == -x
    assert result.residual == -result.point[x]


def test_point_stage_is_exact_with_exponentials():
    # Softmax derivative, too large to simplify when forced into the point stage.
    z = sp.symbols("z0:3")
    p = [sp.exp(zi) / sum(sp.exp(zj) for zj in z) for zi in z]
    truth = sp.diff(-sp.log(p[0]), z[1])
    assert compare(p[1], truth, try_simplify=False).equal
    wrong = compare(p[1] - sp.Rational(1, 10**9), truth, try_simplify=False)
    assert not wrong.equal  # a difference of 1e-9 is not lost to a float tolerance


def test_relu_mask_dropped_is_caught_at_some_point():
    z = sp.symbols("z0:3")
    a = [relu(w * x + zi) for zi in z]
    p = [sp.exp(ai) / sum(sp.exp(aj) for aj in a) for ai in a]
    truth = sp.diff(-sp.log(p[0]), w)
    right = sum((p[i] - (1 if i == 0 else 0)) * sp.Heaviside(w * x + z[i]) * x for i in range(3))
    assert compare(right, truth).equal
    dropped = sum((p[i] - (1 if i == 0 else 0)) * x for i in range(3))
    assert not compare(dropped, truth).equal


def test_kink_points_are_skipped():
    # H(x) and 1/2 agree only at the kink x = 0, which must never count as evidence:
    # with every draw at the kink, no point is usable and the comparison says so.
    with pytest.raises(RuntimeError, match="away from every ReLU kink"):
        compare(sp.Heaviside(x), sp.Rational(1, 2) + 0 * x, low=0, high=0, try_simplify=False)
    assert not compare(sp.Heaviside(x), sp.Rational(1, 2) + 0 * x, low=-1, high=1,
                       try_simplify=False).equal


def test_compare_any_matrices():
    a = sp.Matrix([[x, y]])
    assert compare_any(a, sp.Matrix([[x, y]])).equal
    assert not compare_any(a, sp.Matrix([[x, x]])).equal
    result = compare_any(a, sp.Matrix([[x], [y]]))
    assert not result.equal and "shapes differ" in result.method


def make_claim(expected: str, formula, **extra) -> Claim:
    return Claim(id=f"t-{expected}", note="000", step='step "test"', name="d/dx x³",
                 latex=r"\frac{d}{dx} x^3", expected=expected, instance=lambda: x,
                 transcription=formula, reference=lambda v: sp.diff(v**3, v),
                 method="test", page="book/intro", **extra)


def test_claim_verify_and_mutation():
    claim = make_claim("holds", lambda v: 3 * v**2)
    assert claim.verify().equal
    assert not claim.verify(transcription=lambda v: 2 * v**2).equal


def test_failing_claim_needs_correction_and_reason():
    with pytest.raises(ValueError, match="needs its correction"):
        make_claim("fails", lambda v: 2 * v**2)
    with pytest.raises(ValueError, match="needs its correction"):  # LaTeX without executable
        make_claim("fails", lambda v: 2 * v**2, correction="3x^2", why="The power rule.")
    with pytest.raises(ValueError, match="expected must be"):
        make_claim("maybe", lambda v: v)


def test_display_shows_the_residual_and_correction():
    claim = make_claim("fails", lambda v: 2 * v**2, correction="3x^2", why="The power rule.",
                       corrected=lambda v: 3 * v**2)
    [result] = check_claims([claim])
    text = claim_markdown(result)
    assert "fails as written" in text and ":::{admonition}" in text
    assert "$$ - x^{2} $$" in text and "3x^2" in text and "The power rule." in text
    assert "**corrected: holds**" in text


def test_unexpected_verdict_stops_the_page():
    claim = make_claim("holds", lambda v: 2 * v**2)
    with pytest.raises(UnexpectedVerdict, match="expected holds, got fails"):
        check_claims([claim])


def test_a_correction_that_fails_stops_the_page():
    claim = make_claim("fails", lambda v: 2 * v**2, correction="3x^2", why="The power rule.",
                       corrected=lambda v: 3 * v)
    result = run_claim(claim)
    assert result.got == "fails" and result.corrected_got == "fails" and not result.as_expected
    with pytest.raises(UnexpectedVerdict, match="the correction fails"):
        check_claims([claim])


@pytest.mark.parametrize("claim", all_claims(), ids=lambda c: c.id)
def test_every_claim_gets_its_expected_verdict(claim):
    """The line as transcribed gets its registered verdict; a failing line's correction,
    checked by the same machinery, holds."""
    result = run_claim(claim)
    assert result.as_expected, result.surprise()
    assert (result.corrected is None) == (claim.expected == "holds")


def test_format_table_flags_surprises():
    good = run_claim(make_claim("holds", lambda v: 3 * v**2))
    bad = run_claim(make_claim("holds", lambda v: 3 * v))
    table = format_table([good, bad])
    assert "fails (!)" in table
    assert table.splitlines()[-1].startswith("2 claims: 1 hold, 1 fail as written; 1 differ")


def test_registry_ids_are_unique_and_claims_well_formed():
    claims = all_claims()
    assert len({c.id for c in claims}) == len(claims)
    for c in claims:
        assert c.id.startswith(c.note + "-")
        assert c.page.startswith("book/")


def test_claim_maker_fixes_note_page_instance_and_options():
    make = ClaimMaker("003", "book/part2/one_hidden", lambda: x, {"points": 2},
                      "x a symbol; reference: sympy.diff of {what}", what="x³")
    c = make("d", 'step "d"', "d/dx x³", "3x^2", lambda v: 3 * v**2,
             lambda v: sp.diff(v**3, v))
    assert (c.id, c.note, c.page, c.compare_options) == (
        "003-d", "003", "book/part2/one_hidden", {"points": 2})
    assert c.method == "x a symbol; reference: sympy.diff of x³" and c.verify().equal
    other = make("003-e", 'step "e"', "d/dx x³", "2x^2", lambda v: 2 * v**2,
                 lambda v: sp.diff(v**3, v), "by hand", options={}, expected="fails",
                 page="book/intro", correction="3x^2", why="The power rule.",
                 corrected=lambda v: 3 * v**2)
    assert (other.id, other.method, other.page, other.compare_options) == (
        "003-e", "by hand", "book/intro", {})
    assert run_claim(other).as_expected


def test_instance_reads_its_names_and_is_fixed():
    inst = Instance(x=x, double=lambda v: 2 * v)
    assert inst.x == x and inst.double(inst.x) == 2 * x
    with pytest.raises(AttributeError, match="no 'y'"):
        _ = inst.y
    with pytest.raises(AttributeError, match="fixed"):
        inst.x = 1
