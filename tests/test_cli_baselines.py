"""``sklearn-mlsd baselines`` and its demo section."""

import numpy as np
import pandas as pd
import pytest

from sklearn_mlsd.cli import main


@pytest.fixture
def data_file(tmp_path):
    rng = np.random.default_rng(0)
    n = 2000
    label = (rng.random(n) < 0.05).astype(int)
    words = np.array(["cure", "miracle", "weather", "coffee", "book", "sunny"])
    frame = pd.DataFrame(
        {
            "signal": rng.normal(size=n) + 3 * label,
            "noise": rng.normal(size=n),
            "text": [
                " ".join(rng.choice(words[:3] if y else words[2:], 4)) for y in label
            ],
            "label": label,
        }
    )
    path = tmp_path / "tweets.csv"
    frame.to_csv(path, index=False)
    return path, frame


def _table(out):
    lines = out.strip().splitlines()
    header = lines[1].split()
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:] if line.strip()}
    return {
        name: dict(zip(header, map(float, values), strict=True))
        for name, values in rows.items()
        if name in {"uniform", "stratified", "most_frequent", "model"}
    }


def test_prints_the_table_with_model(data_file, capsys):
    path, frame = data_file
    assert main(["baselines", str(path), "--target", "label", "--cv", "3"]) == 0
    out = capsys.readouterr().out
    assert "2,000 rows, 3-fold stratified CV" in out
    table = _table(out)
    assert set(table) == {"uniform", "stratified", "most_frequent", "model"}
    rate = frame["label"].mean()
    assert table["most_frequent"]["accuracy_mean"] == pytest.approx(1 - rate, abs=1e-3)
    assert np.isnan(table["most_frequent"]["f1_mean"])
    assert table["model"]["f1_mean"] > 0.5


def test_baselines_only_text_model_and_plot(data_file, tmp_path, capsys):
    path, _ = data_file
    assert main(["baselines", str(path), "--target", "label", "--model", "none"]) == 0
    assert "model" not in _table(capsys.readouterr().out)
    plot = tmp_path / "table.png"
    argv = ["baselines", str(path), "--target", "label", "--text", "text"]
    assert main([*argv, "--scoring", "recall", "--plot", str(plot)]) == 0
    table = _table(capsys.readouterr().out)
    assert table["model"]["recall_mean"] == 1.0
    assert plot.stat().st_size > 1000


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--target", "nope"], "--target: no column named 'nope'"),
        (["--target", "label", "--cv", "1"], "--cv must be at least 2"),
        (["--target", "label", "--text", "body"], "--text: no column named 'body'"),
        (["--target", "label", "--scoring", "auc"], "scoring has unknown metrics"),
    ],
)
def test_bad_input_is_one_line(data_file, capsys, argv, message):
    path, _ = data_file
    assert main(["baselines", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_no_numeric_columns(tmp_path, capsys):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": ["a", "b"] * 10, "label": [0, 1] * 10}).to_csv(path)
    assert main(["baselines", str(path), "--target", "label"]) == 0  # index column
    pd.DataFrame({"text": ["a", "b"] * 10, "label": [0, 1] * 10}).to_csv(
        path, index=False
    )
    assert main(["baselines", str(path), "--target", "label"]) == 2
    assert "no numeric feature columns" in capsys.readouterr().err


def test_demo_section_prints_the_table():
    from sklearn_mlsd._commands import _demo_40_baselines as section

    rng = np.random.default_rng(0)
    n = 3000
    label = (rng.random(n) < 0.02).astype(int)
    words = np.array(["5g", "truth", "cure", "fine", "sunny", "coffee", "book"])
    text = [" ".join(rng.choice(words[:3] if y else words[3:], 5)) for y in label]
    data = pd.DataFrame({"tweet_id": np.arange(n), "text": text, "label": label})
    lines = []
    section.run({"data": data, "random_state": 0, "echo": lines.append})
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:6]}
    assert list(rows) == ["uniform", "stratified", "most_frequent", "model"]
    assert rows["most_frequent"][2] == "NaN"  # f1_mean
    assert float(rows["model"][2]) == 1.0  # the words separate the classes
    assert section.TITLE and "undefined (NaN) F1" in lines[-1]
