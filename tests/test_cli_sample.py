"""``sklearn-mlsd sample`` and the sampling demo section."""

import io
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chisquare

from sklearn_mlsd._commands import _demo_20_sampling, _sample
from sklearn_mlsd.cli import main
from sklearn_mlsd.sampling import reservoir_sample


@pytest.fixture
def table(tmp_path):
    rng = np.random.default_rng(0)
    n = 1000
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "label": (np.arange(n) % 50 == 0).astype(int),
            "city": rng.choice(["SF", "Oslo", "Lima"], n),
            "w": np.r_[np.zeros(n - 3), [1.0, 2.0, 3.0]],
            "text": [f'tweet, "{i}"' for i in range(n)],
        }
    )
    path = tmp_path / "tweets.csv"
    frame.to_csv(path, index=False)
    return frame, path


def test_stratified_exact_counts(table, tmp_path):
    frame, path = table
    out = tmp_path / "sample.csv"
    code = main(
        ["sample", str(path), "--stratify", "label", "-n", "100", "-o", str(out)]
    )
    assert code == 0
    sample = pd.read_csv(out)
    assert len(sample) == 100
    assert sample["label"].sum() == 2  # 20 positives in 1000 rows -> 2 in 100
    merged = sample.merge(frame, on="id", suffixes=("", "_src"))
    assert (merged["text"] == merged["text_src"]).all()


