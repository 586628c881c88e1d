"""backprop.metrics: the confusion matrix, the most confident mistakes, layer summaries."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.metrics import (
    Mistake,
    confusion_matrix,
    dead_units,
    layer_scales,
    most_confident_mistakes,
    per_class_accuracy,
)
from backprop.network import Network
from backprop.rounding import gamma


def test_confusion_matrix_of_known_predictions():
    labels = np.array([0, 0, 1, 1, 1, 2, 2])
    predictions = np.array([0, 1, 1, 1, 2, 2, 0])
    expected = np.array([[1, 1, 0],
                         [0, 2, 1],
                         [1, 0, 1]])
    m = confusion_matrix(labels, predictions, classes=3)
    np.testing.assert_array_equal(m, expected)
    assert m.dtype == np.int64
    assert m.sum() == labels.size
    # rows are true classes: transposing the arguments transposes the matrix
    np.testing.assert_array_equal(confusion_matrix(predictions, labels, classes=3), expected.T)


def test_confusion_matrix_counts_repeated_pairs():
    # np.add.at, not fancy assignment: three identical (true, predicted) pairs count 3
    m = confusion_matrix(np.array([4, 4, 4]), np.array([9, 9, 9]))
    assert m[4, 9] == 3 and m.sum() == 3 and m.shape == (10, 10)


@pytest.mark.parametrize(
    "labels, predictions",
    [
        (np.array([0, 1]), np.array([0])),          # lengths differ
        (np.array([0, 10]), np.array([0, 1])),      # label out of range
        (np.array([0, 1]), np.array([-1, 1])),      # prediction out of range
        (np.array([0.0, 1.0]), np.array([0, 1])),   # not integers
    ],
)
def test_confusion_matrix_rejects_bad_input(labels, predictions):
    with pytest.raises(ValueError):
        confusion_matrix(labels, predictions)


def test_per_class_accuracy():
    m = np.array([[3, 1], [0, 0]])
    acc = per_class_accuracy(m)
    assert acc[0] == pytest.approx(0.75)
    assert np.isnan(acc[1])


def test_most_confident_mistakes_order_and_content():
    labels = np.array([0, 1, 2, 0, 1])
    probabilities = np.array([
        [0.9, 0.05, 0.05],  # right
        [0.7, 0.2, 0.1],    # wrong: predicted 0 with 0.7
        [0.1, 0.6, 0.3],    # wrong: predicted 1 with 0.6
        [0.05, 0.05, 0.9],  # wrong: predicted 2 with 0.9
        [0.1, 0.8, 0.1],    # right
    ])
    mistakes = most_confident_mistakes(labels, probabilities, count=10)
    assert mistakes == [
        Mistake(3, 0, 2, 0.9),
        Mistake(1, 1, 0, 0.7),
        Mistake(2, 2, 1, 0.6),
    ]
    assert most_confident_mistakes(labels, probabilities, count=1) == [Mistake(3, 0, 2, 0.9)]
    assert most_confident_mistakes(labels, probabilities, count=0) == []


def test_most_confident_mistakes_ties_keep_row_order():
    labels = np.array([1, 1, 1])
    probabilities = np.array([[0.6, 0.4], [0.6, 0.4], [0.6, 0.4]])
    assert [m.index for m in most_confident_mistakes(labels, probabilities)] == [0, 1, 2]


def test_most_confident_mistakes_none_when_all_right():
    labels = np.array([0, 1])
    assert most_confident_mistakes(labels, np.eye(2)) == []


def test_most_confident_mistakes_shape_check():
    with pytest.raises(ValueError):
        most_confident_mistakes(np.array([0, 1]), np.ones((3, 2)) / 2)


def test_layer_scales_match_a_hand_computation():
    net = Network((4, 3, 2), dtype=np.float64, seed=1)
    x = np.random.default_rng(0).normal(size=(5, 4))
    z1 = x @ net.weights[0] + net.biases[0]
    a1 = np.maximum(z1, 0)
    z2 = a1 @ net.weights[1] + net.biases[1]
    expected = [np.sqrt(np.mean(a1**2)), np.sqrt(np.mean(z2**2))]
    # the same sums in another order (backprop.rounding)
    n = 2 * sum(net.sizes) + len(x)
    np.testing.assert_allclose(layer_scales(net, x), expected, rtol=2 * gamma(n))


def test_dead_units():
    net = Network((2, 4, 3, 2), dtype=np.float64, seed=0)
    net.weights[0][:] = 1.0
    net.biases[0][:] = 0.0
    net.weights[0][:, 1] = -1.0        # neuron 1 of layer 1: z = -(x1 + x2) < 0 for x > 0
    net.weights[1][:] = 1.0
    net.biases[1][:] = [0.0, -100.0, 0.0]   # neuron 1 of layer 2 is dead for small inputs
    x = np.array([[0.5, 0.5], [1.0, 0.2]])
    assert dead_units(net, x) == [pytest.approx(0.25), pytest.approx(1 / 3)]
    assert dead_units(net, -x) == [pytest.approx(0.75), pytest.approx(1 / 3)]
    net.biases[1][:] = -100.0
    assert dead_units(net, x) == [pytest.approx(0.25), pytest.approx(1.0)]
