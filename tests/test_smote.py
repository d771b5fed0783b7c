import re
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score
from sklearn.preprocessing import StandardScaler

from sklearn_mlsd.imbalance import HighDimensionalWarning, SMOTEOversampler, _nearest
from sklearn_mlsd.imbalance._smote import distance_concentration
from sklearn_mlsd.pipeline import make_pipeline


def _binary(seed, n_samples=600, minority=0.1, n_features=4):
    return make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_redundant=0,
        weights=[1 - minority],
        random_state=seed,
    )


def _multiclass(seed, n_samples=900):
    return make_classification(
        n_samples=n_samples,
        n_features=5,
        n_informative=3,
        n_redundant=0,
        n_classes=4,
        n_clusters_per_class=1,
        weights=[0.6, 0.25, 0.1],
        random_state=seed,
    )


def _half_of_largest(y):
    counts = Counter(y)
    top = max(counts.values())
    return {label: max(n, top // 2) for label, n in counts.items()}


BINARY_STRATEGIES = [0.3, 0.75, 1.0, "auto", "minority", "not majority", "all"]
MULTICLASS_STRATEGIES = [
    "auto",
    "minority",
    "not minority",
    "not majority",
    "all",
    {1: 400, 2: 300, 3: 100},
    _half_of_largest,
]


def _assert_same_counts_as_imblearn(X, y, strategy, seed):
    ours = SMOTEOversampler(sampling_strategy=strategy, random_state=seed)
    _, y_ours = ours.fit_resample(X, y)
    _, y_ref = SMOTE(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    assert Counter(y_ours) == Counter(y_ref)
    np.testing.assert_array_equal(y_ours[: len(y)], y)


@pytest.mark.parametrize("strategy", BINARY_STRATEGIES)
def test_binary_class_counts_equal_imblearn(strategy, seed):
    X, y = _binary(seed)
    _assert_same_counts_as_imblearn(X, y, strategy, seed)


@pytest.mark.parametrize("strategy", MULTICLASS_STRATEGIES, ids=str)
def test_multiclass_class_counts_equal_imblearn(strategy, seed):
    X, y = _multiclass(seed)
    _assert_same_counts_as_imblearn(X, y, strategy, seed)


def _check_on_segments(X, y, X_res, y_res, sampler, k_neighbors):
    """Every synthetic row lies between a row and one of its k nearest
    same-class rows (recomputed by brute force), at the recorded step."""
    n = len(y)
    base, other = sampler.synthetic_parents_.T
    new = X_res[n:]
    assert len(new) == len(base) == len(sampler.synthetic_steps_)
    np.testing.assert_array_equal(y[base], y_res[n:])
    np.testing.assert_array_equal(y[other], y_res[n:])
    direction = X[other] - X[base]
    offset = new - X[base]
    squared = np.einsum("ij,ij->i", direction, direction)
    assert np.all(squared > 0)
    t = np.einsum("ij,ij->i", offset, direction) / squared
    assert np.all((t >= -1e-12) & (t <= 1 + 1e-12))
    residual = offset - t[:, None] * direction
    scale = np.abs(X).max()
    np.testing.assert_allclose(residual, 0, atol=1e-9 * scale)
    np.testing.assert_allclose(t, sampler.synthetic_steps_, rtol=1e-7, atol=1e-9)
    for label in np.unique(y_res[n:]):
        rows = np.flatnonzero(y == label)
        distances = euclidean_distances(X[rows])
        np.fill_diagonal(distances, np.inf)
        knn = rows[np.argsort(distances, axis=1)[:, :k_neighbors]]
        position = np.searchsorted(rows, base[y[base] == label])
        partners = other[y[base] == label]
        assert np.all((knn[position] == partners[:, None]).any(axis=1))


@pytest.mark.parametrize("k_neighbors", [1, 3, 5])
@pytest.mark.parametrize("n_features", [4, 24])  # 24: the float32 screen
def test_every_synthetic_row_on_a_segment_binary(
    k_neighbors, n_features, seed, monkeypatch
):
    monkeypatch.setattr(_nearest, "_MIN_ROWS_SEVERAL", 0)  # screen small data too
    X, y = _binary(seed, n_features=n_features)
    sampler = SMOTEOversampler(k_neighbors=k_neighbors, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [np.sum(y == 0)] * 2
    _check_on_segments(X, y, X_res, y_res, sampler, k_neighbors)


def test_every_synthetic_row_on_a_segment_multiclass(seed):
    X, y = _multiclass(seed)
    sampler = SMOTEOversampler(sampling_strategy="all", random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    _check_on_segments(X, y, X_res, y_res, sampler, 5)


def test_steps_and_neighbours_are_uniform(seed):
    # steps ~ U(0, 1): chi-square on 10 bins; each of the k neighbours equally
    # often (SMOTE draws a (row, neighbour) pair uniformly).
    from scipy.stats import chisquare

    X, y = _binary(seed, n_samples=4000, minority=0.05)
    sampler = SMOTEOversampler(k_neighbors=4, random_state=seed).fit(X, y)
    sampler.fit_resample(X, y)
    counts = np.histogram(sampler.synthetic_steps_, bins=10, range=(0, 1))[0]
    assert chisquare(counts).pvalue > 0.001
    base_counts = np.bincount(sampler.synthetic_parents_[:, 0], minlength=len(y))
    assert chisquare(base_counts[y == 1]).pvalue > 0.001


def test_downstream_balanced_accuracy_matches_imblearn():
    seed = 0
    X, y = _binary(seed, n_samples=1500, minority=0.08, n_features=6)
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=seed)
    scores = {}
    # different seeds: with the same seed the synthetic rows would be the same
    # rows (see test_binary_rows_identical_to_imblearn_for_same_seed) and the
    # comparison would be trivial
    ours, reference = SMOTEOversampler(random_state=1), SMOTE(random_state=0)
    assert not np.allclose(ours.fit_resample(X, y)[0], reference.fit_resample(X, y)[0])
    for name, sampler in {"ours": ours, "imblearn": reference}.items():
        model = make_pipeline(StandardScaler(), sampler, LogisticRegression())
        scores[name] = cross_val_score(model, X, y, cv=cv, scoring="balanced_accuracy")
    difference = scores["ours"] - scores["imblearn"]
    noise = 3 * difference.std(ddof=1) / np.sqrt(len(difference))
    assert abs(difference.mean()) <= max(noise, 0.01)
    plain = make_pipeline(StandardScaler(), LogisticRegression())
    baseline = cross_val_score(plain, X, y, cv=cv, scoring="balanced_accuracy")
    assert scores["ours"].mean() > baseline.mean()


@pytest.mark.parametrize("k_neighbors", [1, 5])
@pytest.mark.parametrize("strategy", [0.5, "auto"])
@pytest.mark.parametrize("n_features", [4, 24])
def test_binary_rows_identical_to_imblearn_for_same_seed(
    strategy, k_neighbors, n_features, seed, monkeypatch
):
    monkeypatch.setattr(_nearest, "_MIN_ROWS_SEVERAL", 0)  # screen small data too
    # one class to grow: the same draws as SMOTE, hence the same rows (above
    # 15 features the neighbours come from the float32 screen: same order)
    X, y = _binary(seed, n_samples=3000, n_features=n_features)
    kwargs = {"sampling_strategy": strategy, "k_neighbors": k_neighbors}
    X_ours, y_ours = SMOTEOversampler(random_state=seed, **kwargs).fit_resample(X, y)
    X_ref, y_ref = SMOTE(random_state=seed, **kwargs).fit_resample(X, y)
    np.testing.assert_array_equal(y_ours, y_ref)
    np.testing.assert_allclose(X_ours, X_ref, rtol=1e-12, atol=1e-12)


def test_ties_above_15_features_rows_identical_to_imblearn(seed, monkeypatch):
    monkeypatch.setattr(_nearest, "_MIN_ROWS_SEVERAL", 0)  # screen small data too
    # an integer grid and duplicated rows: near ties go to scikit-learn's
    # search, which orders them as SMOTE's own search does
    rng = np.random.default_rng(seed)
    X = rng.integers(-2, 3, size=(2000, 18)).astype(float)
    X[:200] = X[200:400]
    y = (rng.random(2000) < 0.2).astype(int)
    X_ours, y_ours = SMOTEOversampler(random_state=seed).fit_resample(X, y)
    X_ref, y_ref = SMOTE(random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(y_ours, y_ref)
    np.testing.assert_allclose(X_ours, X_ref, rtol=1e-12, atol=1e-12)


def test_multiclass_rows_differ_from_imblearn_same_counts(seed):
    # several classes to grow: SMOTE restarts its generator from the integer
    # seed for every class, we draw on with one generator (documented)
    X, y = _multiclass(seed)
    X_ours, y_ours = SMOTEOversampler(random_state=seed).fit_resample(X, y)
    X_ref, y_ref = SMOTE(random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(y_ours, y_ref)
    first = np.flatnonzero(y_ref[len(y) :] == y_ref[len(y)])  # first class grown
    np.testing.assert_allclose(X_ours[len(y) :][first], X_ref[len(y) :][first])
    assert not np.allclose(X_ours[len(y) :], X_ref[len(y) :])


def test_sample_weight_interpolated(seed):
    X, y = _binary(seed)
    weights = np.random.default_rng(seed).uniform(0.5, 3.0, size=len(y))
    sampler = SMOTEOversampler(random_state=seed)
    X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    n = len(y)
    np.testing.assert_array_equal(w_res[:n], weights)
    base, other = sampler.synthetic_parents_.T
    step = sampler.synthetic_steps_
    np.testing.assert_allclose(
        w_res[n:], (1 - step) * weights[base] + step * weights[other]
    )
    assert len(w_res) == len(y_res) == X_res.shape[0]
    unweighted = SMOTEOversampler(random_state=seed)
    X_plain, _ = unweighted.fit_resample(X, y)
    np.testing.assert_array_equal(X_plain, X_res)


def test_reproducible_and_n_jobs(seed):
    X, y = _binary(seed)
    first = SMOTEOversampler(random_state=seed).fit_resample(X, y)[0]
    second = SMOTEOversampler(random_state=seed, n_jobs=2).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_stays_sparse(fmt, seed):
    X, y = _binary(seed)
    X[:, :2][np.abs(X[:, :2]) < 0.7] = 0.0  # sparse, without duplicate rows
    X_sparse = sparse.csr_matrix(X).asformat(fmt)
    dense = SMOTEOversampler(random_state=seed)
    X_dense_res, _ = dense.fit_resample(X, y)
    sampler = SMOTEOversampler(random_state=seed)
    X_res, y_res = sampler.fit_resample(X_sparse, y)
    assert sparse.issparse(X_res) and X_res.format == fmt
    np.testing.assert_allclose(X_res.toarray(), X_dense_res, rtol=1e-12)
    np.testing.assert_array_equal(sampler.synthetic_parents_, dense.synthetic_parents_)


def test_pandas_keeps_columns(seed):
    X, y = _binary(seed)
    X_df = pd.DataFrame(X, columns=["a", "b", "c", "d"], index=np.arange(len(y)) + 5)
    y_s = pd.Series(y, name="target", index=X_df.index)
    X_res, y_res = SMOTEOversampler(random_state=seed).fit_resample(X_df, y_s)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list("abcd")
    assert isinstance(y_res, pd.Series) and y_res.name == "target"
    np.testing.assert_array_equal(X_res.to_numpy()[: len(y)], X)
    pd.testing.assert_index_equal(X_res.index, pd.RangeIndex(len(y_res)))


def test_dtypes():
    X, y = _binary(0)
    X_res, _ = SMOTEOversampler(random_state=0).fit_resample(X.astype(np.float32), y)
    assert X_res.dtype == np.float32
    X_int = np.round(X * 10).astype(np.int64)
    X_res, _ = SMOTEOversampler(random_state=0).fit_resample(X_int, y)
    assert X_res.dtype == np.float64
    assert not np.all(X_res == np.round(X_res))  # not truncated to integers


def test_high_dimensional_warning_with_measured_ratio():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 500))
    y = np.array([0] * 200 + [1] * 100)
    sampler = SMOTEOversampler(random_state=0)
    with pytest.warns(HighDimensionalWarning, match="500 features") as record:
        sampler.fit_resample(X, y)
    ratio = sampler.distance_concentration_[1]
    assert ratio > 0.75
    assert f"{ratio:.0%}" in str(record[0].message)
    assert re.search(r"relative contrast 0\.\d\d", str(record[0].message))


def test_no_warning_in_low_dimension():
    X, y = _binary(0, n_features=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error", HighDimensionalWarning)
        sampler = SMOTEOversampler(random_state=0)
        sampler.fit_resample(X, y)
    assert sampler.distance_concentration_[1] < 0.75


def test_distance_concentration_recomputed():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((300, 3))
    distances = euclidean_distances(X)
    np.fill_diagonal(distances, np.nan)
    nearest = np.nanmin(distances, axis=1)
    mean = np.nanmean(distances)
    # the mean distance is estimated on 2,000 random pairs: within 5%
    assert distance_concentration(X) == pytest.approx(np.median(nearest) / mean, 0.05)
    assert distance_concentration(X, nearest) == pytest.approx(
        distance_concentration(X)
    )
    assert distance_concentration(sparse.csr_matrix(X)) == pytest.approx(
        distance_concentration(X)
    )
    low = distance_concentration(rng.standard_normal((1000, 2)))
    high = distance_concentration(rng.standard_normal((1000, 300)))
    assert low < 0.1 < 0.85 < high


def test_k_neighbors_too_large():
    X, y = _binary(0, n_samples=60)
    y[:] = 0
    y[:5] = 1
    with pytest.raises(ValueError, match=r"k_neighbors=5 .* class 1 has 5 row"):
        SMOTEOversampler().fit_resample(X, y)
    X_res, y_res = SMOTEOversampler(k_neighbors=4).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [55, 55]
    y[1:5] = 0
    with pytest.raises(ValueError, match="class 1 has 1 row.*single row"):
        SMOTEOversampler(k_neighbors=1).fit_resample(X, y)


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_non_finite_refused(value):
    X, y = _binary(0)
    X[3, 1] = value
    with pytest.raises(ValueError, match="NaN|infinity"):
        SMOTEOversampler().fit_resample(X, y)


def test_one_class_and_removal_refused():
    X, y = _binary(0)
    with pytest.raises(ValueError, match="more than 1 class"):
        SMOTEOversampler().fit_resample(X, np.zeros(len(y)))
    n_minority, n_majority = np.sum(y == 1), np.sum(y == 0)
    message = (
        rf"sampling_strategy asks for 10 rows of class 1, which has {n_minority}: "
        rf"an oversampler cannot remove rows\. To fix: ask for at least "
        rf"{n_minority} rows of class 1"
    )
    with pytest.raises(ValueError, match=message):
        SMOTEOversampler(sampling_strategy={1: 10}).fit_resample(X, y)
    with pytest.raises(ValueError, match=message):
        SMOTEOversampler(sampling_strategy=lambda y: {1: 10}).fit_resample(X, y)
    current = n_minority / n_majority
    with pytest.raises(ValueError, match=rf"sampling_strategy=0\.01 .*{current:.4g}"):
        SMOTEOversampler(sampling_strategy=0.01).fit_resample(X, y)
    # the ratio itself adds no row (imbalanced-learn refuses it too)
    with pytest.raises(ValueError, match="adds no row to class 1"):
        SMOTEOversampler(sampling_strategy=current).fit_resample(X, y)
    # refused exactly where imbalanced-learn refuses: one row more is accepted
    ratio = (n_minority + 1.5) / n_majority
    _, y_res = SMOTEOversampler(sampling_strategy=ratio).fit_resample(X, y)
    _, y_ref = SMOTE(sampling_strategy=ratio).fit_resample(X, y)
    assert np.sum(y_res == 1) == np.sum(y_ref == 1) == n_minority + 1
    # other invalid targets keep imbalanced-learn's message (naming the class)
    with pytest.raises(ValueError, match="not present in the data"):
        SMOTEOversampler(sampling_strategy={7: 100}).fit_resample(X, y)


def test_input_not_modified(seed):
    X, y = _binary(seed)
    X_copy, y_copy = X.copy(), y.copy()
    SMOTEOversampler(random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


def test_resampled_classifier_routes_k_neighbors():
    from sklearn.model_selection import GridSearchCV

    from sklearn_mlsd.pipeline import ResampledClassifier

    X, y = _binary(0)
    model = ResampledClassifier(SMOTEOversampler(), LogisticRegression())
    search = GridSearchCV(
        model, {"sampler__k_neighbors": [1, 3]}, cv=3, scoring="balanced_accuracy"
    )
    search.fit(X, y)
    assert search.best_params_["sampler__k_neighbors"] in (1, 3)
    assert search.best_estimator_.n_resampled_ == 2 * np.bincount(y).max()
