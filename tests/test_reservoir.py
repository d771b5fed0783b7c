"""ReservoirSampler and reservoir_sample: exact distributions, merge, errors."""

import itertools

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.stats import chisquare

from sklearn_mlsd.sampling import ReservoirSampler, reservoir_sample


def _subset_probabilities(weights, k):
    """Exact probability of every k-subset under successive weighted draws."""
    weights = np.asarray(weights, dtype=float)
    probabilities = {}
    for order in itertools.permutations(range(len(weights)), k):
        left, p = weights.sum(), 1.0
        for item in order:
            p *= weights[item] / left
            left -= weights[item]
        key = tuple(sorted(order))
        probabilities[key] = probabilities.get(key, 0.0) + p
    return probabilities


def _assert_subsets_follow(samples, probabilities):
    """Chi-square of the observed k-subsets against their exact probabilities."""
    keys = sorted(probabilities)
    index = {key: i for i, key in enumerate(keys)}
    counts = np.zeros(len(keys))
    for sample in samples:
        counts[index[tuple(sorted(int(i) for i in sample))]] += 1
    expected = np.array([probabilities[key] for key in keys]) * len(samples)
    possible = expected > 0
    assert counts[~possible].sum() == 0  # impossible subsets never drawn
    assert chisquare(counts[possible], expected[possible]).pvalue > 0.001


def _stream(sampler, n, cuts):
    X = np.arange(n).reshape(-1, 1)
    for start, stop in itertools.pairwise([0, *cuts, n]):
        sampler.partial_fit(X[start:stop], np.arange(start, stop) * 10)
    return sampler


def test_uniform_inclusion_is_k_over_n_for_uneven_chunks(seed):
    rng = np.random.default_rng(seed)
    n, k, runs = 50, 5, 600
    counts = np.zeros(n)
    for run in range(runs):
        cuts = np.sort(
            rng.choice(np.arange(1, n), size=rng.integers(0, 6), replace=False)
        )
        sampler = _stream(ReservoirSampler(k, random_state=seed * runs + run), n, cuts)
        assert sampler.n_seen_ == n and len(sampler.sample_indices_) == k
        np.testing.assert_array_equal(sampler.sample_.ravel(), sampler.sample_indices_)
        np.testing.assert_array_equal(sampler.sample_y_, sampler.sample_indices_ * 10)
        counts[sampler.sample_indices_] += 1
    # Fixed-size samples make the statistic conservative; still p > 0.001.
    assert chisquare(counts).pvalue > 0.001
    assert counts.sum() == runs * k


@pytest.mark.parametrize("cuts", [[1, 2, 3, 4, 5], [2]])
def test_uniform_subsets_are_uniform_whatever_the_chunking(cuts):
    n, k = 6, 2
    samples = [
        _stream(ReservoirSampler(k, random_state=r), n, cuts).sample_indices_
        for r in range(1000)
    ]
    _assert_subsets_follow(samples, _subset_probabilities(np.ones(n), k))


def test_merge_is_not_biased_toward_the_small_side(seed):
    n_small, n_large, k, runs = 10, 40, 5, 500
    counts, from_small = np.zeros(n_small + n_large), 0
    for run in range(runs):
        first = _stream(
            ReservoirSampler(k, random_state=2 * run + seed * 10**5), n_small, [3]
        )
        second = _stream(
            ReservoirSampler(k, random_state=2 * run + 1 + seed * 10**5), n_large, [17]
        )
        merged = first.merge(second)
        assert merged.n_seen_ == n_small + n_large
        indices = merged.sample_indices_
        np.testing.assert_array_equal(
            merged.sample_.ravel(),
            np.where(indices < n_small, indices, indices - n_small),
        )
        counts[indices] += 1
        from_small += (indices < n_small).sum()
    assert chisquare(counts).pvalue > 0.001
    # k * n_small / n = 1 item per run from the small side (dask's merge gives ~2.5).
    assert abs(from_small / runs - 1.0) < 0.15


