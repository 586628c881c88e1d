"""What a trained network gets right and wrong: pure NumPy summaries for the Part V pages.

Confusion matrix, eq. (confusion-matrix):
    M_{i,j} = #{k : label_k = i and prediction_k = j}      (rows: true digit, columns: predicted)
Per-class accuracy (recall):  M_{i,i} / Σ_j M_{i,j}.
Most confident mistakes: the wrongly classified rows, ordered by the probability ŷ_{k, pred_k}
the network gave its (wrong) prediction, highest first.
Signal scale per layer: the root mean square of each layer's output over a batch,
    RMS(a⁽ˡ⁾) = sqrt(mean_{k,n} (a⁽ˡ⁾_{k,n})²),  and RMS(z⁽ᴸ⁾) for the output pre-activation.
Dead units: hidden neurons whose ReLU output is 0 for every row of a batch (their weights then
receive no gradient from that batch: 1[z > 0] = 0 in every term).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop.network import Network


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int = 10) -> np.ndarray:
    """The (classes, classes) integer matrix M, M[i, j] = how many rows of class i were
    predicted as j, eq. (confusion-matrix). ``ValueError`` on mismatched or out-of-range input.
    """
    labels = np.asarray(labels)
    predictions = np.asarray(predictions)
    if labels.shape != predictions.shape or labels.ndim != 1:
        raise ValueError(
            f"labels and predictions must be 1-d of equal length, got {labels.shape} and "
            f"{predictions.shape}"
        )
    for name, values in (("labels", labels), ("predictions", predictions)):
        if not np.issubdtype(values.dtype, np.integer):
            raise ValueError(f"{name} must be integers, got dtype {values.dtype}")
        if values.size and (values.min() < 0 or values.max() >= classes):
            raise ValueError(f"{name} must lie in 0..{classes - 1}")
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def per_class_accuracy(matrix: np.ndarray) -> np.ndarray:
    """M_{i,i} / Σ_j M_{i,j} for each class i (NaN for a class with no rows)."""
    matrix = np.asarray(matrix)
    totals = matrix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(matrix) / np.maximum(totals, 1), np.nan)


@dataclass(frozen=True)
class Mistake:
    """One misclassified row: its index, true label, predicted digit and that digit's ŷ."""

    index: int
    label: int
    predicted: int
    confidence: float


def most_confident_mistakes(
    labels: np.ndarray, probabilities: np.ndarray, count: int = 12
) -> list[Mistake]:
    """The ``count`` misclassified rows whose predicted class had the highest probability.

    ``probabilities`` is the (K, classes) output ŷ (rows sum to 1); the prediction is its
    argmax. Ties keep row order (stable sort), so the selection is deterministic.
    """
    labels = np.asarray(labels)
    probabilities = np.asarray(probabilities)
    if probabilities.ndim != 2 or probabilities.shape[0] != labels.shape[0]:
        raise ValueError(
            f"probabilities must have shape (K, classes) with K = {labels.shape[0]}, "
            f"got {probabilities.shape}"
        )
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities[np.arange(labels.shape[0]), predicted]
    wrong = np.flatnonzero(predicted != labels)
    order = wrong[np.argsort(-confidence[wrong], kind="stable")][:count]
    return [
        Mistake(int(k), int(labels[k]), int(predicted[k]), float(confidence[k])) for k in order
    ]


def layer_scales(net: Network, x: np.ndarray) -> list[float]:
    """RMS of a⁽¹⁾ … a⁽ᴸ⁻¹⁾ (hidden outputs) and of z⁽ᴸ⁾ (output pre-activation) on batch x."""
    fwd = net.forward(x)
    outputs = [*fwd.activations[1:], fwd.z_out]
    return [float(np.sqrt(np.mean(np.square(a, dtype=np.float64)))) for a in outputs]


def dead_units(net: Network, x: np.ndarray) -> list[float]:
    """For each hidden layer, the fraction of its neurons whose output is 0 on every row of x."""
    fwd = net.forward(x)
    return [float(np.mean(np.all(a == 0, axis=0))) for a in fwd.activations[1:]]
