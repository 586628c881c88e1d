"""backprop.page_utils: the engine lines the pages show, reached by name (`# step: name`)."""

from __future__ import annotations

import importlib.util
import inspect

import pytest

from backprop import page_utils
from backprop.network import Network
from backprop.page_utils import STEPS, engine_line, engine_lines


def test_every_step_marks_one_line_inside_its_function():
    lines = engine_lines()
    assert set(lines) == set(STEPS)
    for name, function in STEPS.items():
        line = lines[name]
        source, start = inspect.getsourcelines(function)
        assert start <= line.number < start + len(source), name
        assert line.file == inspect.getfile(function).rsplit("/", 1)[-1]
        assert line.code and not line.code.startswith("#") and "step:" not in line.code
        assert line.code in source[line.number - start], name


def test_engine_line_reads_the_source_now():
    line = engine_line("grad-w")
    assert line.file == "network.py" and line.code.startswith("gw = ")
    assert inspect.getsourcelines(Network.backward)[1] < line.number
    with pytest.raises(LookupError, match="no engine line is marked 'no-such-step'; marked: "):
        engine_line("no-such-step")


def test_a_step_marked_twice_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "twice.py"
    path.write_text("x = 1  # step: same\ny = 2  # step: same\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("twice", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(page_utils, "ENGINE_MODULES", (module,))
    with pytest.raises(LookupError, match="step 'same' marks two lines: twice.py:1 and twice.py:2"):
        engine_lines()
