"""The sampler protocol: containers, weights, content keys, input left alone."""

import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats

from sklearn_mlsd.base import is_sampler, take_rows
from sklearn_mlsd.imbalance import RandomOversampler, RandomUndersampler
from sklearn_mlsd.utils._hashing import row_hashes, uniform_keys


def _data(seed=0, n=200):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (rng.random(n) < 0.2).astype(int)
    return X, y


@pytest.mark.parametrize("sampler", [RandomUndersampler, RandomOversampler])
def test_dataframe_keeps_columns_dtypes_and_index(sampler):
    X, y = _data()
    frame = pd.DataFrame(
        {"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": np.arange(len(y))},
        index=pd.Index([f"row{i}" for i in range(len(y))], name="id"),
    )
    target = pd.Series(y, index=frame.index, name="label")
    X_res, y_res = sampler(random_state=0).fit_resample(frame, target)
    assert list(X_res.columns) == ["a", "b", "c"]
    assert X_res.dtypes.tolist() == frame.dtypes.tolist()
    assert y_res.name == "label"
    np.testing.assert_array_equal(X_res.index, y_res.index)
    if sampler is RandomUndersampler:
        # the index of the kept rows is the original one
        idx = frame.index[X_res["c"].to_numpy()]
        np.testing.assert_array_equal(X_res.index, idx)


def test_inputs_are_never_modified():
    X, y = _data()
    w = np.linspace(1, 2, len(y))
    copies = X.copy(), y.copy(), w.copy()
    for sampler in (RandomUndersampler(random_state=0), RandomOversampler()):
        sampler.fit_resample(X, y, sample_weight=w)
    for original, copy in zip((X, y, w), copies, strict=True):
        np.testing.assert_array_equal(original, copy)


def test_weights_returned_only_when_given():
    X, y = _data()
    assert len(RandomUndersampler().fit_resample(X, y)) == 2
    assert len(RandomUndersampler().fit_resample(X, y, sample_weight=np.ones(200))) == 3


@pytest.mark.parametrize(
    "weights, match",
    [
        (-np.ones(200), "(?i)negative"),
        (np.zeros(200), "(?i)zero"),
        (np.r_[np.nan, np.ones(199)], "NaN"),
        (np.ones(5), "shape"),
    ],
)
def test_bad_weights_are_named(weights, match):
    X, y = _data()
    with pytest.raises(ValueError, match=match):
        RandomUndersampler().fit_resample(X, y, sample_weight=weights)


def test_weight_two_equals_duplicated_row(seed):
    X, y = _data(seed, n=60)
    counts = np.random.default_rng(seed).integers(0, 4, size=len(y))
    X_rep, y_rep = np.repeat(X, counts, axis=0), np.repeat(y, counts)
    sampler = RandomUndersampler(random_state=seed)
    Xr, yr = sampler.fit_resample(X_rep, y_rep)
    Xw, yw, ww = RandomUndersampler(random_state=seed).fit_resample(
        X, y, sample_weight=counts.astype(float)
    )
    # the same distinct rows are kept, each as many times as its kept weight
    expanded = np.repeat(Xw, ww.astype(int), axis=0)
    order_r = np.lexsort(Xr.T)
    order_w = np.lexsort(expanded.T)
    np.testing.assert_array_equal(Xr[order_r], expanded[order_w])


def test_undersampling_ignores_row_order(seed):
    X, y = _data(seed)
    perm = np.random.default_rng(seed).permutation(len(y))
    a = RandomUndersampler(random_state=1).fit(X, y)
    kept_a = set(map(tuple, RandomUndersampler(random_state=1).fit_resample(X, y)[0]))
    kept_b = set(
        map(tuple, RandomUndersampler(random_state=1).fit_resample(X[perm], y[perm])[0])
    )
    assert kept_a == kept_b
    assert a.sampling_strategy_ == {0: int(np.bincount(y).min())}


def test_undersampling_keeps_each_majority_row_equally_often():
    X, y = _data(0, n=40)
    n_major = int((y == 0).sum())
    hits = np.zeros(len(y))
    n_runs = 3000
    for seed in range(n_runs):
        sampler = RandomUndersampler(random_state=seed)
        sampler.fit_resample(X, y)
        hits[sampler.sample_indices_] += 1
    assert np.all(hits[y == 1] == n_runs)
    observed = hits[y == 0]
    expected = np.full(n_major, observed.sum() / n_major)
    assert stats.chisquare(observed, expected).pvalue > 0.001


def test_row_hashes_properties():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 6))
    X[rng.random(X.shape) < 0.5] = 0.0
    h = row_hashes(X, seed=3)
    np.testing.assert_array_equal(h, row_hashes(sparse.csr_matrix(X), seed=3))
    np.testing.assert_array_equal(h[::-1], row_hashes(X[::-1], seed=3))
    assert len(np.unique(h)) == len(np.unique(X, axis=0))
    assert not np.array_equal(h, row_hashes(X, seed=4))
    # -0.0 and 0.0 are the same value
    np.testing.assert_array_equal(row_hashes(X * 0.0), row_hashes(np.abs(X * 0.0)))
    u = uniform_keys(rng.normal(size=(20000, 2)), seed=0)
    counts = np.histogram(u, bins=20, range=(0, 1))[0]
    assert stats.chisquare(counts).pvalue > 0.001


def test_is_sampler_and_take_rows():
    from sklearn.preprocessing import StandardScaler

    assert is_sampler(RandomUndersampler()) and not is_sampler(StandardScaler())
    assert take_rows([10, 11, 12], [2, 0]) == [12, 10]
    s = pd.Series([1, 2, 3], index=list("abc"))
    assert take_rows(s, [2]).index.tolist() == ["c"]
