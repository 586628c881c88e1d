"""Note 002's claims (the mini-batch matrix form with L2): the registry's entries, mutations.

(Every claim's verdict and its correction's: `test_symbolic_and_registry`.)

Every mutation below is a plausible slip (a dropped term, a swapped transpose, a changed
constant, a dropped ReLU mask); each must flip the verdict of a formula that holds.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from backprop import Network
from backprop.claims import compare_any, get_claim
from backprop.claims.net002 import LABELS, evaluate, instance, psi, substitution
from backprop.claims.note002 import HALF
from backprop.display import check_claims, claim_markdown
from backprop.rounding import unit_roundoff, within_rounding
from backprop.sympy_kit import hadamard, positive_mask


def inv_n(s):
    return sp.Rational(1, s.n)


def err(s, p):
    """(1/N)(ψ − Δ) for the given ψ."""
    return inv_n(s) * (p - s.delta)


def delta2(s, with_mask=True):
    """∂J̃/∂z⁽²⁾ of the whole network, optionally without the ReLU mask."""
    back = err(s, s.psi) * s.w2.T
    return hadamard(back, positive_mask(s.z2)) if with_mask else back


MUTATIONS_OF_HOLDING = [
    ("002-cost", "drop the L2 term", lambda s: s.J_data),
    ("002-cost", "penalise w(1) only", lambda s: s.J_data + s.lam * sum(v**2 for v in s.w1)),
    ("002-psi", "normalise over the samples (columns)", lambda s: psi(s.Z3.T).T),
    ("002-sample-loss", "+log instead of -log",
     lambda s: sp.Matrix([sp.log(psi(s.Z3)[i, y]) for i, y in enumerate(s.labels)])),
    ("002-dz3-true", "drop the -1",
     lambda s: sp.Matrix([psi(s.Z3)[i, y] for i, y in enumerate(s.labels)])),
    ("002-dz3-other", "subtract 1 for the wrong classes too",
     lambda s: sp.Matrix([psi(s.Z3)[i, j] - 1 for i, y in enumerate(s.labels)
                          for j in range(3) if j != y])),
    ("002-dJdata-dz3", "drop 1/N", lambda s: psi(s.Z3) - s.delta),
    ("002-dJdata-dz3", "1/2 instead of 1/N", lambda s: HALF * (psi(s.Z3) - s.delta)),
    ("002-dJdata-dz3", "transpose psi - Delta", lambda s: err(s, psi(s.Z3)).T),
    ("002-dJdata-dz3", "drop Delta", lambda s: inv_n(s) * psi(s.Z3)),
    ("002-dJreg-dz3", "the 2λ of the weights", lambda s: 2 * s.lam * sp.ones(3, 3)),
    ("002-dJ-dz3", "drop 1/N", lambda s: psi(s.Z3) - s.delta),
    ("002-dz3-dw2", "every column, not only m = n",
     lambda s: sp.Matrix([s.A2[i, h] for i in range(3) for n in range(3)
                          for h in range(2) for m in range(3)])),
    ("002-dJreg-dw2", "2λ -> λ", lambda s: s.lam * s.w2),
    ("002-dJreg-dw2", "transpose w(2)", lambda s: 2 * s.lam * s.w2.T),
    ("002-dz3-db2", "every bias, not only m = n", lambda s: sp.ones(27, 1)),
    ("002-dJreg-db2", "penalise the bias", lambda s: 2 * s.lam * s.b2),
    ("002-dJreg-da2", "2λa", lambda s: 2 * s.lam * s.A2),
    ("002-chain-z2", "matrix product instead of entrywise",
     lambda s: s.Z2 * s.Z2.T),
    ("002-chain-z2", "drop the ReLU mask",
     lambda s: (err(s, s.psi_of_z2) * s.w2.T)),
    ("002-relu-prime", "1 everywhere", lambda s: sp.ones(3, 2)),
    ("002-dz2-dw1", "every column, not only m = n",
     lambda s: sp.Matrix([s.x[i, p] for i in range(3) for n in range(2)
                          for p in range(2) for m in range(2)])),
    ("002-dz2-db1", "N instead of 1",
     lambda s: sp.Matrix([3 if m == n else 0 for i in range(3)
                          for n in range(2) for m in range(2)])),
    ("002-dJreg-dw1", "2λ -> λ", lambda s: s.lam * s.w1),
    ("002-dJreg-dw1", "transpose w(1) (square: caught by value)", lambda s: 2 * s.lam * s.w1.T),
]


MUTATIONS_OF_CORRECTIONS = [
    ("002-J-normal", "drop 1/N", lambda s: s.n * s.J_data),
    ("002-z3-forward", "drop the bias", lambda s: s.A2 * s.w2),
    ("002-dJ-dw2", "swap the transpose: (ψ − Δ)′a",
     lambda s: err(s, s.psi_of_a2).T * s.A2 + 2 * s.lam * s.w2),
    ("002-dJ-dw2", "drop 2λw", lambda s: s.A2.T * err(s, s.psi_of_a2)),
    ("002-dJ-dw2", "2λ -> λ", lambda s: s.A2.T * err(s, s.psi_of_a2) + s.lam * s.w2),
    ("002-dJ-dw2", "1/N -> 1/2",
     lambda s: HALF * s.A2.T * (s.psi_of_a2 - s.delta) + 2 * s.lam * s.w2),
    ("002-dJ-dw2-data", "add 2λw to the data term",
     lambda s: s.A2.T * err(s, s.psi_of_a2) + 2 * s.lam * s.w2),
    ("002-dJ-db2", "no sum over the batch (the note)", lambda s: err(s, s.psi_of_a2)),
    ("002-dJ-db2", "sum without 1/N", lambda s: s.ones.T * (s.psi_of_a2 - s.delta)),
    ("002-dJ-db2", "mean over the classes instead of sum over samples",
     lambda s: (err(s, s.psi_of_a2) * sp.ones(3, 1)).T),
    ("002-dJ-da2", "1/N -> 1/2 (the note)", lambda s: HALF * (s.psi_of_a2 - s.delta) * s.w2.T),
    ("002-dJ-da2", "drop the transpose of w(2)", lambda s: err(s, s.psi_of_a2) * s.w2),
    ("002-dJ-dz2", "drop the ReLU mask", lambda s: err(s, s.psi_of_z2) * s.w2.T),
    ("002-dJ-dz2", "mask on the wrong side (z ≤ 0)",
     lambda s: hadamard(err(s, s.psi_of_z2) * s.w2.T, (-s.Z2).applyfunc(sp.Heaviside))),
    ("002-z2-forward", "swap the transpose: a w′", lambda s: s.x * s.w1.T + s.ones * s.b1),
    ("002-dJ-dw1-cases", "drop the ReLU mask",
     lambda s: s.x.T * delta2(s, with_mask=False) + 2 * s.lam * s.w1),
    ("002-dJ-dw1-cases", "drop 2λw", lambda s: s.x.T * delta2(s)),
    ("002-dJ-dw1-cases", "2λ -> λ", lambda s: s.x.T * delta2(s) + s.lam * s.w1),
    ("002-dJ-dw1-cases", "swap the transpose: δ′a (square: caught by value)",
     lambda s: delta2(s).T * s.x + 2 * s.lam * s.w1),
    ("002-dJ-dw1-cases", "skip w(2)′ (the note's error)",
     lambda s: s.x.T * hadamard(err(s, s.psi), positive_mask(s.z2)) + 2 * s.lam * s.w1),
    ("002-dJ-db1-cases", "drop the ReLU mask", lambda s: s.ones.T * delta2(s, with_mask=False)),
    ("002-dJ-db1-cases", "no sum over the batch", lambda s: delta2(s)),
    ("002-dJ-dw1-active", "1/N -> 1/2",
     lambda s: HALF * s.x.T * ((s.psi - s.delta) * s.w2.T) + 2 * s.lam * s.w1),
    ("002-dJ-db1-active", "skip w(2)′", lambda s: s.ones.T * err(s, s.psi)),
]


MUTATIONS = ([(c, w, m, "line") for c, w, m in MUTATIONS_OF_HOLDING]
             + [(c, w, m, "correction") for c, w, m in MUTATIONS_OF_CORRECTIONS])


@pytest.mark.parametrize("claim_id, what, mutated, of", MUTATIONS,
                         ids=[f"{c} ({o}): {w}" for c, w, _, o in MUTATIONS])
def test_a_mutation_of_a_formula_that_holds_fails(claim_id, what, mutated, of):
    """The mutation of a line that holds, or of a failing line's correction, fails."""
    claim = get_claim(claim_id)
    assert (claim.verify() if of == "line" else claim.verify_corrected()).equal
    assert not claim.verify(transcription=mutated).equal, what


