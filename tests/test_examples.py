"""Every example in examples/ runs to the end (the gallery would fail otherwise)."""

import runpy
from pathlib import Path

import matplotlib
import pytest

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("plot_*.py"))


def test_examples_exist():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs(path, tmp_path, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)  # figures are written here, not into the repo
    runpy.run_path(str(path), run_name="__main__")
    assert list(tmp_path.glob("*.png")), f"{path.name} saved no figure"
