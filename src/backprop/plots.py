"""Figures for the book's pages: each function takes data and returns a matplotlib `Figure`.

Nothing here trains or differentiates: the pages train with `backprop.train`, summarise with
`backprop.metrics`, and hand the results to these functions. Figures are made with
``pyplot`` (so a notebook shows them inline); close them with ``plt.close(fig)`` when drawing
many outside a notebook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from backprop.metrics import Mistake
from backprop.train import History

IMAGE_SHAPE = (28, 28)
"""An MNIST digit: 784 pixels, row by row."""

Runs = History | Mapping[str, History | Sequence[History]]


def _as_runs(runs: Runs) -> dict[str, list[History]]:
    if isinstance(runs, History):
        return {"": [runs]}
    return {label: [h] if isinstance(h, History) else list(h) for label, h in runs.items()}


def training_curves(
    runs: Runs,
    *,
    title: str | None = None,
    show_loss: bool = True,
    log_loss: bool = True,
    show_train: bool = True,
    accuracy_floor: float | None = None,
) -> Figure:
    """Loss (left) and accuracy (right) against the epoch for one or several training runs.

    ``runs`` is one `History`, or a mapping label → `History` (or a list of histories, e.g.
    several seeds, drawn as thin lines of one colour). Each run has one colour, named once in
    the legend of the accuracy panel; test accuracy is a solid line, training accuracy dashed;
    epoch 0 is the untrained network. ``accuracy_floor`` sets the lower limit of the accuracy
    axis (default: automatic), to zoom in on runs that differ little.
    """
    groups = _as_runs(runs)
    ncols = 2 if show_loss else 1
    fig, axes = plt.subplots(1, ncols, figsize=(5.2 * ncols, 3.8), layout="constrained",
                             squeeze=False)
    axes = axes[0]
    ax_acc = axes[-1]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for g, (label, histories) in enumerate(groups.items()):
        colour = colours[g % len(colours)]
        width = 1.2 if len(histories) > 1 else 1.8
        for i, h in enumerate(histories):
            first = i == 0
            if show_loss:
                axes[0].plot(h.epoch, h.loss, color=colour, lw=width)
            if h.test_accuracy:
                name = (label or "test") if first else None
                ax_acc.plot(h.epoch, h.test_accuracy, color=colour, lw=width, label=name)
            if show_train and h.train_accuracy:
                # a named run is named once (on its test line, if any); unnamed: "train"
                name = None
                if first and (not label or not h.test_accuracy):
                    name = label or "train"
                ax_acc.plot(h.epoch, h.train_accuracy, color=colour, lw=width, ls="--",
                            label=name)
    if show_loss:
        axes[0].set(xlabel="epoch", ylabel="training loss C", title="Loss")
        if log_loss:
            axes[0].set_yscale("log")
        axes[0].grid(alpha=0.3)
    styles = "solid: test, dashed: train" if show_train else "test digits"
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title=f"Accuracy ({styles})")
    if accuracy_floor is not None:
        ax_acc.set_ylim(bottom=accuracy_floor)
    ax_acc.yaxis.set_major_formatter(PercentFormatter(1.0))
    if ax_acc.get_legend_handles_labels()[0]:
        ax_acc.legend(fontsize="small", loc="best")
    ax_acc.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    return fig


def _image_grid(
    images: np.ndarray,
    captions: Sequence[str],
    colours: Sequence[str],
    columns: int,
    title: str | None,
    shape: tuple[int, int],
) -> Figure:
    n = len(images)
    rows = max(1, -(-n // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(1.1 * columns, 1.5 * rows + 0.4),
                             layout="constrained", squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, image, caption, colour in zip(axes.flat, images, captions, colours, strict=False):
        ax.imshow(np.asarray(image).reshape(shape), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(caption, fontsize=10, color=colour)
    if title:
        fig.suptitle(title)
    return fig


def digit_grid(
    images: np.ndarray,
    labels: np.ndarray,
    predictions: np.ndarray,
    *,
    columns: int = 10,
    title: str | None = None,
    shape: tuple[int, int] = IMAGE_SHAPE,
) -> Figure:
    """Digits (rows of ``images``) with the network's prediction; wrong ones captioned in red.

    Each caption reads "pred. p" (and "true t" when p is wrong).
    """
    if not len(images) == len(labels) == len(predictions):
        raise ValueError("images, labels and predictions must have the same length")
    captions, colours = [], []
    for label, pred in zip(labels, predictions, strict=True):
        ok = int(label) == int(pred)
        captions.append(f"pred. {pred}" if ok else f"pred. {pred}\ntrue {label}")
        colours.append("black" if ok else "red")
    return _image_grid(np.asarray(images), captions, colours, columns, title, shape)


def mistakes_grid(
    images: np.ndarray,
    mistakes: Sequence[Mistake],
    *,
    columns: int = 6,
    title: str | None = None,
    shape: tuple[int, int] = IMAGE_SHAPE,
) -> Figure:
    """The digits of `metrics.most_confident_mistakes`, captioned "true t → p (ŷ_p %)".

    ``images`` are all the rows the mistakes index into (e.g. the whole test set).
    """
    images = np.asarray(images)
    chosen = images[[m.index for m in mistakes]] if mistakes else images[:0]
    captions = [f"true {m.label} → {m.predicted}\n({m.confidence:.1%})" for m in mistakes]
    return _image_grid(chosen, captions, ["red"] * len(mistakes), columns, title, shape)


def weight_images(
    weights: np.ndarray,
    *,
    columns: int = 16,
    count: int | None = None,
    title: str | None = None,
    label: str = "weight",
    shape: tuple[int, int] = IMAGE_SHAPE,
) -> Figure:
    """The first-layer weights seen as images: column n of W⁽¹⁾ (784 × n₁) drawn as 28 × 28.

    Entry w⁽¹⁾_{i,n} joins pixel i to hidden neuron n, so column n shows which pixels excite
    (red) or inhibit (blue) neuron n. One colour scale for all images (symmetric about 0,
    shown in the colour bar, labelled ``label``), so the images can be compared. The same
    drawing serves for a change of weights, e.g. W⁽¹⁾ after training minus W⁽¹⁾ before.
    """
    weights = np.asarray(weights)
    if weights.ndim != 2 or weights.shape[0] != shape[0] * shape[1]:
        raise ValueError(f"weights must have shape ({shape[0] * shape[1]}, n), got "
                         f"{weights.shape}")
    count = weights.shape[1] if count is None else min(count, weights.shape[1])
    rows = max(1, -(-count // columns))
    limit = float(np.max(np.abs(weights[:, :count]))) or 1.0
    fig, axes = plt.subplots(rows, columns, figsize=(0.75 * columns + 1.0, 0.75 * rows + 0.6),
                             layout="constrained", squeeze=False)
    image = None
    for n, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if n < count:
            image = ax.imshow(weights[:, n].reshape(shape), cmap="RdBu_r", vmin=-limit,
                              vmax=limit)
    if image is not None:
        fig.colorbar(image, ax=axes, shrink=0.8, label=label)
    if title:
        fig.suptitle(title)
    return fig


def confusion_matrix_plot(matrix: np.ndarray, *, title: str | None = None) -> Figure:
    """A confusion matrix (rows: true digit, columns: predicted) with every count written in.

    Off-diagonal cells (the errors) are shaded by their count; the diagonal (correct
    predictions, much larger) is drawn in grey so that it does not swamp the colour scale.
    """
    matrix = np.asarray(matrix)
    classes = matrix.shape[0]
    off = matrix.astype(float).copy()
    np.fill_diagonal(off, np.nan)
    vmax = max(1.0, float(np.nanmax(off)) if classes > 1 else 1.0)
    fig, ax = plt.subplots(figsize=(5.6, 4.8), layout="constrained")
    ax.imshow(np.where(np.eye(classes, dtype=bool), 1.0, np.nan),
              cmap=ListedColormap(["#d9d9d9"]), vmin=0, vmax=1)
    shaded = ax.imshow(off, cmap="Reds", vmin=0, vmax=vmax)
    for i in range(classes):
        for j in range(classes):
            value = int(matrix[i, j])
            dark = i != j and value > 0.6 * vmax
            ax.text(j, i, str(value), ha="center", va="center", fontsize=8,
                    fontweight="bold" if i == j else "normal",
                    color="white" if dark else "black")
    ax.set(xticks=range(classes), yticks=range(classes), xlabel="predicted digit",
           ylabel="true digit", title=title or "Confusion matrix")
    fig.colorbar(shaded, ax=ax, label="misclassified digits (off the diagonal)")
    return fig


def sweep_plot(
    values: Sequence[float],
    results: Mapping[str, Sequence[float]],
    *,
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    logx: bool = True,
    percent: bool = True,
) -> Figure:
    """One or several results (e.g. final test accuracy) against a swept setting.

    NaN results (a run that diverged) are marked with a red cross on the x axis.
    """
    fig, ax = plt.subplots(figsize=(5.6, 3.8), layout="constrained")
    xs = np.asarray(values, dtype=float)
    for label, series in results.items():
        ys = np.asarray(series, dtype=float)
        ax.plot(xs, ys, marker="o", label=label)
        failed = np.isnan(ys)
        if failed.any():
            ax.plot(xs[failed], np.zeros(failed.sum()), "x", color="red", ms=9,
                    label=f"{label}: diverged" if label else "diverged")
    if logx:
        ax.set_xscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(alpha=0.3, which="both")
    if any(results) or ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize="small")
    return fig


def layer_scale_plot(
    scales: Mapping[str, Sequence[float]],
    layer_names: Sequence[str],
    *,
    title: str | None = None,
    ylabel: str = "RMS over a batch",
) -> Figure:
    """Bars of a per-layer size (e.g. `metrics.layer_scales`) for several networks, log scale."""
    fig, ax = plt.subplots(figsize=(6.0, 3.8), layout="constrained")
    n = len(scales)
    width = 0.8 / max(n, 1)
    x = np.arange(len(layer_names))
    for i, (label, values) in enumerate(scales.items()):
        ax.bar(x + (i - (n - 1) / 2) * width, values, width, label=label)
    ax.set_yscale("log")
    ax.set_xticks(x, layer_names)
    ax.set(ylabel=ylabel, title=title)
    ax.grid(alpha=0.3, axis="y", which="both")
    ax.legend(fontsize="small")
    return fig


def error_vs_step(
    steps: Sequence[float],
    errors: Mapping[str, Sequence[float]],
    *,
    references: Mapping[str, Sequence[float]] | None = None,
    marks: Mapping[str, float] | None = None,
    title: str | None = None,
    ylabel: str = "relative error",
) -> Figure:
    """Error of a finite-difference check against the step h, both axes logarithmic.

    ``errors`` are measured curves (markers); ``references`` are model curves drawn dotted
    (e.g. c·h² and ε/h), the i-th in the colour of the i-th measured curve; ``marks`` are
    vertical lines at named values of h. The vertical range is set by the measured curves.
    """
    fig, ax = plt.subplots(figsize=(6.2, 4.2), layout="constrained")
    hs = np.asarray(steps, dtype=float)
    colours = []
    measured = []
    for label, series in errors.items():
        ys = np.asarray(series, dtype=float)
        (line,) = ax.plot(hs, ys, marker="o", ms=4, label=label)
        colours.append(line.get_color())
        measured.append(ys[ys > 0])
    for i, (label, curve) in enumerate((references or {}).items()):
        colour = colours[i] if i < len(colours) else "grey"
        ax.plot(hs, np.asarray(curve, dtype=float), ls=":", color=colour, label=label)
    for label, h in (marks or {}).items():
        ax.axvline(h, color="black", ls="--", lw=1)
        ax.annotate(label, (h, 0.02), xycoords=("data", "axes fraction"), rotation=90,
                    ha="right", va="bottom", fontsize=8, xytext=(-2, 0),
                    textcoords="offset points")
    ax.set_xscale("log")
    ax.set_yscale("log")
    shown = np.concatenate(measured) if measured else np.empty(0)
    if shown.size:
        ax.set_ylim(shown.min() / 10, shown.max() * 10)
    ax.set(xlabel="step h", ylabel=ylabel, title=title)
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize="small")
    return fig