def test_merge_subsets_are_exact_and_partial_fit_continues():
    # A stream shorter than k, merged, then extended: still uniform over all 7.
    samples = []
    for run in range(1000):
        first = _stream(ReservoirSampler(3, random_state=3 * run), 2, [])
        second = _stream(ReservoirSampler(3, random_state=3 * run + 1), 3, [1])
        merged = first.merge(second)
        merged.partial_fit(np.arange(2).reshape(-1, 1), np.zeros(2))
        assert merged.n_seen_ == 7
        samples.append(merged.sample_indices_)
    _assert_subsets_follow(samples, _subset_probabilities(np.ones(7), 3))


def test_weighted_subsets_follow_successive_draw_probabilities():
    weights = np.array([1.0, 2.0, 0.0, 3.0, 4.0, 5.0])
    X = np.column_stack([np.arange(6), weights])
    samples = []
    for run in range(1200):
        sampler = ReservoirSampler(2, weights=1, random_state=run)
        sampler.partial_fit(X[:3]).partial_fit(X[3:4]).partial_fit(X[4:])
        samples.append(sampler.sample_indices_)
    _assert_subsets_follow(samples, _subset_probabilities(weights, 2))


def test_weighted_merge_keeps_the_top_keys():
    weights = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    X = np.column_stack([weights, np.arange(5)])
    samples = []
    for run in range(1200):
        first = ReservoirSampler(2, weights=0, random_state=2 * run)
        second = ReservoirSampler(2, weights=0, random_state=2 * run + 1)
        merged = first.partial_fit(X[:2]).merge(second.partial_fit(X[2:]))
        np.testing.assert_array_equal(merged.sample_[:, 1], merged.sample_indices_)
        samples.append(merged.sample_indices_)
    _assert_subsets_follow(samples, _subset_probabilities(weights, 2))


def test_weighted_callable_and_zero_weight_rows_never_drawn():
    X = np.arange(40.0).reshape(-1, 1)
    sampler = ReservoirSampler(
        10, weights=lambda chunk: chunk[:, 0] % 2, random_state=0
    )
    sampler.partial_fit(X[:7]).partial_fit(X[7:])
    assert len(sampler.sample_indices_) == 10
    assert (sampler.sample_indices_ % 2 == 1).all()


def test_reservoir_sample_is_uniform(seed):
    samples = [
        reservoir_sample(iter(range(6)), 2, random_state=1000 * seed + r)
        for r in range(1000)
    ]
    assert all(sample == sorted(sample) for sample in samples)
    _assert_subsets_follow(samples, _subset_probabilities(np.ones(6), 2))


def test_reservoir_sample_short_stream_and_errors():
    assert reservoir_sample(["a", "b"], 5, random_state=0) == ["a", "b"]
    with pytest.raises(ValueError, match="stream is empty"):
        reservoir_sample(iter(()), 3)
    with pytest.raises(ValueError, match="'k' parameter"):
        reservoir_sample(range(10), 0)
    with pytest.raises(ValueError, match="'k' parameter"):
        reservoir_sample(range(10), -2)


def test_fit_resample_equals_one_partial_fit_and_keeps_pandas():
    frame = pd.DataFrame(
        {"a": np.arange(100), "b": list("xy") * 50}, index=np.arange(100) + 1000
    )
    y = pd.Series(np.arange(100.0) / 7, index=frame.index)
    X_res, y_res = ReservoirSampler(8, random_state=0).fit_resample(frame, y)
    streamed = ReservoirSampler(8, random_state=0).partial_fit(frame, y)
    assert list(X_res.columns) == ["a", "b"] and X_res.dtypes.equals(frame.dtypes)
    np.testing.assert_array_equal(X_res.index, streamed.sample_.index)
    np.testing.assert_array_equal(X_res["a"], streamed.sample_indices_)
    np.testing.assert_allclose(y_res.to_numpy(), streamed.sample_y_.to_numpy())
    # single-class and continuous y, and no y, are all fine
    for target in (np.zeros(100), np.linspace(0, 1, 100), None):
        ReservoirSampler(3, random_state=0).fit_resample(frame, target)


def test_sparse_chunks():
    X = sp.random(60, 4, density=0.5, format="csr", random_state=0)
    sampler = ReservoirSampler(6, random_state=0)
    for start in range(0, 60, 25):
        sampler.partial_fit(X[start : start + 25])
    assert sp.issparse(sampler.sample_)
    np.testing.assert_array_equal(
        sampler.sample_.toarray(), X[sampler.sample_indices_].toarray()
    )


