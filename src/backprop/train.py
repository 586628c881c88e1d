"""Mini-batch stochastic gradient descent on a `Network`, the step of eq. (z0-step):

    θ ← θ − η ∂C/∂θ                           (plain SGD; note 000's iteration)
    v ← μ v − η ∂C/∂θ,  θ ← θ + v              (with momentum μ)

`sgd_step` is one such step on one mini-batch; `train` runs epochs of them. Each epoch shuffles
the training rows with a seeded generator and walks them in mini-batches, with η from a
`Schedule` (constant, step or cosine, with an optional warm-up) and, optionally, each batch
randomly shifted and rotated (`backprop.augment`). A validation split, carved from the
training rows by `validation_split`, gives a validation loss after every epoch; with
``patience`` training stops when it has not improved for that many epochs, and the weights of
its best epoch are restored. Training also stops after ``epochs`` epochs, or earlier by note
000's stopping rule: a maximum number of iterations (steps), or the epoch's loss changing by
less than a tolerance. `DEFAULTS` holds the default options, which the command line shares.
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

from backprop.augment import image_side, shift_and_rotate
from backprop.network import Network
from backprop.schedule import Schedule

INITIAL_LOSS_ROWS = 4096
"""`History.loss[0]` is the cost of the untrained network on at most this many training rows:
every ⌈n/4096⌉-th row, the whole set when it has no more rows (the embedded subset's 4,000)."""


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the message names the epoch, step and learning rate."""

    def __init__(self, message: str, loss: float = math.nan) -> None:
        super().__init__(message)
        self.loss = loss


@dataclass(frozen=True)
class Defaults:
    """The default training options of `train` and of ``python -m backprop train``."""

    epochs: int = 30
    learning_rate: float = 0.05
    batch_size: int = 32
    momentum: float = 0.9
    schedule: str = "cosine"
    warmup: int = 0
    validation: float = 0.0
    patience: int | None = None
    augment: bool = True


DEFAULTS = Defaults()
"""The one source of the default options. They were chosen by validation accuracy alone
(``tools/choose_defaults.py``: 72 candidates, 3 seeds each, on a stratified 10% of the
training digits held out); the README gives what they reach on the test digits."""


@dataclass
class History:
    """What happened, epoch by epoch (epoch 0 is the untrained network).

    ``loss`` is the cost on the training rows (mean over the epoch's mini-batches, as seen
    during the epoch; for epoch 0, on at most `INITIAL_LOSS_ROWS` of them); ``learning_rate``
    is η at each epoch's first step (NaN for epoch 0); accuracies are fractions in [0, 1]
    (test ones are empty without a test set, validation ones without a validation split).
    ``best_epoch`` is the epoch whose weights early stopping restored (None without
    ``patience``); ``stopped`` says which rule ended the run.
    """

    epoch: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    learning_rate: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    steps: int = 0
    stopped: str = ""
    best_epoch: int | None = None

    @property
    def final_test_accuracy(self) -> float:
        """The test accuracy of the network `train` returned (NaN without a test set): after
        the last epoch, or after ``best_epoch`` when early stopping restored that one."""
        if not self.test_accuracy:
            return float("nan")
        return self.test_accuracy[-1 if self.best_epoch is None else self.best_epoch]


def sgd_step(net: Network, x: np.ndarray, t: np.ndarray, learning_rate: float, *,
             momentum: float = 0.0, velocity: list[np.ndarray] | None = None,
             check: bool = True) -> float:
    """One SGD step on the mini-batch (x, t), eq. (z0-step); returns the batch's cost before it.

    ``x`` holds the inputs as rows, ``t`` the one-hot targets (`Network.targets`). With
    ``momentum`` μ > 0, ``velocity`` is the list of v's, one per parameter in the order
    ``net.weights + net.biases`` (start from zeros), updated in place. ``check=False`` skips
    the input check (``x`` must then already be a finite array of the network's dtype).
    Raises `TrainingDiverged`, leaving the parameters untouched, when the cost is NaN or
    infinite.
    """
    fwd = net.forward(x, check=check)
    loss = net.cost_of(fwd, t)
    if not math.isfinite(loss):
        raise TrainingDiverged(f"loss became {loss} (learning rate {learning_rate})", loss)
    grads = net.backward(fwd, t)
    params = net.weights + net.biases
    steps = grads.weights + grads.biases
    if momentum:
        if velocity is None or len(velocity) != len(params):
            raise ValueError("momentum needs a velocity: one array per parameter, "
                             "in the order net.weights + net.biases")
        for p, v, g in zip(params, velocity, steps, strict=True):
            g *= learning_rate
            v *= momentum
            v -= g
            p += v
    else:
        for p, g in zip(params, steps, strict=True):
            g *= learning_rate
            p -= g
    return loss


def validation_split(labels: np.ndarray, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (training, validation), stratified: ``round(fraction × count)`` rows of
    every class go to validation, drawn by a generator of fixed seed 0, so that the split is
    the same whatever the training seed. Both index arrays are sorted."""
    labels = np.asarray(labels)
    if not 0 < fraction < 1:
        raise ValueError(f"the validation fraction must lie strictly between 0 and 1, "
                         f"got {fraction}")
    rng = np.random.default_rng(0)
    chosen = [rng.choice(rows, round(fraction * rows.size), replace=False)
              for rows in (np.flatnonzero(labels == c) for c in np.unique(labels))]
    val = np.sort(np.concatenate(chosen))
    if val.size == 0 or val.size == labels.size:
        raise ValueError(f"a validation fraction of {fraction} of {labels.size} rows leaves "
                         "one side empty")
    keep = np.ones(labels.size, dtype=bool)
    keep[val] = False
    return np.flatnonzero(keep), val


def train(
    net: Network,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    *,
    epochs: int = DEFAULTS.epochs,
    learning_rate: float = DEFAULTS.learning_rate,
    batch_size: int = DEFAULTS.batch_size,
    momentum: float = DEFAULTS.momentum,
    schedule: str = DEFAULTS.schedule,
    warmup: int = DEFAULTS.warmup,
    validation: float = DEFAULTS.validation,
    patience: int | None = DEFAULTS.patience,
    augment: bool = DEFAULTS.augment,
    seed: int = 0,
    max_iterations: int | None = None,
    tolerance: float | None = None,
    progress: bool = True,
    evaluate: bool = True,
) -> History:
    """Train ``net`` in place by mini-batch SGD and return its `History`.

    ``schedule`` ("constant", "step" or "cosine") sets η step by step over the planned
    ``epochs``, after ``warmup`` epochs of linear warm-up (`Schedule`). ``validation`` > 0
    holds out that fraction of the training rows (`validation_split`) and records the
    validation loss and accuracy after every epoch; ``patience`` (which needs it) stops when
    the validation loss has not improved for that many epochs and restores the weights of
    the best epoch. ``augment`` shifts and rotates every mini-batch at random
    (`augment.shift_and_rotate`). ``max_iterations`` caps the number of SGD steps;
    ``tolerance`` stops when the epoch loss changes by less than it (note 000's "difference
    between this step vs previous is negligible"). ``evaluate=False`` skips the per-epoch
    training and test accuracies (for benchmarks). Everything random is drawn from generators
    seeded by ``seed``. Raises `TrainingDiverged` when a mini-batch loss is NaN or infinite.
    """
    if epochs < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs}")
    if not (learning_rate > 0 and np.isfinite(learning_rate)):
        raise ValueError(f"learning rate must be a positive number, got {learning_rate}")
    if batch_size < 1:
        raise ValueError(f"batch size must be >= 1, got {batch_size}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
    if warmup < 0 or (warmup and warmup >= epochs):
        raise ValueError(f"warm-up must last 0 or more epochs, fewer than the run's {epochs}, "
                         f"got {warmup}")
    if patience is not None and (patience < 1 or not validation):
        raise ValueError(f"patience must be >= 1 and needs a validation split, got patience "
                         f"{patience} with validation {validation}")
    x = net.check_inputs(x_train)
    t = net.targets(y_train)
    if t.shape[0] != x.shape[0]:
        raise ValueError(f"{x.shape[0]} training inputs but {t.shape[0]} labels")
    labels = np.asarray(y_train)
    if augment:
        image_side(x.shape[1])
    has_test = x_test is not None and y_test is not None
    if x_test is not None and y_test is not None:
        x_test = net.check_inputs(x_test)
        if np.asarray(y_test).shape != (x_test.shape[0],):
            raise ValueError(f"{x_test.shape[0]} test inputs but labels of shape "
                             f"{np.asarray(y_test).shape}")
    held_out: tuple[np.ndarray, np.ndarray] | None = None
    if validation:
        keep, held = validation_split(labels, validation)
        held_out = x[held], t[held]
        x, t, labels = x[keep], t[keep], labels[keep]
    rng = np.random.default_rng(seed)
    augment_rng = np.random.default_rng([seed, 1])  # its own stream: shuffling stays the same
    n = x.shape[0]
    steps_per_epoch = -(-n // batch_size)
    total_steps = max(1, epochs * steps_per_epoch)
    if max_iterations is not None:
        total_steps = max(1, min(total_steps, max_iterations))
    eta = Schedule(float(learning_rate), schedule, total_steps, round(warmup * steps_per_epoch))
    velocity = [np.zeros_like(p) for p in net.weights + net.biases] if momentum else None

    history = History()
    start = time.perf_counter()
    history.epoch.append(0)
    stride = -(-n // INITIAL_LOSS_ROWS)
    fwd = net.forward(x[::stride], check=False)
    history.loss.append(net.cost_of(fwd, t[::stride]))
    history.learning_rate.append(float("nan"))
    history.seconds.append(0.0)
    if evaluate:  # on the whole set, the training predictions come from that forward pass
        _record_accuracy(net, history, x, labels, x_test, y_test, has_test,
                         train_predicted=fwd.y_hat.argmax(axis=1) if stride == 1 else None)
    del fwd
    best_loss, best_params = math.inf, None
    if held_out is not None:
        best_loss = _record_validation(net, history, *held_out)
        best_params = [p.copy() for p in net.weights + net.biases] if patience else None
        history.best_epoch = 0 if patience else None

    bar = tqdm(range(1, epochs + 1), desc="training", unit="epoch", disable=not progress)
    history.stopped = f"{epochs} epochs"
    for epoch in bar:
        order = rng.permutation(n)
        total, batches = 0.0, 0
        history.learning_rate.append(eta(history.steps))
        with np.errstate(over="ignore", invalid="ignore"):  # divergence raises below
            for lo in range(0, n, batch_size):
                idx = order[lo : lo + batch_size]
                xb = shift_and_rotate(x[idx], augment_rng) if augment else x[idx]
                lr = eta(history.steps)
                try:
                    total += sgd_step(net, xb, t[idx], lr, momentum=momentum,
                                      velocity=velocity, check=False)
                except TrainingDiverged as err:
                    raise TrainingDiverged(
                        f"loss became {err.loss} at epoch {epoch}, step {history.steps + 1} "
                        f"(learning rate {lr}): lower the learning rate or use a smaller "
                        "initialisation", err.loss) from None
                batches += 1
                history.steps += 1
                if max_iterations is not None and history.steps >= max_iterations:
                    break
        history.epoch.append(epoch)
        history.loss.append(total / batches)
        history.seconds.append(time.perf_counter() - start)
        if evaluate:
            _record_accuracy(net, history, x, labels, x_test, y_test, has_test)
            postfix = {"loss": f"{history.loss[-1]:.4f}"}
            if has_test:
                postfix["test acc"] = f"{history.test_accuracy[-1]:.2%}"
            bar.set_postfix(postfix)
        if held_out is not None:
            val_loss = _record_validation(net, history, *held_out)
            if best_params is not None and val_loss < best_loss:
                best_loss, history.best_epoch = val_loss, epoch
                for kept, p in zip(best_params, net.weights + net.biases, strict=True):
                    np.copyto(kept, p)
            if patience and history.best_epoch is not None \
                    and epoch - history.best_epoch >= patience:
                history.stopped = (f"validation loss not improved for {patience} epochs "
                                   f"(best: epoch {history.best_epoch})")
                break
        if max_iterations is not None and history.steps >= max_iterations:
            history.stopped = f"maximum of {max_iterations} iterations"
            break
        # Epoch 1's loss is measured before (at epoch 0) or during its first steps, from the
        # same parameters as epoch 0's: the first change that says anything is epoch 2's.
        if (tolerance is not None and epoch >= 2
                and abs(history.loss[-1] - history.loss[-2]) < tolerance):
            history.stopped = f"loss changed by less than {tolerance}"
            break
    bar.close()
    if best_params is not None:  # early stopping: the network of the best validation loss
        for p, kept in zip(net.weights + net.biases, best_params, strict=True):
            np.copyto(p, kept)
    return history


def _record_validation(net: Network, history: History, x_val: np.ndarray,
                       t_val: np.ndarray) -> float:
    fwd = net.forward(x_val, check=False)
    loss = net.cost_of(fwd, t_val)
    history.val_loss.append(loss)
    history.val_accuracy.append(float(np.mean(fwd.y_hat.argmax(axis=1) == t_val.argmax(axis=1))))
    return loss


def _record_accuracy(net: Network, history: History, x: np.ndarray, y: np.ndarray,
                     x_test: np.ndarray | None, y_test: np.ndarray | None, has_test: bool,
                     train_predicted: np.ndarray | None = None) -> None:
    if train_predicted is None:
        history.train_accuracy.append(net.accuracy(x, y))
    else:
        history.train_accuracy.append(float(np.mean(train_predicted == np.asarray(y))))
    if has_test and x_test is not None and y_test is not None:
        history.test_accuracy.append(net.accuracy(x_test, y_test))
