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
less than a tolerance. `train`'s defaults are `PLAIN_SGD`, the notes' iteration; the command
line's are `RECOMMENDED`.
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

    def __init__(self, message: str, loss: float = math.nan) -> None:
        super().__init__(message)
        self.loss = loss


@dataclass(frozen=True)
class TrainingOptions:
    """The options of `train` that choose how it trains (see `train` for each)."""

    epochs: int = 10
    learning_rate: float = 0.1
    batch_size: int = 32
    momentum: float = 0.0
    schedule: str = "constant"
    warmup: int = 0
    validation: float = 0.0
    patience: int | None = None
    augment: bool = False


PLAIN_SGD = TrainingOptions()
"""`train`'s defaults: note 000's iteration θ ← θ − η ∂C/∂θ on shuffled mini-batches, with a
constant η and nothing added (no momentum, schedule, validation split or augmentation). It is
what the notes derive and what the book's pages run, on any inputs, images or not."""

RECOMMENDED = TrainingOptions(epochs=30, learning_rate=0.05, momentum=0.9, schedule="cosine",
                              augment=True)
"""The command line's defaults, for a reader who wants the most accurate digit classifier the
engine trains in about a minute. They were chosen by validation accuracy alone
(``tools/choose_defaults.py``: 72 candidates, 3 seeds each, on a stratified 10% of the
training digits held out); the README gives what they reach on the test digits. They differ
from `PLAIN_SGD` on purpose: momentum, the cosine schedule and augmentation are not in the
notes, and augmentation only makes sense for 28 × 28 images."""


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
            g *= learning_rate  # step: sgd-rate
            p -= g  # step: sgd-update
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
    epochs: int = PLAIN_SGD.epochs,
    learning_rate: float = PLAIN_SGD.learning_rate,
    batch_size: int = PLAIN_SGD.batch_size,
    momentum: float = PLAIN_SGD.momentum,
    schedule: str = PLAIN_SGD.schedule,
    warmup: int = PLAIN_SGD.warmup,
    validation: float = PLAIN_SGD.validation,
    patience: int | None = PLAIN_SGD.patience,
    augment: bool = PLAIN_SGD.augment,
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
    seeded by ``seed``. Images must lie in the network's ``input_range`` and labels must be
    valid (`Network.check_inputs`, `Network.check_labels`), for the test set too. Raises
    `TrainingDiverged` by the rules of `check_divergence` or when a mini-batch loss is NaN or
    infinite.
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
    x = net.check_inputs(x_train, data=True)
    t = net.targets(y_train, x.shape[0])
    labels = np.asarray(y_train)
    if augment:
        image_side(x.shape[1])
    has_test = x_test is not None and y_test is not None
    if x_test is not None and y_test is not None:
        x_test = net.check_inputs(x_test, data=True)
        y_test = net.check_labels(y_test, x_test.shape[0])
    held_out: tuple[np.ndarray, np.ndarray] | None = None
    if validation:
        keep, held = validation_split(labels, validation)
        held_out = x[held], t[held]
        x, t, labels = x[keep], t[keep], labels[keep]
    constant_accuracy = float(t.sum(axis=0).max()) / x.shape[0]
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
                        f"(rule: loss not finite; learning rate {lr}): lower the learning rate "
                        "or use a smaller initialisation", err.loss) from None
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
        check_divergence(history, epoch, lr, constant_accuracy)
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