def test_the_mask_of_dJ_dz2_matters_only_where_a_unit_is_off():
    """The mask-drop mutation is caught because the points include inactive units; where
    every z⁽²⁾ > 0 it would (rightly) not be."""
    claim = get_claim("002-dJ-dz2")
    s = instance()
    no_mask = err(s, s.psi_of_z2) * s.w2.T
    truth = claim.reference(s)
    assert not compare_any(no_mask, truth, try_simplify=False, try_expand=False).equal
    assert compare_any(no_mask, truth, low=1, high=2, try_simplify=False,
                       try_expand=False).equal


def test_each_slip_of_the_first_layer_gradient_matters():
    claim = get_claim("002-dJ-dw1-active")
    steps = claim.corrected_steps
    verdicts = [claim.verify(transcription=f).equal for _, f in steps]
    assert verdicts == [False] * (len(steps) - 1) + [True]


def test_a_product_that_is_not_defined_fails_with_the_sizes():
    result = get_claim("002-dJ-dw2").verify()
    assert not result.equal
    assert "not defined" in result.method and "(3, 3) * (2, 3)" in result.method
    [result] = check_claims([get_claim("002-dJ-dw2")])
    text = claim_markdown(result)
    assert "cannot compare the two entry by entry" in text and "a^{(2)'}" in text
    assert "Matrix size mismatch: (3, 3) * (2, 3))." in text


