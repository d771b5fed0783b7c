import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import TomekLinks
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.metrics.pairwise import euclidean_distances

from sklearn_mlsd.imbalance import TomekUndersampler

DATASETS = {
    "binary_1pct_2d": {"n_features": 2, "n_redundant": 0, "weights": [0.99]},
    "binary_1pct_10d": {"n_features": 10, "weights": [0.99]},
    "binary_10pct_20d": {"n_features": 20, "weights": [0.9]},
    # above 15 features the float32 screen answers most queries
    "binary_1pct_24d": {"n_features": 24, "weights": [0.99], "flip_y": 0.03},
    "multiclass_20d": {
        "n_features": 20,
        "n_classes": 3,
        "n_informative": 5,
        "weights": [0.8, 0.15],
        "flip_y": 0.05,
    },
    "binary_10pct_5d": {"n_features": 5, "weights": [0.9], "flip_y": 0.05},
    "balanced_4d": {"n_features": 4, "weights": None, "class_sep": 0.5},
    "multiclass_3d": {
        "n_features": 3,
        "n_classes": 3,
        "n_informative": 3,
        "n_redundant": 0,
        "weights": [0.7, 0.2],
    },
    "multiclass_16d": {
        "n_features": 16,
        "n_classes": 4,
        "n_informative": 4,
        "weights": [0.85, 0.1, 0.04],
        "flip_y": 0.05,
    },
}


def _data(name, seed, n_samples=3000):
    params = {"n_clusters_per_class": 1, **DATASETS[name]}
    return make_classification(n_samples=n_samples, random_state=seed, **params)


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("strategy", ["auto", "all", "majority", "not majority"])
def test_same_rows_removed_as_imblearn(name, strategy, seed):
    X, y = _data(name, seed)
    ours = TomekUndersampler(sampling_strategy=strategy)
    X_ours, y_ours = ours.fit_resample(X, y)
    reference = TomekLinks(sampling_strategy=strategy)
    X_ref, y_ref = reference.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, reference.sample_indices_)
    np.testing.assert_array_equal(X_ours, X_ref)
    np.testing.assert_array_equal(y_ours, y_ref)
    assert len(y_ours) < len(y)  # the data sets do have links


def test_list_strategy_matches_imblearn(seed):
    X, y = _data("multiclass_16d", seed)
    ours = TomekUndersampler(sampling_strategy=[1, 2]).fit(X, y)
    ours.fit_resample(X, y)
    reference = TomekLinks(sampling_strategy=[1, 2])
    reference.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, reference.sample_indices_)


def _brute_force_links(X, y):
    """Independent recomputation: pairs of mutual nearest neighbours."""
    distances = euclidean_distances(X)
    np.fill_diagonal(distances, np.inf)
    nearest = distances.argmin(axis=1)
    mutual = nearest[nearest] == np.arange(len(y))
    return mutual & (y[nearest] != y)


@pytest.mark.parametrize("name", ["binary_10pct_5d", "multiclass_3d"])
def test_removed_rows_are_exactly_link_ends(name, seed):
    X, y = _data(name, seed, n_samples=800)
    in_link = _brute_force_links(X, y)
    sampler = TomekUndersampler(sampling_strategy="all")
    sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.sample_indices_, np.flatnonzero(~in_link))
    sampler = TomekUndersampler()
    _, y_res = sampler.fit_resample(X, y)
    minority = np.argmin(np.bincount(y))
    removed = np.setdiff1d(np.arange(len(y)), sampler.sample_indices_)
    assert not np.any(y[removed] == minority)
    np.testing.assert_array_equal(removed, np.flatnonzero(in_link & (y != minority)))
    assert np.sum(y_res == minority) == np.sum(y == minority)


def test_sparse_input_same_rows(seed):
    X, y = _data("binary_10pct_5d", seed, n_samples=1000)
    dense = TomekUndersampler().fit(X, y)
    dense.fit_resample(X, y)
    for fmt in ("csr", "csc"):
        sampler = TomekUndersampler()
        X_res, _ = sampler.fit_resample(sparse.csr_matrix(X).asformat(fmt), y)
        assert sparse.issparse(X_res)
        np.testing.assert_array_equal(sampler.sample_indices_, dense.sample_indices_)
        np.testing.assert_array_equal(X_res.toarray(), X[sampler.sample_indices_])


