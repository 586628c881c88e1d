"""backprop.rounding and gradcheck.rounding_tolerance: bounds from the arithmetic that hold
for any order of summation and still reject a wrong result."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop import Network
from backprop.activations import Activation, relu
from backprop.gradcheck import gradcheck, rounding_tolerance
from backprop.rounding import (
    agreement_bound,
    difference_quotient_noise,
    gamma,
    unit_roundoff,
    within_rounding,
)


def test_unit_roundoff_and_gamma():
    assert unit_roundoff() == 2.0**-53
    assert unit_roundoff(np.float32) == 2.0**-24
    assert gamma(0) == 0.0
    assert gamma(10) == pytest.approx(10 * 2.0**-53, rel=1e-12)
    assert gamma(10, np.float32) > gamma(10)
    with pytest.raises(ValueError, match="number of terms"):
        gamma(-1)
    with pytest.raises(ValueError, match="not defined"):
        gamma(2**24, np.float32)


def test_a_sum_in_any_order_is_within_the_bound():
    rng = np.random.default_rng(0)
    terms = rng.normal(size=5000) * 10.0 ** rng.integers(-3, 4, size=5000)
    orders = [terms, terms[::-1], np.sort(terms), rng.permutation(terms)]
    sums = [math.fsum(terms)] + [float(sum(t.tolist())) for t in orders] + [float(np.sum(terms))]
    bound = gamma(len(terms)) * np.abs(terms).sum()
    assert all(abs(s - sums[0]) <= bound for s in sums)
    assert len(set(sums)) > 1       # the orders do round differently: the bound is needed


def test_within_rounding_tells_rounding_from_a_wrong_value():
    a = np.array([1.0, -2.0, 3.0])
    assert within_rounding(a, a * (1 + 8 * unit_roundoff()), 10)
    assert not within_rounding(a, a + np.array([0.0, 0.0, 1e-9]), 10)
    assert agreement_bound(10, 3.0) == pytest.approx(2 * gamma(10) * 3.0)
    with pytest.raises(ValueError, match="shapes differ"):
        within_rounding(a, a[:2], 10)


def test_difference_quotient_noise():
    assert difference_quotient_noise(2.0, 1e-6, 100) == pytest.approx(gamma(100) * 2.0 / 1e-6)
    with pytest.raises(ValueError, match="positive"):
        difference_quotient_noise(2.0, 0.0, 100)


def test_rounding_tolerance_passes_backward_and_fails_a_wrong_backward():
    rng = np.random.default_rng(1)
    x, y = rng.random((7, 12)), np.array([0, 1, 2, 3, 2, 1, 0])
    net = Network((12, 6, 5, 4), dtype=np.float64, seed=2)
    tolerance = rounding_tolerance(net, x, y)
    assert 0 < tolerance < 1e-5
    assert all(c.max_abs_error <= tolerance for c in gradcheck(net, x, y))
    broken = Network((12, 6, 5, 4), dtype=np.float64, seed=2)
    broken.activation = Activation(relu, np.ones_like)   # backward without the ReLU mask
    assert max(c.max_abs_error for c in gradcheck(broken, x, y)) > 100 * tolerance
