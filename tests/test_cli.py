"""The sklearn-mlsd command: version, help, one-line errors, demo sections."""

import subprocess
import sys

import numpy as np
import pytest

from sklearn_mlsd import __version__
from sklearn_mlsd.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"sklearn-mlsd {__version__}"


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


def test_bad_input_is_one_line_without_traceback(capsys):
    assert main(["demo", "-n", "10"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--n-samples" in err and "Traceback" not in err


def test_python_dash_m_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "sklearn_mlsd", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"sklearn-mlsd {__version__}"


def test_resampling_demo_section_reports_models():
    import pandas as pd

    from sklearn_mlsd._commands import _demo_30_resampling as section

    rng = np.random.default_rng(0)
    n = 3000
    label = (rng.random(n) < 0.05).astype(int)
    words = rng.choice(["fine", "sunny", "coffee", "book"], size=(n, 4))
    text = [
        " ".join(w) + (" miracle cure hoax" if lab else "")
        for w, lab in zip(words, label, strict=True)
    ]
    lines = []
    section.run(
        {
            "data": pd.DataFrame({"text": text, "label": label}),
            "random_state": 0,
            "echo": lines.append,
        }
    )
    rows = {line.split("  ")[0]: line for line in lines}
    assert any(key.startswith("undersampled 1:4 + prior") for key in rows)
    # separable toy data: near-perfect balanced accuracy; the prior-corrected
    # model moves its threshold back toward the rare class and loses a little
    accuracies = [
        float(line.split()[-3])
        for line in lines
        if line.startswith(("Logistic", "under"))
    ]
    assert len(accuracies) == 3 and min(accuracies[:2]) > 0.95
    assert accuracies[2] > 0.85
