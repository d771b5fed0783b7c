from collections import Counter

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from scipy import sparse
from scipy.stats import chisquare
from sklearn.datasets import make_classification

from sklearn_mlsd.imbalance import RandomOversampler, RandomUndersampler


def _multiclass(seed):
    return make_classification(
        n_samples=700,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=3,
        weights=[0.6, 0.3],
        random_state=seed,
    )


def _binary(seed):
    return make_classification(
        n_samples=500, n_features=4, weights=[0.85], random_state=seed
    )


def _under_callable(y):
    counts = Counter(y)
    return {label: min(n, 150) for label, n in counts.items()}


def _over_callable(y):
    counts = Counter(y)
    return {label: max(n, 300) for label, n in counts.items()}


UNDER = [
    ("binary", 0.5),
    ("binary", 1.0),
    ("binary", "auto"),
    ("binary", "majority"),
    ("multiclass", "not minority"),
    ("multiclass", "not majority"),
    ("multiclass", "all"),
    ("multiclass", {0: 100, 1: 90}),
    ("multiclass", _under_callable),
]
OVER = [
    ("binary", 0.5),
    ("binary", 1.0),
    ("binary", "auto"),
    ("binary", "minority"),
    ("multiclass", "not minority"),
    ("multiclass", "not majority"),
    ("multiclass", "all"),
    ("multiclass", {1: 400, 2: 250}),
    ("multiclass", _over_callable),
]


def _data(kind, seed):
    return _binary(seed) if kind == "binary" else _multiclass(seed)


@pytest.mark.parametrize("kind, strategy", UNDER, ids=str)
def test_undersampler_counts_equal_imblearn(kind, strategy, seed):
    X, y = _data(kind, seed)
    sampler = RandomUndersampler(sampling_strategy=strategy, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    _, y_ref = RandomUnderSampler(
        sampling_strategy=strategy, random_state=seed
    ).fit_resample(X, y)
    assert Counter(y_res) == Counter(y_ref)
    kept = sampler.sample_indices_
    assert np.all(np.diff(kept) > 0)
    np.testing.assert_array_equal(X_res, X[kept])
    np.testing.assert_array_equal(y_res, y[kept])


@pytest.mark.parametrize("kind, strategy", OVER, ids=str)
def test_oversampler_counts_equal_imblearn(kind, strategy, seed):
    X, y = _data(kind, seed)
    sampler = RandomOversampler(sampling_strategy=strategy, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    _, y_ref = RandomOverSampler(
        sampling_strategy=strategy, random_state=seed
    ).fit_resample(X, y)
    assert Counter(y_res) == Counter(y_ref)
    source = sampler.sample_indices_
    np.testing.assert_array_equal(source[: len(y)], np.arange(len(y)))
    np.testing.assert_array_equal(X_res, X[source])
    np.testing.assert_array_equal(y_res, y[source])


def test_undersampler_keeps_every_majority_row_equally_often(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(50, 3))
    y = np.array([0] * 40 + [1] * 10)
    n_draws = 400
    kept = np.zeros(40)
    for draw in range(n_draws):
        sampler = RandomUndersampler(random_state=seed * 10_000 + draw)
        sampler.fit_resample(X, y)
        rows = sampler.sample_indices_
        kept += np.bincount(rows[rows < 40], minlength=40)
    assert kept.sum() == n_draws * 10
    assert chisquare(kept).pvalue > 0.001  # expected n_draws * 10 / 40 each


def test_undersampler_ignores_row_order_and_sparsity(seed):
    X, y = _binary(seed)
    sampler = RandomUndersampler(random_state=seed)
    X_res, _ = sampler.fit_resample(X, y)
    order = np.random.default_rng(seed).permutation(len(y))
    X_perm, _ = RandomUndersampler(random_state=seed).fit_resample(X[order], y[order])
    assert {tuple(r) for r in X_res} == {tuple(r) for r in X_perm}
    X_sp, _ = RandomUndersampler(random_state=seed).fit_resample(
        sparse.csr_matrix(X), y
    )
    np.testing.assert_array_equal(X_sp.toarray(), X_res)


def test_undersampler_weight_two_equals_duplicate(seed):
    X, y = _binary(seed)
    weights = np.ones(len(y))
    weights[:20] = 2.0
    X_dup = np.vstack([X, X[:20]])
    y_dup = np.concatenate([y, y[:20]])
    X_w, y_w, w_w = RandomUndersampler(random_state=seed).fit_resample(
        X, y, sample_weight=weights
    )
    X_d, y_d = RandomUndersampler(random_state=seed).fit_resample(X_dup, y_dup)
    weighted = Counter()
    for row, label, w in zip(map(tuple, X_w), y_w, w_w, strict=True):
        weighted[row, label] += w
    duplicated = Counter(zip(map(tuple, X_d), y_d, strict=True))
    assert weighted == duplicated


def test_undersampler_weights_carried(seed):
    X, y = _binary(seed)
    weights = np.random.default_rng(seed).uniform(0.2, 3.0, size=len(y))
    sampler = RandomUndersampler(random_state=seed)
    _, y_res, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    kept = sampler.sample_indices_
    minority_total = weights[y == 1].sum()
    assert w_res[y_res == 1].sum() == pytest.approx(minority_total)
    assert w_res[y_res == 0].sum() == pytest.approx(round(minority_total))
    partial = ~np.isclose(w_res, weights[kept])
    assert partial.sum() <= 1  # only the last majority row kept may be cut
    assert np.all(w_res <= weights[kept] + 1e-12)


def test_oversampler_duplicates_uniform_and_weighted(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 2))
    y = np.array([0] * 50 + [1] * 10)
    sampler = RandomOversampler(sampling_strategy={0: 50, 1: 4010}, random_state=seed)
    sampler.fit_resample(X, y)
    counts = np.bincount(sampler.sample_indices_[60:], minlength=60)[50:]
    assert counts.sum() == 4000
    assert chisquare(counts).pvalue > 0.001
    weights = np.ones(60)
    weights[50:] = np.arange(1.0, 11.0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    counts = np.bincount(sampler.sample_indices_[60:], minlength=60)[50:]
    expected = counts.sum() * weights[50:] / weights[50:].sum()
    assert chisquare(counts, expected).pvalue > 0.001
    np.testing.assert_array_equal(w_res[:60], weights)
    np.testing.assert_array_equal(w_res[60:], 1.0)


def test_oversampler_refuses_removal():
    X, y = _binary(0)
    n_minority = np.sum(y == 1)
    with pytest.raises(
        ValueError,
        match=rf"sampling_strategy asks for 1 rows of class 1, which has {n_minority}",
    ):
        RandomOversampler(sampling_strategy={1: 1}).fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy=0.05 .* adds no row"):
        RandomOversampler(sampling_strategy=0.05).fit_resample(X, y)
    weights = np.full(len(y), 2.0)
    with pytest.raises(ValueError, match="an oversampler cannot remove rows"):
        RandomOversampler(sampling_strategy={1: 1}).fit_resample(
            X, y, sample_weight=weights
        )


@pytest.mark.parametrize("sampler", [RandomUndersampler, RandomOversampler])
def test_input_not_modified(sampler, seed):
    X, y = _multiclass(seed)
    weights = np.random.default_rng(seed).uniform(0.5, 2.0, size=len(y))
    copies = X.copy(), y.copy(), weights.copy()
    sampler(sampling_strategy="all", random_state=seed).fit_resample(
        X, y, sample_weight=weights
    )
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(y, copies[1])
    np.testing.assert_array_equal(weights, copies[2])