def test_stratified_several_columns_and_formats(table, tmp_path):
    frame, path = table
    for suffix in ("parquet", "jsonl"):
        out = tmp_path / f"sample.{suffix}"
        argv = ["sample", str(path), "--stratify", "label", "city", "--fraction", "0.1"]
        assert main([*argv, "--seed", "3", "-o", str(out)]) == 0
        reader = pd.read_parquet if suffix == "parquet" else pd.read_json
        sample = reader(out, **({} if suffix == "parquet" else {"lines": True}))
        assert len(sample) == 100
        expected = frame.groupby(["label", "city"]).size() * 0.1
        got = sample.groupby(["label", "city"]).size().reindex(expected.index)
        assert np.all(np.abs(got - expected) < 1)
    # the input can be parquet too, and stdout can carry JSON lines
    source = tmp_path / "tweets.parquet"
    frame.to_parquet(source)
    assert main(["sample", str(source), "-n", "5", "-o", str(tmp_path / "x.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "x.csv")) == 5


def test_weights_and_random(table, tmp_path, capsys):
    _, path = table
    assert main(["sample", str(path), "--weights", "w", "-n", "300"]) == 0
    sample = pd.read_csv(io.StringIO(capsys.readouterr().out))
    counts = sample["id"].value_counts().reindex([997, 998, 999], fill_value=0)
    assert counts.sum() == 300
    assert chisquare(counts, [50, 100, 150]).pvalue > 0.001
    assert (
        main(["sample", str(path), "-n", "7", "--seed", "1", "--format", "jsonl"]) == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 7 and lines[0].startswith("{")


def test_standard_input(table, monkeypatch, capsys):
    frame, path = table
    monkeypatch.setattr(sys, "stdin", io.StringIO(path.read_text()))
    assert main(["sample", "-", "--stratify", "city", "-n", "30", "--seed", "2"]) == 0
    sample = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(sample) == 30
    assert set(sample["city"]) == set(frame["city"])
    lines = frame.to_json(orient="records", lines=True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    argv = ["sample", "-", "--input-format", "jsonl", "--weights", "w", "-n", "4"]
    assert main(argv) == 0
    sample = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(sample) == 4 and set(sample["id"]) <= {997, 998, 999}


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--stratify", "nope", "-n", "5"], "--stratify: no column named 'nope'"),
        (["--weights", "nope", "-n", "5"], "--weights: no column named 'nope'"),
        (["-n", "5000"], "n_samples=5000 is larger than the population"),
        (["--fraction", "1.5"], "--fraction must be in"),
        (["-n", "0"], "-n must be positive"),
        ([], "either -n N or --fraction F"),
        (["--reservoir", "0"], "--reservoir K must be positive"),
        (["--reservoir", "3", "-n", "3"], "drop -n"),
        (["-n", "5", "-o", "out.xyz"], "cannot tell the format"),
    ],
)
def test_bad_input_one_line_error(table, argv, message, capsys, tmp_path, monkeypatch):
    _, path = table
    monkeypatch.chdir(tmp_path)
    assert main(["sample", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_and_empty_input(tmp_path, capsys, monkeypatch):
    assert main(["sample", str(tmp_path / "none.csv"), "-n", "1"]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_text("a,b\n")
    assert main(["sample", str(empty), "-n", "1"]) == 2
    assert "no rows" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("a,b\n"))
    assert main(["sample", "-", "-n", "1"]) == 2
    assert "no rows" in capsys.readouterr().err
    for how in (["-n", "1"], ["--reservoir", "2"]):  # not even a header
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        assert main(["sample", "-", *how]) == 2
        assert "the input is empty (no header, no rows)" in capsys.readouterr().err


@pytest.fixture
def reservoir_module():
    """The namespace ``--reservoir`` takes ``reservoir_sample`` from."""
    import sklearn_mlsd.sampling as sampling

    return sampling


def test_reservoir_streams_standard_input(reservoir_module, monkeypatch, capsys):
    seen = {}
    real = reservoir_module.reservoir_sample

    def recording(iterable, k, random_state=None):
        seen["lazy"] = iter(iterable) is iterable  # an iterator, not a list
        seen["k"], seen["seed"] = k, random_state
        return real(iterable, k, random_state=random_state)

    monkeypatch.setattr(reservoir_module, "reservoir_sample", recording)
    monkeypatch.setattr(_sample, "_CHUNK_ROWS", 7)
    rows = "\n".join(f"{i},{i % 3},t{i}" for i in range(100))
    monkeypatch.setattr(sys, "stdin", io.StringIO("id,g,text\n" + rows + "\n"))
    assert main(["sample", "-", "--reservoir", "10", "--seed", "5"]) == 0
    sample = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert seen == {"lazy": True, "k": 10, "seed": 5}
    assert len(sample) == 10 and sample["id"].is_unique
    assert sample["id"].dtype.kind == "i"
    np.testing.assert_array_equal(sample["g"], sample["id"] % 3)
    np.testing.assert_array_equal(sample["text"], "t" + sample["id"].astype(str))


def test_reservoir_inclusion_is_uniform(
    reservoir_module, monkeypatch, capsys, tmp_path
):
    path = tmp_path / "stream.csv"
    pd.DataFrame({"id": np.arange(20)}).to_csv(path, index=False)
    counts = np.zeros(20)
    repeats = 200
    for seed in range(repeats):
        assert main(["sample", str(path), "--reservoir", "5", "--seed", str(seed)]) == 0
        counts[pd.read_csv(io.StringIO(capsys.readouterr().out))["id"]] += 1
    assert chisquare(counts, np.full(20, repeats * 5 / 20)).pvalue > 0.001


def test_reservoir_on_every_file_format(table, monkeypatch, tmp_path):
    # CSV, Parquet and JSON lines are streamed in chunks through the real
    # reservoir_sample: the same seed gives the same rows from every format.
    frame, path = table
    monkeypatch.setattr(_sample, "_CHUNK_ROWS", 64)
    sources = {"csv": path}
    for suffix in ("parquet", "jsonl"):
        sources[suffix] = tmp_path / f"tweets.{suffix}"
    frame.to_parquet(sources["parquet"])
    frame.to_json(sources["jsonl"], orient="records", lines=True)
    rows = frame.itertuples(index=False, name=None)
    expected = [row[0] for row in reservoir_sample(rows, 20, random_state=4)]
    for suffix, source in sources.items():
        out = tmp_path / f"reservoir_{suffix}.parquet"
        argv = ["sample", str(source), "--reservoir", "20", "--seed", "4"]
        assert main([*argv, "-o", str(out)]) == 0
        sample = pd.read_parquet(out)
        assert sample["id"].tolist() == expected, suffix
        pd.testing.assert_frame_equal(
            sample, frame.iloc[expected].reset_index(drop=True), check_dtype=False
        )
        assert sample["id"].dtype.kind == "i"


def test_reservoir_keeps_values_when_later_chunks_widen_a_column(
    monkeypatch, tmp_path, capsys
):
    # whole numbers in the first chunk (read as int), decimals after: the
    # sampled decimals must not be cast to the first chunk's int dtype
    path = tmp_path / "widen.csv"
    rows = [f"{i},{i % 7}" for i in range(20)] + [
        f"{i},{i % 7}.5" for i in range(20, 40)
    ]
    path.write_text("id,x\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(_sample, "_CHUNK_ROWS", 10)
    assert main(["sample", str(path), "--reservoir", "40", "--seed", "0"]) == 0
    sample = pd.read_csv(io.StringIO(capsys.readouterr().out))
    expected = np.where(sample["id"] < 20, 0.0, 0.5) + sample["id"] % 7
    np.testing.assert_array_equal(sample["x"], expected)


def test_progress_bar_only_on_a_terminal(table, monkeypatch, capsys, tmp_path):
    _, path = table

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = str(tmp_path / "o.csv")
    assert main(["sample", str(path), "-n", "5", "-o", out]) == 0
    assert capsys.readouterr().err == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["sample", str(path), "-n", "5", "-o", out]) == 0
    assert "rows" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["sample", str(path), "-n", "5", "-o", out, "--quiet"]) == 0
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("n", [1000, 50_000])
def test_demo_section(seed, n):
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        {
            "tweet_id": np.arange(n),
            "user_id": rng.integers(0, 1000, n),
            "created_at": pd.Timestamp("2022-01-01")
            + pd.to_timedelta(rng.integers(0, 730 * 86400, n), unit="s"),
            "text": ["some text"] * n,
            "label": (rng.random(n) < 0.01).astype(int),
        }
    )
    lines = []
    context = {"data": data, "random_state": seed, "echo": lines.append}
    _demo_20_sampling.run(context)
    assert any(line.startswith("stratified") for line in lines)
    stratified = context["sampling_reports"]["stratified"]
    n_slices = len(stratified)
    assert stratified.attrs["n_sample"] == max(n // 100, n_slices)
    assert stratified.attrs["n_missing"] == 0
    assert 24 < n_slices <= 48  # label x month slices present in the data
    assert (stratified["population_count"] > 0).all()
