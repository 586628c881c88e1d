"""The training options of issue 19: schedule, validation split, early stopping, augmentation,
the public `sgd_step`, and the defaults of `train` (plain SGD) and of the command line."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest
from conftest import blobs

from backprop.augment import shift_and_rotate, transform
from backprop.cli import build_parser
from backprop.network import Network
from backprop.schedule import Schedule
from backprop.train import (
    PLAIN_SGD,
    RECOMMENDED,
    TrainingDiverged,
    sgd_step,
    train,
    validation_split,
)

# -- the schedule -------------------------------------------------------------------------------


def test_schedule_values_at_given_steps():
    # Values chosen so that every product below is exact in binary floating point.
    step = Schedule(0.5, "step", total=100)
    assert [step(s) for s in (0, 49, 50, 74, 75, 99)] == [0.5, 0.5, 0.05, 0.05, 0.005, 0.005]
    cosine = Schedule(0.5, "cosine", total=100)
    assert cosine(0) == 0.5
    assert cosine(50) == pytest.approx(0.25, abs=1e-15)  # cos(π/2) is 6e-17, not 0
    assert cosine(99) == pytest.approx(0.25 * (1 + math.cos(math.pi * 0.99)), rel=1e-15)
    warm = Schedule(0.5, "cosine", total=110, warmup=10)
    assert [warm(s) for s in (0, 4, 9)] == [0.05, 0.25, 0.5]
    assert warm(10) == 0.5 and warm(60) == pytest.approx(0.25, abs=1e-15)
    assert all(Schedule(0.5, total=10)(s) == 0.5 for s in range(10))
    with pytest.raises(ValueError, match="schedule must be one of"):
        Schedule(0.5, "linear", total=10)
    with pytest.raises(ValueError, match="warm-up"):
        Schedule(0.5, total=10, warmup=10)


def test_train_follows_the_schedule():
    x, y = blobs(d=16)
    hist = train(Network((16, 8, 3)), x, y, epochs=4, learning_rate=0.4, batch_size=50,
                 momentum=0.0, schedule="step", augment=False, progress=False)
    # 4 steps an epoch, 16 in all: η/10 from step 8, η/100 from step 12 (epoch 4's first)
    assert hist.learning_rate[1:] == [0.4, 0.4, 0.4 * 0.1, 0.4 * 0.01]


# -- the validation split and early stopping -------------------------------------------------------


def test_validation_split_is_stratified_and_fixed():
    labels = np.repeat(np.arange(10), [400 + 7 * c for c in range(10)])
    keep, val = validation_split(labels, 0.1)
    assert np.array_equal(np.sort(np.concatenate([keep, val])), np.arange(labels.size))
    counts = np.bincount(labels[val], minlength=10)
    assert counts.tolist() == [round(0.1 * (400 + 7 * c)) for c in range(10)]
    again, val_again = validation_split(labels, 0.1)
    assert np.array_equal(val, val_again) and np.array_equal(keep, again)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        validation_split(labels, 1.0)


def test_early_stopping_restores_the_best_weights():
    # Too large a learning rate: the validation loss improves, then wanders; the weights kept
    # must be those of the epoch with the lowest validation loss, recomputed here from them.
    x, y = blobs(n=300, d=16, seed=1)
    y[::4] = (y[::4] + 1) % 3  # label noise, so that the validation loss can get worse
    net = Network((16, 32, 3), seed=2, dtype=np.float64)
    hist = train(net, x, y, epochs=40, learning_rate=0.5, batch_size=10, momentum=0.9,
                 validation=0.2, patience=3, schedule="constant",
                 augment=False, progress=False)
    best = hist.best_epoch
    assert best is not None and hist.val_loss[best] == min(hist.val_loss)
    assert hist.epoch[-1] - best == 3 and hist.stopped.startswith("validation loss not improved")
    keep, val = validation_split(y, 0.2)
    assert net.cost(x[val], y[val]) == hist.val_loss[best]
    assert hist.val_loss[-1] > hist.val_loss[best]


def test_patience_needs_a_validation_split_and_warmup_a_longer_run():
    x, y = blobs(d=16)
    with pytest.raises(ValueError, match="needs a validation split"):
        train(Network((16, 8, 3)), x, y, patience=2, augment=False, progress=False)
    with pytest.raises(ValueError, match="fewer than the run's 3"):
        train(Network((16, 8, 3)), x, y, epochs=3, warmup=3, augment=False, progress=False)


# -- augmentation ----------------------------------------------------------------------------------


def test_an_augmented_image_is_a_shifted_copy():
    rng = np.random.default_rng(0)
    images = rng.random((3, 28 * 28)).astype(np.float32)
    out = transform(images, np.array([[1, -2], [0, 0], [-2, 2]]), np.zeros(3))
    first = np.zeros((28, 28), np.float32)
    first[1:, :-2] = images[0].reshape(28, 28)[:-1, 2:]  # one row down, two columns left
    third = np.zeros((28, 28), np.float32)
    third[:-2, 2:] = images[2].reshape(28, 28)[2:, :-2]
    assert np.array_equal(out[0].reshape(28, 28), first)
    assert np.array_equal(out[1], images[1])
    assert np.array_equal(out[2].reshape(28, 28), third)
    assert out.dtype == np.float32


def test_a_quarter_turn_is_a_rotation_and_random_ones_are_seeded():
    images = np.random.default_rng(1).random((2, 28 * 28))
    turned = transform(images, np.zeros((2, 2)), np.array([90.0, -90.0]))
    # cos 90° is 6e-17, not 0: bilinear weights off 0/1 by that much, times pixels ≤ 1
    assert np.allclose(turned[0].reshape(28, 28), np.rot90(images[0].reshape(28, 28), -1),
                       rtol=0, atol=1e-14)
    assert np.allclose(turned[1].reshape(28, 28), np.rot90(images[1].reshape(28, 28), 1),
                       rtol=0, atol=1e-14)
    a = shift_and_rotate(images, np.random.default_rng(5))
    b = shift_and_rotate(images, np.random.default_rng(5))
    assert np.array_equal(a, b) and not np.array_equal(a, images)
    with pytest.raises(ValueError, match="square"):
        transform(np.zeros((1, 10)), np.zeros((1, 2)), np.zeros(1))


def test_all_options_are_deterministic_with_a_seed():
    rng = np.random.default_rng(3)
    x, y = rng.random((120, 28 * 28)), rng.integers(0, 10, 120)
    runs = []
    for seed in (7, 7, 8):
        net = Network((784, 16, 10), seed=0)
        hist = train(net, x, y, epochs=3, learning_rate=0.05, batch_size=16, momentum=0.9,
                     schedule="cosine", warmup=1, validation=0.25, patience=2, augment=True,
                     seed=seed, progress=False)
        runs.append((net.weights[0].copy(), hist.val_loss))
    assert np.array_equal(runs[0][0], runs[1][0]) and runs[0][1] == runs[1][1]
    assert not np.array_equal(runs[0][0], runs[2][0])


# -- sgd_step and the shared defaults ----------------------------------------------------------


def test_train_is_a_loop_of_sgd_steps():
    x, y = blobs(d=16)
    by_train = Network((16, 8, 3), seed=1)
    train(by_train, x, y, epochs=2, learning_rate=0.1, batch_size=32, momentum=0.9, seed=4,
          schedule="constant", augment=False, progress=False, evaluate=False)
    by_hand = Network((16, 8, 3), seed=1)
    velocity = [np.zeros_like(p) for p in by_hand.weights + by_hand.biases]
    xs, t, rng = by_hand.check_inputs(x), by_hand.targets(y), np.random.default_rng(4)
    for _ in range(2):
        order = rng.permutation(len(y))
        for lo in range(0, len(y), 32):
            idx = order[lo : lo + 32]
            sgd_step(by_hand, xs[idx], t[idx], 0.1, momentum=0.9, velocity=velocity)
    for a, b in zip(by_train.weights + by_train.biases, by_hand.weights + by_hand.biases,
                    strict=True):
        assert np.array_equal(a, b)


def test_sgd_step_is_the_gradient_step_and_refuses_divergence():
    x, y = blobs(n=20, d=16)
    net = Network((16, 4, 3), dtype=np.float64)
    t = net.targets(y)
    before = [w.copy() for w in net.weights]
    grads, cost = net.gradients(x, y), net.cost(x, y)
    assert sgd_step(net, x, t, 0.25) == cost
    for w, w0, g in zip(net.weights, before, grads.weights, strict=True):
        assert np.array_equal(w, w0 - 0.25 * g)
    with pytest.raises(ValueError, match="velocity"):
        sgd_step(net, x, t, 0.1, momentum=0.9)
    net.weights[0][0, 0] = np.inf
    kept = net.weights[1].copy()
    with pytest.raises(TrainingDiverged), np.errstate(invalid="ignore", over="ignore"):
        sgd_step(net, x, t, 0.1)
    assert np.array_equal(net.weights[1], kept)


def test_the_command_line_trains_with_the_recommended_options_and_train_with_plain_sgd():
    args = build_parser().parse_args(["train"])
    assert (args.epochs, args.lr, args.batch_size, args.momentum, args.schedule, args.warmup,
            args.val, args.patience, args.augment) == (
        RECOMMENDED.epochs, RECOMMENDED.learning_rate, RECOMMENDED.batch_size,
        RECOMMENDED.momentum, RECOMMENDED.schedule, RECOMMENDED.warmup,
        RECOMMENDED.validation, RECOMMENDED.patience, RECOMMENDED.augment)
    defaults = {name: p.default for name, p in inspect.signature(train).parameters.items()}
    for field, value in vars(PLAIN_SGD).items():
        assert defaults[field] == value, field
    assert PLAIN_SGD.momentum == 0 and PLAIN_SGD.schedule == "constant" and not PLAIN_SGD.augment
    args = build_parser().parse_args(["train", "--schedule", "cosine", "--warmup", "1", "--val",
                                      "0.1", "--patience", "3", "--augment"])
    assert (args.schedule, args.warmup, args.val, args.patience, args.augment) == (
        "cosine", 1, 0.1, 3, True)