def test_sample_weight_and_pandas_carried(seed):
    X, y = _data("binary_10pct_5d", seed, n_samples=1000)
    weights = np.random.default_rng(seed).uniform(0.5, 2.0, size=len(y))
    index = pd.Index(np.arange(len(y)) * 10 + 7, name="row")
    X_df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])], index=index)
    y_s = pd.Series(y, index=index, name="label")
    sampler = TomekUndersampler()
    X_res, y_res, w_res = sampler.fit_resample(X_df, y_s, sample_weight=weights)
    kept = sampler.sample_indices_
    assert list(X_res.columns) == list(X_df.columns)
    np.testing.assert_array_equal(X_res.index, index[kept])
    np.testing.assert_array_equal(y_res.index, index[kept])
    np.testing.assert_array_equal(w_res, weights[kept])
    np.testing.assert_array_equal(X_res.to_numpy(), X[kept])


def test_n_jobs_same_result(seed):
    X, y = _data("binary_1pct_10d", seed)
    one = TomekUndersampler(n_jobs=1)
    one.fit_resample(X, y)
    two = TomekUndersampler(n_jobs=2)
    two.fit_resample(X, y)
    np.testing.assert_array_equal(one.sample_indices_, two.sample_indices_)


def test_duplicated_rows_match_imblearn():
    # Exact ties: a duplicated row is its own nearest other row. The same
    # search as TomekLinks gives the same answer on this data.
    X = np.array([[0.0, 0.0], [0.0, 0.0], [0.3, 0.0], [3.0, 0.0], [3.2, 0.0]])
    y = np.array([0, 1, 0, 1, 0])
    ours = TomekUndersampler(sampling_strategy="all")
    ours.fit_resample(X, y)
    reference = TomekLinks(sampling_strategy="all")
    reference.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, reference.sample_indices_)


@pytest.mark.parametrize("n_jobs", [None, 2])
def test_ties_above_15_features_match_imblearn(seed, n_jobs):
    # Rows on an integer grid (many exact distance ties) and duplicated rows:
    # queries the float32 screen cannot certify go to the same search as
    # TomekLinks, which breaks the ties.
    rng = np.random.default_rng(seed)
    X = rng.integers(-2, 3, size=(1500, 18)).astype(float)
    X[:100] = X[100:200]
    y = (rng.random(1500) < 0.1).astype(int)
    ours = TomekUndersampler(sampling_strategy="all", n_jobs=n_jobs)
    ours.fit_resample(X, y)
    reference = TomekLinks(sampling_strategy="all")
    reference.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, reference.sample_indices_)
    assert len(ours.sample_indices_) < len(y)


def test_errors():
    X = np.arange(10.0).reshape(5, 2)
    with pytest.raises(ValueError, match="more than 1 class"):
        TomekUndersampler().fit_resample(X, np.zeros(5))
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        TomekUndersampler().fit_resample(X_nan, np.array([0, 0, 0, 1, 1]))
    with pytest.raises(ValueError, match="'sampling_strategy' parameter of Tomek"):
        TomekUndersampler(sampling_strategy=0.5).fit_resample(
            X, np.array([0, 0, 0, 1, 1])
        )


def test_input_not_modified(seed):
    X, y = _data("binary_10pct_5d", seed, n_samples=1000)
    weights = np.random.default_rng(seed).uniform(0.5, 2.0, size=len(y))
    X_df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    copies = X.copy(), y.copy(), weights.copy(), X_df.copy()
    TomekUndersampler(sampling_strategy="all").fit_resample(X, y, sample_weight=weights)
    TomekUndersampler().fit_resample(X_df, y)
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(y, copies[1])
    np.testing.assert_array_equal(weights, copies[2])
    pd.testing.assert_frame_equal(X_df, copies[3])
