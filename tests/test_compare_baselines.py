import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from sklearn_mlsd.baselines import (
    BaselineClassifier,
    HeuristicClassifier,
    compare_baselines,
)


def _lecture_data(n, seed=0):
    """n rows, 1% positives, features that carry no signal."""
    rng = np.random.default_rng(seed)
    y = np.zeros(n, dtype=int)
    y[rng.choice(n, n // 100, replace=False)] = 1
    return rng.normal(size=(n, 2)), y


LECTURE = {
    "uniform": (0.50, 0.02),
    "stratified": (0.98, 0.01),
    "most_frequent": (0.99, np.nan),
}


def test_lecture_table_at_one_million_rows():
    """The lecture's table: n = 1,000,000, 1% positives (tolerance 0.005)."""
    X, y = _lecture_data(1_000_000)
    table = compare_baselines(None, X, y, cv=5, random_state=0)
    assert list(table.index) == list(LECTURE)
    for name, (accuracy, f1) in LECTURE.items():
        assert table.loc[name, "accuracy_mean"] == pytest.approx(accuracy, abs=0.005)
        if np.isnan(f1):
            assert np.isnan(table.loc[name, "f1_mean"])
        else:
            assert table.loc[name, "f1_mean"] == pytest.approx(f1, abs=0.005)
    # measured values within 4 standard errors of the analytic expectation
    n_test = 200_000
    for name in ("uniform", "stratified"):
        expected = table.loc[name, "accuracy_expected"]
        se = np.sqrt(expected * (1 - expected) / n_test)
        assert abs(table.loc[name, "accuracy_mean"] - expected) < 4 * se


def test_expectations_are_the_closed_forms(seed):
    X, y = _lecture_data(20_000, seed)
    table = compare_baselines(
        None,
        X,
        y,
        scoring=["accuracy", "precision", "recall", "f1", "balanced_accuracy"],
        random_state=seed,
    )
    p = 0.01
    expected = {
        "uniform": (0.5, p, 0.5, 2 * p * 0.5 / (p + 0.5), 0.5),
        "stratified": (p**2 + (1 - p) ** 2, p, p, p, 0.5),
        "most_frequent": (1 - p, np.nan, 0.0, np.nan, 0.5),
    }
    columns = [
        f"{m}_expected"
        for m in ["accuracy", "precision", "recall", "f1", "balanced_accuracy"]
    ]
    for name, values in expected.items():
        np.testing.assert_allclose(table.loc[name, columns].to_numpy(float), values)


def test_undefined_metrics_are_nan_not_zero():
    X, y = _lecture_data(5_000)
    table = compare_baselines(
        None, X, y, scoring=("precision", "recall", "f1"), random_state=0
    )
    row = table.loc["most_frequent"]
    assert np.isnan(row["precision_mean"]) and np.isnan(row["f1_mean"])
    assert row["recall_mean"] == 0.0  # recall is defined: 0 of the positives found


def test_model_row_matches_cross_validate(rng):
    X = rng.normal(size=(600, 3))
    y = (X[:, 0] + 0.3 * rng.normal(size=600) > 0.8).astype(int)
    model = LogisticRegression()
    table = compare_baselines(model, X, y, cv=4, random_state=0)
    reference = cross_validate(
        model, X, y, cv=StratifiedKFold(4), scoring=("accuracy", "f1")
    )
    row = table.loc["model"]
    assert row["accuracy_mean"] == pytest.approx(reference["test_accuracy"].mean())
    assert row["accuracy_std"] == pytest.approx(reference["test_accuracy"].std())
    assert row["f1_mean"] == pytest.approx(reference["test_f1"].mean())
    assert np.isnan(row["f1_expected"])
    assert row["accuracy_mean"] > table.loc["most_frequent", "accuracy_mean"]


def test_held_out_set(rng):
    X = rng.normal(size=(1000, 2))
    y = (X[:, 0] > 1).astype(int)
    X_test = rng.normal(size=(400, 2))
    y_test = (X_test[:, 0] > 1).astype(int)
    model = LogisticRegression()
    table = compare_baselines(model, X, y, X_test=X_test, y_test=y_test, random_state=0)
    pred = LogisticRegression().fit(X, y).predict(X_test)
    assert table.loc["model", "accuracy_mean"] == np.mean(pred == y_test)
    assert table.loc["model", "f1_mean"] == pytest.approx(f1_score(y_test, pred))
    assert table["accuracy_std"].isna().all()
    assert table.loc["most_frequent", "accuracy_mean"] == np.mean(y_test == 0)


def test_text_model_heuristic_and_constant_baselines(rng):
    words = np.array(["cure", "miracle", "weather", "coffee", "book", "sunny"])
    n = 400
    y = (rng.random(n) < 0.2).astype(int)
    docs = [" ".join(rng.choice(words[:2] if label else words[2:], 4)) for label in y]
    model = make_pipeline(HashingVectorizer(n_features=2**8), LogisticRegression())
    frame = pd.DataFrame({"text": docs})
    rule = HeuristicClassifier(lambda X: X["text"].str.contains("miracle").astype(int))
    baselines = {
        "always positive": BaselineClassifier(strategy="constant", constant=1),
        "keyword rule": rule,
        "uniform": "uniform",
    }
    table = compare_baselines(None, frame, y, baselines=baselines, random_state=0, cv=3)
    keyword = np.array(["miracle" in d for d in docs]).astype(int)
    assert list(table.index) == list(baselines)
    assert table.loc["always positive", "accuracy_mean"] == pytest.approx(
        y.mean(), abs=0.01
    )
    assert table.loc["always positive", "f1_expected"] == pytest.approx(
        2 * y.mean() / (1 + y.mean())
    )
    assert table.loc["keyword rule", "accuracy_mean"] == pytest.approx(
        np.mean(keyword == y), abs=0.01
    )
    text_table = compare_baselines(model, docs, y, cv=3, random_state=0)
    assert text_table.loc["model", "accuracy_mean"] == 1.0


def test_multiclass_uses_macro_averages(rng):
    X = rng.normal(size=(3000, 2))
    y = rng.choice(3, size=3000, p=[0.5, 0.3, 0.2])
    table = compare_baselines(None, X, y, random_state=0)
    assert table.loc["uniform", "accuracy_expected"] == pytest.approx(1 / 3)
    p = np.bincount(y) / len(y)
    q = 1 / 3
    assert table.loc["uniform", "f1_expected"] == pytest.approx(
        np.mean(2 * p * q / (p + q))
    )
    assert np.isnan(table.loc["most_frequent", "f1_mean"])


def test_reproducible_under_random_state():
    X, y = _lecture_data(10_000)
    one = compare_baselines(None, X, y, random_state=3)
    two = compare_baselines(None, X, y, random_state=3)
    pd.testing.assert_frame_equal(pd.DataFrame(one), pd.DataFrame(two))


def test_plot_draws_bars_for_every_row_and_metric():
    X, y = _lecture_data(5_000)
    table = compare_baselines(None, X, y, random_state=0)
    ax = table.plot()
    assert len(ax.patches) == 3 * 2
    assert [t.get_text() for t in ax.get_xticklabels()] == list(table.index)
    assert isinstance(table[["accuracy_mean"]], pd.DataFrame)


def test_bad_arguments():
    X, y = _lecture_data(1_000)
    with pytest.raises(ValueError, match="scoring has unknown metrics"):
        compare_baselines(None, X, y, scoring=("accuracy", "auc-pr"))
    with pytest.raises(ValueError, match="pos_label=5 is not a class"):
        compare_baselines(None, X, y, pos_label=5)
    with pytest.raises(ValueError, match="pass both X_test and y_test"):
        compare_baselines(None, X, y, X_test=X)
    with pytest.raises(ValueError, match="'strategy' parameter"):
        compare_baselines(None, X, y, baselines=["uniform", "coin"])


def test_baselines_get_row_numbers_and_keep_their_seed(rng):
    """A BaselineClassifier is fitted on the row numbers, with its own seed."""
    X, y = _lecture_data(6_000)
    baseline = BaselineClassifier(strategy="uniform", random_state=5)
    table = compare_baselines(
        None, X, y, baselines={"coin": baseline}, scoring="accuracy", cv=3
    )
    ids = np.arange(len(y), dtype=float)[:, None]
    reference = cross_validate(baseline, ids, y, cv=StratifiedKFold(3))
    assert table.loc["coin", "accuracy_mean"] == pytest.approx(
        reference["test_score"].mean()
    )


def test_roc_auc_of_decision_function_follows_pos_label(rng):
    """A binary decision function scores classes_[1]; with pos_label=classes_[0]
    it is negated, as scikit-learn's scorers do (AUC is not 1 - AUC)."""
    X = rng.normal(size=(900, 2))
    y = np.where(X[:, 0] + rng.normal(size=900) > 1.0, "fake", "real")
    table = compare_baselines(
        LinearSVC(), X, y, cv=3, scoring="roc_auc", pos_label="fake", random_state=0
    )
    expected = [
        roc_auc_score(
            y[test] == "fake",
            -LinearSVC().fit(X[train], y[train]).decision_function(X[test]),
        )
        for train, test in StratifiedKFold(3).split(X, y)
    ]
    assert table.loc["model", "roc_auc_mean"] == pytest.approx(np.mean(expected))
    assert table.loc["model", "roc_auc_mean"] > 0.75


def test_inputs_are_checked_and_never_modified(rng):
    n = 600
    X = pd.DataFrame({"a": rng.normal(size=n)}, index=rng.permutation(n) + 10)
    y = pd.Series((X["a"] > 1).astype(int), index=X.index)
    X_copy, y_copy = X.copy(), y.copy()
    cv = KFold(3, shuffle=True)
    compare_baselines(LogisticRegression(), X, y, cv=cv, random_state=0)
    pd.testing.assert_frame_equal(X, X_copy)
    pd.testing.assert_series_equal(y, y_copy)
    assert cv.random_state is None
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        compare_baselines(None, X, y[:-1])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        compare_baselines(None, X, y, X_test=X[:5], y_test=y[:4])
    with pytest.raises(ValueError, match=r"baselines\['coin'\] is 5"):
        compare_baselines(None, X, y, baselines={"coin": 5})
