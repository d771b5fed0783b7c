"""RandomSampler and WeightedSampler: exact sizes, uniformity, weights, errors."""

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.stats import chisquare

from sklearn_mlsd.sampling import RandomSampler, WeightedSampler
from sklearn_mlsd.sampling._simple import simple_random_indices, weighted_indices


def _frame(n=50):
    return pd.DataFrame(
        {"a": np.arange(n), "text": [f"t{i}" for i in range(n)], "w": np.ones(n)},
        index=np.arange(1000, 1000 + n),
    )


@pytest.mark.parametrize("replace", [False, True])
def test_random_sampler_exact_size(seed, replace):
    X = np.arange(300).reshape(100, 3)
    sampler = RandomSampler(n_samples=37, replace=replace, random_state=seed)
    X_sample, y_sample = sampler.fit_resample(X, np.arange(100))
    assert X_sample.shape == (37, 3)
    np.testing.assert_array_equal(X_sample[:, 0], 3 * y_sample)
    assert np.all(np.diff(sampler.sample_indices_) >= 0)
    if not replace:
        assert len(set(sampler.sample_indices_)) == 37


def test_random_sampler_fraction_rounds_to_nearest():
    sampler = RandomSampler(fraction=0.255, random_state=0).fit(np.zeros((10, 1)))
    assert len(sampler.sample_indices_) == 3  # round(2.55)


def test_random_sampler_inclusion_is_uniform(seed):
    n_population, n_samples, repeats = 20, 5, 600
    counts = np.zeros(n_population)
    X = np.arange(n_population).reshape(-1, 1)
    for i in range(repeats):
        sampler = RandomSampler(n_samples=n_samples, random_state=seed * repeats + i)
        counts[sampler.fit(X).sample_indices_] += 1
    expected = np.full(n_population, repeats * n_samples / n_population)
    assert chisquare(counts, expected).pvalue > 0.001


def test_random_sampler_with_replacement_is_uniform(seed):
    rng = np.random.RandomState(seed)
    indices = simple_random_indices(10, 20_000, True, rng)
    counts = np.bincount(indices, minlength=10)
    assert chisquare(counts).pvalue > 0.001
    assert counts.max() > 1


def test_pandas_in_pandas_out_and_input_unchanged(seed):
    X, y = _frame(), pd.Series(np.arange(50) % 3, index=np.arange(1000, 1050))
    X_copy, y_copy = X.copy(), y.copy()
    X_sample, y_sample = RandomSampler(n_samples=7, random_state=seed).fit_resample(
        X, y
    )
    assert isinstance(X_sample, pd.DataFrame) and isinstance(y_sample, pd.Series)
    assert list(X_sample.columns) == ["a", "text", "w"]
    assert (X_sample.dtypes == X.dtypes).all()
    pd.testing.assert_index_equal(X_sample.index, y_sample.index)
    np.testing.assert_array_equal(X_sample.index, X_sample["a"] + 1000)
    pd.testing.assert_frame_equal(X, X_copy)
    pd.testing.assert_series_equal(y, y_copy)


def test_sparse_and_list_input():
    X = sparse.random(30, 4, density=0.3, format="csr", random_state=0)
    X_sample, _ = RandomSampler(n_samples=5, random_state=0).fit_resample(X)
    assert sparse.issparse(X_sample) and X_sample.shape == (5, 4)
    rows = [["a", 1], ["b", 2], ["c", 3]]
    X_sample, _ = RandomSampler(n_samples=2, random_state=0).fit_resample(rows)
    assert isinstance(X_sample, list) and len(X_sample) == 2


def test_sample_weight_travels_with_rows():
    X = np.arange(10).reshape(10, 1)
    w = np.arange(10.0)
    X_s, _, w_s = RandomSampler(n_samples=4, random_state=1).fit_resample(
        X, sample_weight=w
    )
    np.testing.assert_array_equal(X_s.ravel(), w_s)


def test_weighted_with_replacement_follows_weights(seed):
    weights = np.array([1.0, 2.0, 3.0, 4.0, 0.0])
    X = np.arange(5).reshape(-1, 1)
    sampler = WeightedSampler(weights, n_samples=20_000, random_state=seed)
    counts = np.bincount(sampler.fit(X).sample_indices_, minlength=5)
    assert counts[4] == 0
    expected = 20_000 * weights[:4] / weights.sum()
    assert chisquare(counts[:4], expected).pvalue > 0.001


def _successive_sampling_probabilities(weights, k):
    """Exact probability of every k-subset when drawing one by one with
    probability proportional to the weights of the rows left."""
    n = len(weights)
    probabilities = {}

    def walk(chosen, probability):
        if len(chosen) == k:
            key = tuple(sorted(chosen))
            probabilities[key] = probabilities.get(key, 0.0) + probability
            return
        left = [i for i in range(n) if i not in chosen]
        total = weights[left].sum()
        for i in left:
            walk([*chosen, i], probability * weights[i] / total)

    walk([], 1.0)
    return probabilities


