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


def _reference_row_hashes(X, seed):
    """row_hashes recomputed the slow, obvious way (one row at a time)."""
    from sklearn_mlsd.utils._hashing import GOLDEN, _column_multipliers, mix64

    multipliers = _column_multipliers(X.shape[1])
    out = np.empty(len(X), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i, row in enumerate(np.asarray(X, dtype=np.float64)):
            bits = (row + 0.0).view(np.uint64)
            total = np.uint64(0)
            for b, m in zip(bits ^ (bits >> np.uint64(29)), multipliers, strict=True):
                total += b * m
            seed_word = mix64(np.uint64(seed) + GOLDEN)
            out[i] = mix64(np.array([total ^ seed_word]))[0]
    return out


def test_row_hashes_layouts_and_blocks_agree(rng):
    X = rng.normal(size=(3001, 7))
    X[rng.random(X.shape) < 0.3] = 0.0
    X[rng.random(X.shape) < 0.05] = -0.0
    expected = _reference_row_hashes(X[:300], seed=11)
    np.testing.assert_array_equal(row_hashes(X[:300], seed=11), expected)
    h = row_hashes(X, seed=11)
    np.testing.assert_array_equal(row_hashes(np.asfortranarray(X), seed=11), h)
    np.testing.assert_array_equal(row_hashes(sparse.csc_matrix(X), seed=11), h)
    for chunk_rows in (1, 7, 1000, 10**6):
        np.testing.assert_array_equal(row_hashes(X, 11, chunk_rows=chunk_rows), h)
        np.testing.assert_array_equal(
            row_hashes(np.asfortranarray(X), 11, chunk_rows=chunk_rows), h
        )
    # a strided view, integers (cast to float64), and input left unchanged
    np.testing.assert_array_equal(
        row_hashes(X[::2, 1::2], 3), row_hashes(np.ascontiguousarray(X[::2, 1::2]), 3)
    )
    ints = rng.integers(-4, 5, size=(50, 3))
    np.testing.assert_array_equal(row_hashes(ints, 2), row_hashes(ints * 1.0, 2))
    before = X.copy()
    row_hashes(X, 5, ensure_all_finite=True)
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize(
    "bad, match", [(np.nan, "Input X contains NaN"), (np.inf, "infinity")]
)
@pytest.mark.parametrize("layout", ["C", "F", "csr"])
def test_row_hashes_finite_check(bad, match, layout):
    X = np.ones((5000, 20))
    X[4321, 13] = bad
    X = {"C": X, "F": np.asfortranarray(X), "csr": sparse.csr_matrix(X)}[layout]
    with pytest.raises(ValueError, match=match):
        row_hashes(X, ensure_all_finite=True, estimator_name="Est")
    assert len(row_hashes(X)) == 5000  # no check asked: no error
    # finite values whose sum overflows are not an error
    huge = np.full((4, 3), 1e308)
    np.testing.assert_array_equal(
        row_hashes(huge, ensure_all_finite=True), row_hashes(huge)
    )


def test_row_hashes_leave_unsorted_sparse_input_alone():
    # row 0 has unsorted column indices, row 1 a duplicate entry (sums to 7)
    X = sparse.csr_matrix(
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([2, 0, 1, 1]), np.array([0, 2, 4])),
        shape=(2, 3),
    )
    X.has_sorted_indices = False
    indices, data = X.indices.copy(), X.data.copy()
    h = row_hashes(X, seed=4)
    np.testing.assert_array_equal(X.indices, indices)
    np.testing.assert_array_equal(X.data, data)
    np.testing.assert_array_equal(h, row_hashes(np.array([[2, 0, 1], [0, 7, 0.0]]), 4))


def test_mix64_leaves_its_input_alone():
    from sklearn_mlsd.utils._hashing import mix64

    h = np.arange(10, dtype=np.uint64)
    out = mix64(h)
    np.testing.assert_array_equal(h, np.arange(10, dtype=np.uint64))
    assert mix64(np.uint64(3)) == out[3]


@pytest.mark.parametrize("container", [np.asarray, sparse.csr_matrix, pd.DataFrame])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_random_undersampler_rejects_non_finite_x(container, bad):
    X, y = _data()
    X[17, 1] = bad
    match = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(ValueError, match=match):
        RandomUndersampler().fit_resample(container(X), y)
    with pytest.raises(ValueError, match=match):
        RandomUndersampler().fit(container(X), y)


def test_random_undersampler_one_hot_and_list_targets(seed):
    # y that is not a 1-D array takes imbalanced-learn's full target check
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(300, 3))
    y = rng.choice(3, size=300, p=[0.6, 0.3, 0.1])
    expected = RandomUndersampler(random_state=seed).fit_resample(X, y)
    X_list, y_list = RandomUndersampler(random_state=seed).fit_resample(X, list(y))
    np.testing.assert_array_equal(X_list, expected[0])
    assert y_list == list(expected[1])
    X_hot, y_hot = RandomUndersampler(random_state=seed).fit_resample(
        X, np.eye(3, dtype=int)[y]
    )
    np.testing.assert_array_equal(X_hot, expected[0])
    np.testing.assert_array_equal(y_hot, np.eye(3, dtype=int)[expected[1]])
    assert np.bincount(expected[1]).tolist() == [np.sum(y == 2)] * 3


def test_is_sampler_and_take_rows():
    from sklearn.preprocessing import StandardScaler

    assert is_sampler(RandomUndersampler()) and not is_sampler(StandardScaler())
    assert take_rows([10, 11, 12], [2, 0]) == [12, 10]
    s = pd.Series([1, 2, 3], index=list("abc"))
    assert take_rows(s, [2]).index.tolist() == ["c"]
