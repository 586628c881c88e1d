"""Utilities for the book's pages: the engine lines a page shows, reached by name.

A page that pairs a note's equations with the engine's code must not find the code by a
substring of it (renaming a local variable would then break the book). The engine marks each
line a page may show with a comment ``# step: name`` at the end of the line; `engine_line`
reads the line with that name from the source now, so a page's table follows the code. `STEPS`
lists every name with the function that holds the line, and the tests check that each name
marks exactly one line, inside that function.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from backprop import losses, network
from backprop.train import sgd_step

# the module itself: the package's name `backprop.train` is the function, re-exported
_training = importlib.import_module("backprop.train")

STEPS: dict[str, Callable[..., Any]] = {
    "forward-weights": network.Network.forward,
    "forward-bias": network.Network.forward,
    "forward-activation": network.Network.forward,
    "output-activation": network.Network.forward,
    "output-error": losses.error_delta,
    "batch-mean": losses.error_delta,
    "backward-loop": network.Network.backward,
    "grad-w": network.Network.backward,
    "grad-b": network.Network.backward,
    "delta-back": network.Network.backward,
    "delta-mask": network.Network.backward,
    "sgd-rate": sgd_step,
    "sgd-update": sgd_step,
}
"""Every marked engine line by name, with the function whose source holds it."""

ENGINE_MODULES: tuple[ModuleType, ...] = (network, losses, _training)
"""The modules whose marked lines `engine_lines` reads."""
_MARK = re.compile(r"\s*#\s*step:\s*([a-z0-9-]+)\s*$")


@dataclass(frozen=True)
class EngineLine:
    """One marked line: its file name, line number, and code (stripped, without the mark)."""

    name: str
    file: str
    number: int
    code: str


def engine_lines() -> dict[str, EngineLine]:
    """Every line of the engine's modules marked ``# step: name``, read from the source now.

    `LookupError` if a name marks two lines.
    """
    found: dict[str, EngineLine] = {}
    for module in ENGINE_MODULES:
        path = Path(inspect.getfile(module))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            mark = _MARK.search(line)
            if mark is None:
                continue
            name = mark.group(1)
            if name in found:
                raise LookupError(f"step {name!r} marks two lines: {found[name].file}:"
                                  f"{found[name].number} and {path.name}:{number}")
            found[name] = EngineLine(name, path.name, number, line[: mark.start()].strip())
    return found


def engine_line(name: str) -> EngineLine:
    """The engine line marked ``# step: name``; `LookupError` naming the known steps if none."""
    lines = engine_lines()
    if name not in lines:
        raise LookupError(f"no engine line is marked {name!r}; marked: {', '.join(sorted(lines))}")
    return lines[name]