def test_weighted_without_replacement_exact_subset_law(seed):
    weights = np.array([1.0, 2.0, 3.0, 4.0])
    exact = _successive_sampling_probabilities(weights, 2)
    subsets = list(combinations(range(4), 2))
    rng = np.random.RandomState(seed)
    repeats = 6000
    counts = dict.fromkeys(subsets, 0)
    for _ in range(repeats):
        counts[tuple(weighted_indices(weights, 2, False, rng))] += 1
    observed = np.array([counts[s] for s in subsets])
    expected = np.array([exact[s] for s in subsets]) * repeats
    assert chisquare(observed, expected).pvalue > 0.001


def test_weighted_without_replacement_first_draw_and_class_path(seed):
    weights = np.array([5.0, 1.0, 1.0, 3.0])
    X = np.arange(4).reshape(-1, 1)
    counts = np.zeros(4)
    repeats = 600
    for i in range(repeats):
        sampler = WeightedSampler(
            weights, n_samples=1, replace=False, random_state=seed * repeats + i
        )
        counts[sampler.fit(X).sample_indices_] += 1
    assert chisquare(counts, repeats * weights / weights.sum()).pvalue > 0.001


def test_weighted_without_replacement_never_draws_zero_weight(seed):
    weights = np.r_[np.zeros(50), np.ones(10)]
    sampler = WeightedSampler(weights, n_samples=10, replace=False, random_state=seed)
    np.testing.assert_array_equal(
        sampler.fit(np.zeros((60, 1))).sample_indices_, np.arange(50, 60)
    )


def test_weights_as_column_array_and_callable():
    X = _frame(6)
    X["w"] = [0, 0, 0, 1, 0, 0]
    by_name = WeightedSampler("w", n_samples=3, random_state=0).fit(X)
    by_array = WeightedSampler(X["w"].to_numpy(), n_samples=3, random_state=0).fit(X)
    by_call = WeightedSampler(lambda d: d["w"], n_samples=3, random_state=0).fit(X)
    for sampler in (by_name, by_array, by_call):
        np.testing.assert_array_equal(sampler.sample_indices_, [3, 3, 3])
    by_index = WeightedSampler(1, n_samples=2, random_state=0)
    X_num = np.array([[5.0, 0.0], [6.0, 1.0], [7.0, 0.0]])
    np.testing.assert_array_equal(by_index.fit(X_num).sample_indices_, [1, 1])


@pytest.mark.parametrize(
    "weights, match",
    [
        ([1.0, -1.0, 1.0], "weights contains negative"),
        ([0.0, 0.0, 0.0], "weights are all zero"),
        ([1.0, np.nan, 1.0], "weights contains NaN"),
        ([1.0, np.inf, 1.0], "weights contains infinity"),
        ([1.0, 1.0], "weights must give one value per row"),
        ("missing", "weights: no column 'missing'"),
    ],
)
def test_bad_weights(weights, match):
    X = pd.DataFrame({"a": [1, 2, 3]})
    with pytest.raises(ValueError, match=match):
        WeightedSampler(weights, n_samples=1).fit(X)


def test_weighted_without_replacement_too_many():
    with pytest.raises(ValueError, match="n_samples=3 is larger than the number"):
        WeightedSampler([1, 1, 0], n_samples=3, replace=False).fit(np.zeros((3, 1)))


@pytest.mark.parametrize("Sampler", [RandomSampler, WeightedSampler])
def test_bad_sizes(Sampler):
    make = (
        (lambda **kw: WeightedSampler(np.ones(5), **kw))
        if (Sampler is WeightedSampler)
        else Sampler
    )
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match="'fraction' parameter"):
        make(fraction=1.5).fit(X)
    with pytest.raises(ValueError, match="n_samples=6 is larger than the population"):
        make(n_samples=6, replace=False).fit(X)
    with pytest.raises(ValueError, match="either n_samples or fraction"):
        make(n_samples=2, fraction=0.5).fit(X)
    with pytest.raises(ValueError, match="Set n_samples"):
        make().fit(X)
    with pytest.raises(ValueError, match="X is empty"):
        make(n_samples=1).fit(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="X is empty"):
        make(n_samples=1).fit(pd.DataFrame({"a": []}))


@pytest.mark.parametrize(
    "y",
    [None, np.linspace(0.0, 1.0, 12), np.zeros(12, dtype=int), list("abcabcabcabc")],
    ids=["none", "continuous", "single-class", "strings"],
)
@pytest.mark.parametrize(
    "sampler",
    [
        RandomSampler(n_samples=5, random_state=0),
        WeightedSampler(np.arange(12.0), n_samples=5, random_state=0),
    ],
    ids=["random", "weighted"],
)
def test_any_target(sampler, y):
    X = np.arange(24).reshape(12, 2)
    X_sample, y_sample = sampler.fit_resample(X, y)
    assert X_sample.shape == (5, 2)
    if y is None:
        assert y_sample is None
    else:
        expected = [y[i] for i in X_sample[:, 0] // 2]
        assert list(y_sample) == expected
