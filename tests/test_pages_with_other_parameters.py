"""The training pages run to the end when a reader changes their experiments' parameters.

The README and the pages invite readers to edit the upper-case names at the top of an
experiment cell and run the page again. Each case below rewrites those assignments (a
smaller and a larger learning rate, fewer epochs, other seeds), executes the whole page in a
fresh kernel, and requires it to finish: a conclusion the changed run does not support is
said in words (`backprop.findings`), never by an exception. Every case also checks that the
page's labels follow the parameters.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parents[1] / "book"

# page: [(the parameters to change, a string the outputs must then contain)]
CASES = {
    "part5/mnist.ipynb": [
        ({"EPOCHS": "2", "ETA": "0.05", "SEEDS": "(0, 4)"}, "η = 0.05"),
        ({"EPOCHS": "1", "ETA": "0.3", "BATCH": "64"}, "η = 0.3"),
    ],
    "part1/two_hidden.ipynb": [
        ({"SEEDS": "(1, 2)", "EPOCHS": "1"}, "recall (seed 1)"),
        ({"SEEDS": "(5,)", "ETA": "0.5", "BATCH": "32", "EPOCHS": "1"}, "recall (seed 5)"),
    ],
    "part1/zero_hidden.ipynb": [
        ({"NU": "0.05", "MAX_ITERATIONS": "10", "EPOCHS": "1", "ETA": "0.01"}, "±10 (the note)"),
        ({"NOTE_RANGE": "1.0", "DEAD_NU": "0.5", "EPOCHS": "2", "ETA": "1.0"}, "±1 (the note)"),
    ],
    "part3/minibatch_l2.ipynb": [
        ({"EPOCHS": "1", "ETA": "0.02"}, "Accuracy after 1 epochs"),
        ({"EPOCHS": "2", "ETA": "1.0", "BATCH": "10"}, "Accuracy after 2 epochs"),
    ],
    "part5/gradient_checking.ipynb": [
        ({"STEPS": "np.logspace(-10, -2, 9)"}, "Steps below d agree"),
    ],
    "part5/training_tricks.ipynb": [
        ({"EPOCHS": "3", "ETA": "0.2", "SCHEDULE": '"step"', "SEEDS": "(2,)"}, "+ step schedule"),
        ({"EPOCHS": "2", "MOMENTUM": "0.0", "PATIENCE": "1", "BATCH": "64"}, "patience 1"),
    ],
    "part4/nielsen_network.ipynb": [
        ({"EPOCHS": "1", "ETA_QUADRATIC": "0.3", "SATURATED_EPOCHS": "2", "NEURON_STEPS": "40"},
         "η = 0.3"),
        ({"EPOCHS": "2", "ETA_CROSS_ENTROPY": "3.0", "BATCH": "50", "SATURATED_EPOCHS": "1"},
         "η = 3"),
    ],
}


def with_parameters(nb: nbformat.NotebookNode, parameters: dict[str, str]) -> None:
    """Rewrite each ``NAME = value`` line at the top level of a code cell; each must exist."""
    for name, value in parameters.items():
        pattern = re.compile(rf"^{name} = .*$", re.MULTILINE)
        cells = [cell for cell in nb.cells
                 if cell.cell_type == "code" and pattern.search(cell.source)]
        assert cells, f"no cell sets {name}: the page's parameter was renamed or removed"
        cells[0].source = pattern.sub(f"{name} = {value}", cells[0].source, count=1)


def text_of(nb: nbformat.NotebookNode) -> str:
    """Everything the page printed, as text."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("page", "parameters", "expected"),
    [(page, parameters, expected)
     for page, cases in CASES.items() for parameters, expected in cases],
    ids=[f"{page}:{','.join(f'{k}={v}' for k, v in parameters.items())}"
         for page, cases in CASES.items() for parameters, _ in cases],
)
def test_page_runs_with_changed_parameters(page, parameters, expected, monkeypatch):
    monkeypatch.setenv("BACKPROP_OFFLINE", "1")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    path = BOOK / page
    nb = nbformat.read(path, as_version=4)
    with_parameters(nb, parameters)
    # A figure's titles and labels are not in the text outputs: keep the figures open, and
    # print every text of every figure at the end, so that the test can read them.
    first = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
    nb.cells.insert(first + 1, nbformat.v4.new_code_cell(
        "%config InlineBackend.close_figures = False"))
    nb.cells.append(nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as _plt\n"
        "from matplotlib.text import Text as _Text\n"
        "print([t.get_text() for n in _plt.get_fignums()\n"
        "       for t in _plt.figure(n).findobj(_Text)])"))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    assert expected in text_of(nb), f"{expected!r} is not in the page's outputs"
