"""Mini-batch stochastic gradient descent on a `Network`, eq. (z0-step):

    θ ← θ − η ∂C/∂θ                           (plain SGD; note 000's iteration)
    v ← μ v − η ∂C/∂θ,  θ ← θ + v              (with momentum μ)

Each epoch shuffles the training rows with a seeded generator and walks them in mini-batches.
Training stops after ``epochs`` epochs, or earlier by note 000's stopping rule: a maximum
number of iterations (steps), or the epoch's loss changing by less than a tolerance.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

with warnings.catch_warnings():
    # tqdm.auto warns (with this machine's path) when ipywidgets is missing in a notebook,
    # then falls back to the text bar; the pages train with progress=False anyway.
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

from backprop.network import Network

RISE = 10.0
"""Divergence: an epoch's mean loss above RISE × max(the untrained network's loss, 1). The floor
of 1 keeps a network that starts already trained (a loss near 0) from tripping the rule on
mini-batch noise; an untrained network's loss is of order 1 for every output layer (softmax
log 10 ≈ 2.3, sigmoid with the quadratic cost 10/8, sigmoid cross-entropy 10 log 2 ≈ 6.9)."""

STALL = 0.5
"""The chance rule needs the epoch's loss above its start by more than this fraction. An
untrained network's loss is that of nearly uninformative outputs; a network at chance whose loss
stays near it has stopped learning (note 000's dead ReLU outputs, which the book shows on
purpose, climb 15% above the start on their way to log 10) but is not diverging; one whose
loss climbs by half again is confidently wrong (η = 5 doubles it in one epoch)."""


class TrainingDiverged(RuntimeError):
    """Training went wrong; the message names the rule, the epoch and the learning rate.

    The rules: a mini-batch loss that is NaN or infinite; an epoch's mean loss above `RISE` ×
    max(the starting loss, 1); or (when accuracies are evaluated) a training accuracy after an
    epoch no better than always answering the most common label while the loss has risen
    above its start (`STALL`).
    """


@dataclass
class History:
    """What happened, epoch by epoch (epoch 0 is the untrained network).

    ``loss`` is the cost on the training set (mean over its mini-batches, as seen during
    the epoch; for epoch 0, on the whole set); accuracies are fractions in [0, 1] (test ones
    are empty when no test set was given). ``stopped`` says which rule ended the run.
    """

    epoch: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    steps: int = 0
    stopped: str = ""

    @property
    def final_test_accuracy(self) -> float:
        """The test accuracy after the last epoch (NaN without a test set)."""
        return self.test_accuracy[-1] if self.test_accuracy else float("nan")


def check_divergence(history: History, epoch: int, lr: float, constant_accuracy: float) -> None:
    """Raise `TrainingDiverged` if the epoch just recorded in ``history`` breaks a rule.

    Uses only what the loop has recorded (no pass over the data). ``constant_accuracy`` is
    the accuracy of always answering the most common training label: chance for this data.
    """
    start, loss = history.loss[0], history.loss[-1]
    hint = "lower the learning rate or use a smaller initialisation"
    if loss > RISE * max(start, 1.0):
        raise TrainingDiverged(
            f"loss rose from {start:.4g} to {loss:.4g} at epoch {epoch}, more than {RISE:g}× "
            f"its start (rule: loss far above its start; learning rate {lr}): {hint}"
        )
    if (len(history.train_accuracy) == len(history.loss) and constant_accuracy < 1
            and history.train_accuracy[-1] <= constant_accuracy
            and loss > start * (1 + STALL)):
        raise TrainingDiverged(
            f"training accuracy {history.train_accuracy[-1]:.2%} at epoch {epoch} is no better "
            f"than always answering the most common label ({constant_accuracy:.2%}) and the loss "
            f"rose from {start:.4g} to {loss:.4g} (rule: accuracy at chance; learning rate "
            f"{lr}): {hint}"
        )


def train(
    net: Network,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    *,
    epochs: int = 10,
    learning_rate: float = 0.1,
    batch_size: int = 32,
    momentum: float = 0.0,
    seed: int = 0,
    max_iterations: int | None = None,
    tolerance: float | None = None,
    progress: bool = True,
    evaluate: bool = True,
) -> History:
    """Train ``net`` in place by mini-batch SGD and return its `History`.

    ``max_iterations`` caps the number of SGD steps; ``tolerance`` stops when the epoch loss
    changes by less than it (note 000's "difference between this step vs previous is
    negligible"). ``evaluate=False`` skips the per-epoch accuracies (for benchmarks).
    Images must lie in the network's ``input_range`` and labels must be valid
    (`Network.check_inputs`, `Network.check_labels`), for the test set too.
    Raises `TrainingDiverged` by the rules of `check_divergence` or when a mini-batch loss is
    NaN or infinite.
    """
    if epochs < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs}")
    if not (learning_rate > 0 and np.isfinite(learning_rate)):
        raise ValueError(f"learning rate must be a positive number, got {learning_rate}")
    if batch_size < 1:
        raise ValueError(f"batch size must be >= 1, got {batch_size}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
    x = net.check_inputs(x_train, data=True)
    t = net.targets(y_train, x.shape[0])
    constant_accuracy = float(t.sum(axis=0).max()) / x.shape[0]
    has_test = x_test is not None and y_test is not None
    if x_test is not None and y_test is not None:
        x_test = net.check_inputs(x_test, data=True)
        y_test = net.check_labels(y_test, x_test.shape[0])
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    lr = float(learning_rate)
    params = net.weights + net.biases
    velocity = [np.zeros_like(p) for p in params] if momentum else []

    history = History()
    start = time.perf_counter()
    history.epoch.append(0)
    fwd = net.forward(x, check=False)
    history.loss.append(net.cost_of(fwd, t))
    history.seconds.append(0.0)
    if evaluate:  # the training-set predictions come from this forward pass, not a second one
        _record_accuracy(net, history, x, y_train, x_test, y_test, has_test,
                         train_predicted=fwd.y_hat.argmax(axis=1))
    del fwd

    bar = tqdm(range(1, epochs + 1), desc="training", unit="epoch", disable=not progress)
    history.stopped = f"{epochs} epochs"
    for epoch in bar:
        order = rng.permutation(n)
        total, batches = 0.0, 0
        for lo in range(0, n, batch_size):
            idx = order[lo : lo + batch_size]
            with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught below
                fwd = net.forward(x[idx], check=False)
            tb = t[idx]
            loss = net.cost_of(fwd, tb)
            if not math.isfinite(loss):
                raise TrainingDiverged(
                    f"loss became {loss} at epoch {epoch}, step {history.steps + 1} "
                    f"(rule: loss not finite; learning rate {lr}): lower the learning rate "
                    "or use a smaller initialisation"
                )
            grads = net.backward(fwd, tb)
            for i, g in enumerate(grads.weights + grads.biases):
                g *= lr  # step: sgd-rate
                if momentum:
                    v = velocity[i]
                    v *= momentum
                    v -= g
                    params[i] += v
                else:
                    params[i] -= g  # step: sgd-update
            total += loss
            batches += 1
            history.steps += 1
            if max_iterations is not None and history.steps >= max_iterations:
                break
        history.epoch.append(epoch)
        history.loss.append(total / batches)
        history.seconds.append(time.perf_counter() - start)
        if evaluate:
            _record_accuracy(net, history, x, y_train, x_test, y_test, has_test)
            postfix = {"loss": f"{history.loss[-1]:.4f}"}
            if has_test:
                postfix["test acc"] = f"{history.test_accuracy[-1]:.2%}"
            bar.set_postfix(postfix)
        check_divergence(history, epoch, lr, constant_accuracy)
        if max_iterations is not None and history.steps >= max_iterations:
            history.stopped = f"maximum of {max_iterations} iterations"
            break
        # Epoch 1's loss is measured before (full batch) or during its first steps, from the
        # same parameters as epoch 0's: the first change that says anything is epoch 2's.
        if (tolerance is not None and epoch >= 2
                and abs(history.loss[-1] - history.loss[-2]) < tolerance):
            history.stopped = f"loss changed by less than {tolerance}"
            break
    bar.close()
    return history


def _record_accuracy(net, history, x, y, x_test, y_test, has_test, train_predicted=None) -> None:
    if train_predicted is None:
        history.train_accuracy.append(net.accuracy(x, y))
    else:
        history.train_accuracy.append(float(np.mean(train_predicted == np.asarray(y))))
    if has_test:
        history.test_accuracy.append(net.accuracy(x_test, y_test))