@pytest.mark.parametrize(
    "weights, match",
    [
        (np.array([1.0, np.nan, 1.0]), "weights contain NaN"),
        (np.array([1.0, -1.0, 1.0]), "weights contain NaN, infinity or negative"),
        (np.zeros(3), "weights are all zero"),
    ],
)
def test_bad_weights(weights, match):
    X = np.column_stack([np.arange(3.0), weights])
    with pytest.raises(ValueError, match=match):
        ReservoirSampler(2, weights=1).fit_resample(X)


def test_bad_input_messages():
    X = np.arange(10.0).reshape(-1, 2)
    with pytest.raises(ValueError, match="'n_samples' parameter"):
        ReservoirSampler(0).partial_fit(X)
    with pytest.raises(ValueError, match="weights='w' names a column"):
        ReservoirSampler(2, weights="w").partial_fit(X)
    with pytest.raises(ValueError, match="one number per row"):
        ReservoirSampler(2, weights=lambda chunk: [1.0]).partial_fit(X)
    with pytest.raises(ValueError, match=r"X is empty \(shape \(0, 2\)\)"):
        ReservoirSampler(2).partial_fit(X[:0])
    with pytest.raises(ValueError, match="X is an empty DataFrame"):
        ReservoirSampler(2).partial_fit(pd.DataFrame({"a": []}))
    sampler = ReservoirSampler(2).partial_fit(X)
    with pytest.raises(ValueError, match="with every chunk or with none"):
        sampler.partial_fit(X, np.ones(5))
    with pytest.raises(ValueError, match="is expecting 2 features"):
        sampler.partial_fit(np.ones((3, 3)))
    with pytest.raises(ValueError, match="n_samples differ"):
        sampler.merge(ReservoirSampler(3).partial_fit(X))
    with pytest.raises(ValueError, match="one reservoir is weighted"):
        sampler.merge(ReservoirSampler(2, weights=0).partial_fit(X + 1))


def test_long_stream_positions_are_uniform(seed):
    # 2,000,000 items in uneven chunks, k = 2,000: the kept positions spread
    # uniformly (deciles), including far past the first chunk.
    sampler = ReservoirSampler(2000, random_state=seed)
    chunk = np.zeros((700_000, 1), dtype=np.int8)
    for size in (1, 999, 300_000, 700_000, 299_000, 700_000):
        sampler.partial_fit(chunk[:size])
    assert sampler.n_seen_ == 2_000_000 and len(sampler.sample_indices_) == 2000
    assert (np.diff(sampler.sample_indices_) > 0).all()
    deciles = np.bincount(sampler.sample_indices_ // 200_000, minlength=10)
    assert chisquare(deciles).pvalue > 0.001


def test_hypergeometric_split_for_huge_streams(seed):
    from sklearn_mlsd.sampling._reservoir_algorithms import _hypergeometric

    rng = np.random.RandomState(seed)
    big = [_hypergeometric(rng, 3 * 10**9, 10**9, 400) for _ in range(300)]
    # mean 300, sd sqrt(400 * 3/4 * 1/4) = 8.66 per draw
    assert abs(np.mean(big) - 300) < 4 * 8.66 / np.sqrt(300)
    assert _hypergeometric(rng, 0, 5, 3) == 0 and _hypergeometric(rng, 5, 0, 3) == 3


def test_fit_resets_and_partial_fit_continues_with_pandas_index():
    frame = pd.DataFrame({"a": np.arange(30)}, index=[f"r{i}" for i in range(30)])
    sampler = ReservoirSampler(4, random_state=0).fit(frame.iloc[:10])
    assert sampler.n_seen_ == 10
    sampler.partial_fit(frame.iloc[10:25]).partial_fit(frame.iloc[25:])
    assert sampler.n_seen_ == 30
    assert list(sampler.sample_.index) == [f"r{i}" for i in sampler.sample_indices_]
    np.testing.assert_array_equal(sampler.sample_["a"], sampler.sample_indices_)
    sampler.fit(frame.iloc[:3])  # fit starts a new stream
    assert sampler.n_seen_ == 3 and list(sampler.sample_indices_) == [0, 1, 2]
