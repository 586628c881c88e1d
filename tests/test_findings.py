"""backprop.findings: a page's conclusions, each marked by whether this run supports it."""

from __future__ import annotations

import pytest

from backprop.findings import conclude, conclusions


def test_every_conclusion_supported():
    text = conclusions({"A holds.": True, "B holds.": True})
    assert text.splitlines() == ["✓ A holds.", "✓ B holds."]


def test_an_unsupported_conclusion_is_said_in_words(capsys):
    conclude({"A holds.": True, "B holds.": False})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "✓ A holds."
    assert lines[1] == "✗ B holds.  (not in this run)"
    assert "the text describes the book's own run" in lines[2]


def test_no_conclusions_is_an_error():
    with pytest.raises(ValueError, match="no conclusions"):
        conclusions({})