def test_the_half_would_pass_with_two_samples_so_the_instance_has_three():
    # The note's 1/2 equals 1/N only for N = 2: the instance must not be that case.
    assert instance().n == 3 == len(LABELS)


def test_corrections_evaluated_at_the_engines_parameters_give_its_gradients():
    """The corrected closed forms, with numbers for the symbols, equal `Network.backward`
    with ``l2 = λ`` (float64), layer by layer."""
    s = instance()
    lam = 0.3
    net = Network((2, 2, 3), l2=lam, dtype=np.float64, seed=3)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(3, 2))
    labels = np.array(LABELS)
    fwd = net.forward(x)
    assert (fwd.activations[1] == 0).any() and (fwd.activations[1] > 0).any()  # masks matter
    grads = net.backward(fwd, net.targets(labels))
    values = substitution(s, x, net.weights, net.biases, fwd.activations[1], lam)

    def number(claim_id):
        return evaluate(get_claim(claim_id).corrected(s), values)

    for claim_id, engine in (("002-dJ-dw2", grads.weights[1]), ("002-dJ-db2", grads.biases[1]),
                             ("002-dJ-dw1-cases", grads.weights[0]),
                             ("002-dJ-db1-cases", grads.biases[0])):
        # the closed form is evaluated to 30 digits: the engine's rounding is the difference
        assert within_rounding(number(claim_id).reshape(engine.shape), engine,
                               2 * sum(net.sizes) + len(labels))
    # and the note's own ∂J̃/∂a⁽²⁾ with 1/2 does not: it is off by the factor N/2
    half = HALF * (s.psi_of_a2 - s.delta) * s.w2.T
    note = evaluate(half, values)
    right = number("002-dJ-da2")
    # both evaluated to 30 digits, then rounded once to float64 (and once more by ×3/2)
    np.testing.assert_allclose(note, right * 3 / 2, rtol=4 * unit_roundoff())
