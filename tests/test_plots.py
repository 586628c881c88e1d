"""backprop.plots: each function returns a Figure with the expected axes, images and lines."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import plots  # noqa: E402
from backprop.metrics import Mistake, confusion_matrix  # noqa: E402
from backprop.train import History  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def history(shift: float = 0.0, epochs: int = 4, test: bool = True) -> History:
    h = History()
    for e in range(epochs + 1):
        h.epoch.append(e)
        h.loss.append(2.3 / (e + 1) + shift)
        h.train_accuracy.append(min(1.0, 0.1 + 0.2 * e))
        if test:
            h.test_accuracy.append(min(1.0, 0.1 + 0.18 * e))
        h.seconds.append(0.1 * e)
    return h


def visible_images(fig: Figure) -> list:
    return [im for ax in fig.axes for im in ax.get_images()]


def test_training_curves_one_history():
    h = history()
    fig = plots.training_curves(h, title="one run")
    assert isinstance(fig, Figure)
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_yscale() == "log"
    (loss_line,) = loss_ax.get_lines()
    np.testing.assert_array_equal(loss_line.get_ydata(), h.loss)
    # test solid, train dashed
    styles = [line.get_linestyle() for line in acc_ax.get_lines()]
    assert styles == ["-", "--"]
    assert [t.get_text() for t in acc_ax.get_legend().get_texts()] == ["test", "train"]
    assert fig._suptitle.get_text() == "one run"


def test_training_curves_several_runs_and_seeds():
    runs = {"a": history(), "b": [history(0.1), history(0.2), history(0.3)]}
    fig = plots.training_curves(runs, show_train=False)
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.get_lines()) == 4
    assert len(acc_ax.get_lines()) == 4  # test accuracy only
    # one legend entry per run, not per seed, on the accuracy panel
    assert [t.get_text() for t in acc_ax.get_legend().get_texts()] == ["a", "b"]
    assert acc_ax.get_title() == "Accuracy (test digits)"
    # the three seeds of "b" share one colour, different from "a"
    colours = [line.get_color() for line in loss_ax.get_lines()]
    assert colours[1] == colours[2] == colours[3] != colours[0]


def test_training_curves_accuracy_only_and_without_test_set():
    fig = plots.training_curves({"x": history(test=False)}, show_loss=False, accuracy_floor=0.5)
    (ax,) = fig.axes
    assert [line.get_linestyle() for line in ax.get_lines()] == ["--"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x"]
    assert ax.get_ylim()[0] == 0.5


def test_digit_grid_marks_wrong_predictions():
    rng = np.random.default_rng(0)
    images = rng.uniform(size=(12, 784))
    labels = np.arange(12) % 10
    predictions = labels.copy()
    predictions[[2, 5]] = 0
    fig = plots.digit_grid(images, labels, predictions, columns=5)
    assert len(fig.axes) == 15  # 3 rows of 5
    assert len(visible_images(fig)) == 12
    assert visible_images(fig)[0].get_array().shape == (28, 28)
    red = [ax.get_title() for ax in fig.axes if ax.get_images() and ax.title.get_color() == "red"]
    assert red == ["pred. 0\ntrue 2", "pred. 0\ntrue 5"]
    with pytest.raises(ValueError):
        plots.digit_grid(images, labels[:3], predictions)


def test_mistakes_grid():
    images = np.zeros((5, 784))
    images[3, :10] = 1.0
    mistakes = [Mistake(3, 0, 2, 0.9), Mistake(1, 1, 0, 0.7)]
    fig = plots.mistakes_grid(images, mistakes, columns=4)
    shown = visible_images(fig)
    assert len(shown) == 2
    np.testing.assert_array_equal(shown[0].get_array().ravel(), images[3])
    assert fig.axes[0].get_title() == "true 0 → 2\n(90.0%)"


def test_weight_images():
    w = np.random.default_rng(1).normal(size=(784, 20))
    fig = plots.weight_images(w, columns=8, count=16)
    images = visible_images(fig)
    assert len(images) == 16
    np.testing.assert_array_equal(images[5].get_array(), w[:, 5].reshape(28, 28))
    # one symmetric colour scale shared by every image, shown in a colour bar
    limits = {im.get_clim() for im in images}
    limit = float(np.max(np.abs(w[:, :16])))
    assert limits == {(-limit, limit)}
    assert len(fig.axes) == 2 * 8 + 1
    with pytest.raises(ValueError):
        plots.weight_images(np.zeros((100, 3)))


def test_confusion_matrix_plot_writes_every_count():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predictions = np.array([0, 1, 1, 2, 0, 2])
    m = confusion_matrix(labels, predictions, classes=3)
    fig = plots.confusion_matrix_plot(m, title="cm")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == [str(v) for v in m.ravel()]
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"
    shaded = ax.get_images()[1].get_array()
    assert np.ma.getmaskarray(shaded).diagonal().all()  # the diagonal is off the colour scale
    assert shaded[0, 1] == 1 and shaded[2, 0] == 1


def test_sweep_plot_marks_diverged_runs():
    fig = plots.sweep_plot([0.01, 0.1, 1.0], {"test": [0.8, 0.9, float("nan")]},
                           xlabel="learning rate", ylabel="accuracy")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[1].get_xdata(), [1.0])


def test_layer_scale_plot():
    fig = plots.layer_scale_plot({"a": [1, 10, 100], "b": [1, 1, 1]}, ["a1", "a2", "z3"])
    ax = fig.axes[0]
    assert len(ax.patches) == 6
    assert ax.get_yscale() == "log"


def test_error_vs_step():
    h = np.logspace(-8, -1, 8)
    fig = plots.error_vs_step(h, {"float64": h**2 + 1e-16 / h}, references={"h²": h**2},
                              marks={"kink": 1e-4})
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 3  # measured, reference, vertical mark
    measured, reference, _ = ax.get_lines()
    assert reference.get_color() == measured.get_color() and reference.get_linestyle() == ":"
    # the range follows the measured curve, not the reference
    errors = h**2 + 1e-16 / h
    np.testing.assert_allclose(ax.get_ylim(), (errors.min() / 10, errors.max() * 10))


def test_training_curves_names_a_run_once():
    fig = plots.training_curves({"run": history()})
    acc_ax = fig.axes[1]
    assert len(acc_ax.get_lines()) == 2
    assert [t.get_text() for t in acc_ax.get_legend().get_texts()] == ["run"]
