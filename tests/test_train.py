"""backprop.train: learning, determinism, the stopping rule, and divergence."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import blobs

from backprop.network import Network
from backprop.train import TrainingDiverged, train

# Plain SGD, passed explicitly (train()'s defaults are plain SGD too; the tests do not rely on it)
PLAIN = dict(momentum=0.0, schedule="constant", augment=False)


def test_sgd_learns_and_records_history():
    x, y = blobs()
    net = Network((8, 16, 3), seed=0)
    hist = train(net, x, y, x, y, epochs=5, learning_rate=0.1, batch_size=16, progress=False,
                 **PLAIN)
    assert hist.epoch == [0, 1, 2, 3, 4, 5]
    assert len(hist.loss) == len(hist.train_accuracy) == len(hist.test_accuracy) == 6
    assert hist.loss[-1] < 0.5 * hist.loss[0]
    assert hist.final_test_accuracy > 0.95
    assert hist.steps == 5 * 13  # ceil(200 / 16) steps per epoch
    assert hist.stopped == "5 epochs"


def test_same_seed_same_run():
    x, y = blobs()
    runs = []
    for _ in range(2):
        net = Network((8, 16, 3), seed=4)
        train(net, x, y, epochs=2, momentum=0.9, seed=9, progress=False, augment=False)
        runs.append(net.weights[0].copy())
    assert np.array_equal(runs[0], runs[1])
    net = Network((8, 16, 3), seed=4)
    train(net, x, y, epochs=2, momentum=0.9, seed=10, progress=False, augment=False)
    assert not np.array_equal(runs[0], net.weights[0])


def test_stopping_rule_max_iterations():
    x, y = blobs()
    net = Network((8, 16, 3))
    hist = train(net, x, y, epochs=100, batch_size=10, max_iterations=25, progress=False,
                 **PLAIN)
    assert hist.steps == 25
    assert hist.stopped == "maximum of 25 iterations"


def test_stopping_rule_negligible_change():
    x, y = blobs()
    net = Network((8, 16, 3))
    hist = train(net, x, y, epochs=500, learning_rate=0.1, tolerance=1e-3, progress=False,
                 **PLAIN)
    assert hist.stopped == "loss changed by less than 0.001"
    assert len(hist.epoch) < 500
    assert abs(hist.loss[-1] - hist.loss[-2]) < 1e-3


def test_diverging_learning_rate_is_caught():
    x, y = blobs()
    net = Network((8, 64, 3), init="uniform", init_range=1.0, output_relu=False, seed=0)
    with pytest.raises(TrainingDiverged, match=r"at epoch 1, step \d+ \(rule: loss not finite; "
                       r"learning rate 1e\+30\)"):
        train(net, x, y, epochs=5, learning_rate=1e30, progress=False, **PLAIN)


def test_bad_options():
    x, y = blobs()
    net = Network((8, 16, 3))
    with pytest.raises(ValueError, match="learning rate"):
        train(net, x, y, learning_rate=-1, progress=False, **PLAIN)
    with pytest.raises(ValueError, match="batch size"):
        train(net, x, y, batch_size=0, progress=False, **PLAIN)
    with pytest.raises(ValueError, match="199 labels for 200 input rows"):
        train(net, x, y[:-1], progress=False, **PLAIN)
