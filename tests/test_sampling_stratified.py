"""StratifiedSampler: exact totals, quotas, rare strata, quota sampling, errors."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chisquare

from sklearn_mlsd.sampling import StratifiedSampler
from sklearn_mlsd.sampling._strata import random_rows_per_stratum


def _labels(rng, sizes):
    labels = np.repeat(np.arange(len(sizes)), sizes)
    return labels[rng.permutation(len(labels))]


@pytest.mark.parametrize("n_samples", [1, 17, 100, 999])
def test_proportional_exact_total_and_quota_within_one(rng, seed, n_samples):
    sizes = rng.integers(1, 300, size=12)
    y = _labels(rng, sizes)
    X = np.arange(len(y)).reshape(-1, 1)
    sampler = StratifiedSampler(
        n_samples=n_samples, min_per_stratum=0, random_state=seed
    )
    X_sample, y_sample = sampler.fit_resample(X, y)
    assert len(y_sample) == n_samples
    counts = np.bincount(y_sample, minlength=len(sizes))
    quotas = n_samples * sizes / sizes.sum()
    assert np.all(np.abs(counts - quotas) < 1)
    np.testing.assert_array_equal(y[X_sample.ravel()], y_sample)
    np.testing.assert_array_equal(sampler.allocation_.to_numpy(), counts)
    np.testing.assert_array_equal(sampler.stratum_counts_.to_numpy(), sizes)


def test_fraction_gives_exact_rounded_total(rng):
    y = _labels(rng, [5003, 2001, 7, 1])
    sampler = StratifiedSampler(fraction=0.1, random_state=0).fit(
        np.zeros((len(y), 1)), y
    )
    assert len(sampler.sample_indices_) == round(0.1 * len(y))
    assert sampler.allocation_.min() >= 1  # both rare strata kept


def test_min_per_stratum_keeps_singletons(rng, seed):
    sizes = np.r_[100_000, np.ones(2000, dtype=int), np.full(50, 3)]
    y = _labels(rng, sizes)
    sampler = StratifiedSampler(n_samples=5000, random_state=seed)
    sampler.fit(np.zeros((len(y), 1)), y)
    counts = np.bincount(y[sampler.sample_indices_], minlength=len(sizes))
    assert len(sampler.sample_indices_) == 5000
    assert np.all(counts >= 1)
    assert counts[0] == 5000 - 2000 - 50


def test_min_per_stratum_two_capped_by_stratum_size(rng):
    y = _labels(rng, [1000, 1, 5])
    sampler = StratifiedSampler(n_samples=10, min_per_stratum=2, random_state=0)
    sampler.fit(np.zeros((len(y), 1)), y)
    assert sampler.allocation_.to_dict() == {0: 7, 1: 1, 2: 2}


def test_equal_allocation_water_fills(rng, seed):
    y = _labels(rng, [500, 400, 3, 60])
    sampler = StratifiedSampler(n_samples=100, allocation="equal", random_state=seed)
    sampler.fit(np.zeros((len(y), 1)), y)
    # the stratum of 3 gives all its rows, the others share 97 as evenly as possible
    assert sampler.allocation_[2] == 3
    others = sampler.allocation_[[0, 1, 3]].to_numpy()
    assert others.sum() == 97 and others.max() - others.min() <= 1


def test_dict_allocation_counts_and_fractions(rng):
    y = _labels(rng, [100, 50, 10])
    X = np.zeros((len(y), 1))
    counts = StratifiedSampler(allocation={0: 7, 2: 10}, random_state=0).fit(X, y)
    assert counts.allocation_.to_dict() == {0: 7, 1: 0, 2: 10}
    fractions = StratifiedSampler(allocation={0: 0.105, 1: 0.105}, random_state=0)
    fractions.fit(X, y)
    # 10.5 + 5.25 = 15.75 -> 16 rows, the larger remainder (0.5) rounds up
    assert fractions.allocation_.to_dict() == {0: 11, 1: 5, 2: 0}


def test_shuffle_false_takes_first_rows_of_each_stratum(rng, seed):
    y = _labels(rng, [40, 25, 9, 1])
    sampler = StratifiedSampler(n_samples=20, shuffle=False, random_state=seed)
    sampler.fit(np.zeros((len(y), 1)), y)
    expected = []
    for label, quota in sampler.allocation_.items():
        expected.extend(np.flatnonzero(y == label)[:quota])
    np.testing.assert_array_equal(sampler.sample_indices_, np.sort(expected))
    other = StratifiedSampler(n_samples=20, shuffle=False, random_state=seed + 10)
    np.testing.assert_array_equal(
        other.fit(np.zeros((len(y), 1)), y).sample_indices_, sampler.sample_indices_
    )


def test_inclusion_is_uniform_within_strata(seed):
    y = np.repeat([0, 1], [12, 36])
    X = np.zeros((48, 1))
    counts = np.zeros(48)
    repeats = 600
    for i in range(repeats):
        sampler = StratifiedSampler(n_samples=8, random_state=seed * repeats + i)
        counts[sampler.fit(X, y).sample_indices_] += 1
    for label, quota in ((0, 2), (1, 6)):
        rows = y == label
        expected = np.full(rows.sum(), repeats * quota / rows.sum())
        assert chisquare(counts[rows], expected).pvalue > 0.001


def test_candidate_fallback_keeps_exact_quotas(seed):
    # 20,000 strata of 100 rows, one row each: a few strata get no candidate
    # under their threshold and must be redone with all their rows.
    rng = np.random.default_rng(seed)
    codes = np.repeat(np.arange(20_000), 100)
    counts = np.full(20_000, 100)
    quota = np.ones(20_000, dtype=np.int64)
    rows = random_rows_per_stratum(codes, counts, quota, rng)
    np.testing.assert_array_equal(np.bincount(codes[rows], minlength=20_000), quota)
    # inclusion inside the strata is uniform (position of the row in its stratum)
    offsets = np.bincount(rows % 100, minlength=100)
    assert chisquare(offsets).pvalue > 0.001


def test_inclusion_is_uniform_with_mixed_thresholds(seed):
    # a small stratum taken whole beside a large one filtered by its threshold
    rng = np.random.default_rng(seed)
    codes = rng.permutation(np.repeat([0, 1], [5, 2000]))
    counts, quota = np.array([5, 2000]), np.array([3, 49])
    inclusion = np.zeros(len(codes))
    repeats = 300
    for _ in range(repeats):
        rows = random_rows_per_stratum(codes, counts, quota, rng)
        np.testing.assert_array_equal(np.bincount(codes[rows]), quota)
        inclusion[rows] += 1
    for stratum in (0, 1):
        observed = inclusion[codes == stratum]
        expected = np.full(counts[stratum], repeats * quota[stratum] / counts[stratum])
        assert chisquare(observed, expected).pvalue > 0.001


def test_with_replacement(rng, seed):
    y = _labels(rng, [30, 3])
    sampler = StratifiedSampler(n_samples=330, replace=True, random_state=seed)
    X_sample, y_sample = sampler.fit_resample(np.arange(33).reshape(-1, 1), y)
    assert np.bincount(y_sample).tolist() == [300, 30]
    assert len(np.unique(X_sample)) < 330
    np.testing.assert_array_equal(y[X_sample.ravel()], y_sample)
    draws = np.bincount(X_sample.ravel()[y_sample == 0], minlength=33)[y == 0]
    assert chisquare(draws).pvalue > 0.001


def test_60000_strata_with_singletons(seed):
    rng = np.random.default_rng(seed)
    n = 300_000
    users = np.floor(70_000 * rng.random(n) ** 3).astype(np.int64)  # long tail
    X = pd.DataFrame({"user": users, "label": (rng.random(n) < 0.01).astype(int)})
    sampler = StratifiedSampler(n_samples=100_000, by=["label", "user"], random_state=0)
    sampler.fit(X)
    sizes = X.groupby(["label", "user"]).size()
    assert len(sizes) > 60_000 and (sizes == 1).sum() > 10_000
    assert len(sampler.sample_indices_) == 100_000
    drawn = X.iloc[sampler.sample_indices_].groupby(["label", "user"]).size()
    pd.testing.assert_index_equal(drawn.index, sizes.index)
    pd.testing.assert_series_equal(
        sampler.stratum_counts_, sizes, check_names=False, check_index_type=False
    )
    np.testing.assert_array_equal(sampler.allocation_.to_numpy(), drawn.to_numpy())


def test_strata_from_columns_names_indices_and_callable():
    X = pd.DataFrame(
        {
            "city": ["SF", "SF", "SF", "SF", "Oslo", "Oslo", "Rome", "Rome"],
            "rain": [0, 1, 0, 1, 0, 1, 0, 0],
        },
        index=list("abcdefgh"),
    )
    one = StratifiedSampler(n_samples=4, by="city", random_state=0).fit(X)
    assert one.allocation_.to_dict() == {"Oslo": 1, "Rome": 1, "SF": 2}
    two = StratifiedSampler(n_samples=6, by=["city", "rain"], random_state=0).fit(X)
    assert len(two.allocation_) == 5 and two.allocation_.min() >= 1
    assert two.allocation_.index.names == ["city", "rain"]
    call = StratifiedSampler(n_samples=4, by=lambda d: d["city"], random_state=0)
    np.testing.assert_array_equal(call.fit(X).allocation_, one.allocation_)
    position = StratifiedSampler(n_samples=4, by=0, random_state=0).fit(X.to_numpy())
    np.testing.assert_array_equal(position.allocation_, one.allocation_)
    X_sample, _ = StratifiedSampler(
        n_samples=4, by="city", random_state=0
    ).fit_resample(X)
    assert X_sample.index.isin(X.index).all() and list(X_sample.columns) == [
        "city",
        "rain",
    ]


def test_labels_of_any_kind():
    # huge integers, strings, NaN as a stratum, and a combination too large for
    # a direct code space
    rng = np.random.default_rng(0)
    n = 20_000
    X = pd.DataFrame(
        {
            "big": rng.integers(0, 3, n) * 10**12,
            "word": rng.choice(["x", "y", None], n),
            "a": rng.integers(0, 3000, n),
            "b": rng.integers(0, 3000, n),
        }
    )
    X.loc[::7, "word"] = np.nan
    X["flag"] = rng.random(n) < 0.3
    X["unsigned"] = rng.integers(0, 5, n).astype(np.uint64) + np.uint64(2**63)
    X["negative"] = rng.integers(-5, 5, n)
    X["category"] = X["word"].astype("category")
    cases = ("big", "word", ["a", "b"], ["big", "word", "a"], "flag", "unsigned")
    cases = (*cases, "category", ["category", "flag"])
    for by in (*cases, ["negative", "flag"]):
        sampler = StratifiedSampler(
            n_samples=15_000, by=by, min_per_stratum=0, random_state=0
        ).fit(X)
        sizes = X.groupby(by, dropna=False).size()
        assert len(sampler.sample_indices_) == 15_000
        assert len(sampler.allocation_) == len(sizes)
        assert sorted(sampler.stratum_counts_.tolist()) == sorted(sizes.tolist())
        if by in ("flag", "unsigned", "big", "category"):
            assert sampler.allocation_.index.tolist() == sizes.index.tolist()


def test_target_kinds():
    X = np.zeros((6, 1))
    sampler = StratifiedSampler(n_samples=3, random_state=0)
    assert len(sampler.fit(X, np.array(["a", "b", "a", "b", "a", "b"])).allocation_)
    assert len(sampler.fit(X, np.ones(6)).sample_indices_) == 3  # one class
    two_classes = sampler.fit(X, np.array([0.0, 1.0] * 3)).allocation_
    assert sorted(two_classes.tolist()) == [1, 2]
    with pytest.raises(ValueError, match="needs a discrete y"):
        sampler.fit(X, np.linspace(0, 1, 6))
    with pytest.raises(ValueError, match="several strata"):
        sampler.fit(X, np.eye(6)[:, :3])
    with pytest.raises(ValueError, match="y contains NaN"):
        sampler.fit(X, np.array([0.0, 1.0, np.nan, 1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match="several strata"):
        sampler.fit(X, pd.Series([["a"], ["a", "b"], ["b"], ["c"], ["a"], ["b"]]))
    with pytest.raises(ValueError, match="y is None"):
        sampler.fit(X)
    # y=None and a continuous y are fine when the strata come from `by`
    by_column = StratifiedSampler(n_samples=3, by=0, random_state=0)
    assert len(by_column.fit(X, np.linspace(0, 1, 6)).sample_indices_) == 3
    assert len(by_column.fit(X).sample_indices_) == 3


def test_input_not_modified():
    X = pd.DataFrame({"g": [1, 1, 2, 2, 2], "v": [1, 2, 2, 2, 5]})
    y = np.array([0, 1, 0, 1, 0])
    X_copy, y_copy = X.copy(), y.copy()
    StratifiedSampler(n_samples=3, by="g", random_state=0).fit_resample(X, y)
    StratifiedSampler(n_samples=4, by=["g", "v"], random_state=0).fit_resample(X, y)
    array = X.to_numpy()
    StratifiedSampler(n_samples=4, by=[0, 1], random_state=0).fit(array)
    np.testing.assert_array_equal(array, X_copy.to_numpy())
    StratifiedSampler(n_samples=3, random_state=0).fit(X, y)
    pd.testing.assert_frame_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


@pytest.mark.parametrize(
    "params, y, match",
    [
        ({"fraction": 1.5}, None, "'fraction' parameter"),
        ({"n_samples": 11, "by": "g"}, None, "n_samples=11 is larger than the"),
        ({"n_samples": 3, "by": "nope"}, None, "by: no column 'nope'"),
        ({"n_samples": 3, "by": ["g", "nope"]}, None, "by: no column 'nope'"),
        ({"n_samples": 3, "by": []}, None, "by is an empty list"),
        ({"n_samples": 1, "by": "g"}, None, "min_per_stratum=1 needs 2 rows"),
        ({"allocation": {3: 1}, "by": "g"}, None, "allocation names strata"),
        ({"allocation": {1: 9}, "by": "g"}, None, r"allocation\[1\]=9 rows"),
        ({"allocation": {1: 1.5}, "by": "g"}, None, "must be in"),
        ({"allocation": {1: 1}, "by": "g", "n_samples": 2}, None, "fixes the sample"),
        (
            {"n_samples": 2, "by": "g", "replace": True, "shuffle": False},
            None,
            "shuffle",
        ),
        ({"n_samples": 2, "by": lambda d: np.zeros((10, 2))}, None, "by: the callable"),
    ],
)
def test_bad_input(params, y, match):
    X = pd.DataFrame({"g": [1] * 5 + [2] * 5, "v": np.arange(10)})
    with pytest.raises(ValueError, match=match):
        StratifiedSampler(**params).fit(X, y)


def test_by_name_needs_a_dataframe():
    with pytest.raises(ValueError, match="X is not a DataFrame"):
        StratifiedSampler(n_samples=1, by="g").fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="out of range"):
        StratifiedSampler(n_samples=1, by=5).fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="X is empty"):
        StratifiedSampler(n_samples=1, by=0).fit(np.zeros((0, 2)))
