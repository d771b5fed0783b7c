"""The float32 nearest-other-row screen: every answer it certifies is exact."""

import numpy as np
import pytest

from sklearn_mlsd.imbalance._nearest import Float32NearestOther


def _exact(X, queries):
    gaps = X[queries][:, None, :] - X[None, :, :]
    squared = np.einsum("qnd,qnd->qn", gaps, gaps)
    squared[np.arange(len(queries)), queries] = np.inf
    return squared


def _data(kind, rng):
    X = rng.standard_normal((2500, 20))
    if kind == "offset":  # large common offset, small spread: centring matters
        X = 1e4 + 1e-3 * X
    elif kind == "grid":  # exact ties everywhere
        X = np.round(X)
    elif kind == "duplicates":
        X[:300] = X[300:600]
        X[600:700] = X[700:800] + 1e-9
    return X


@pytest.mark.parametrize("kind", ["normal", "offset", "grid", "duplicates"])
@pytest.mark.parametrize("n_jobs", [None, 2])
def test_certified_answers_are_the_exact_nearest_row(kind, n_jobs, seed):
    rng = np.random.default_rng(seed)
    X = _data(kind, rng)
    queries = rng.choice(len(X), size=600, replace=False)
    nearest, certain = Float32NearestOther(X, n_jobs=n_jobs).query(queries)
    squared = _exact(X, queries)
    ordered = np.sort(squared, axis=1)
    # a certified query has one nearest row and the screen found it
    assert np.all(ordered[certain, 1] > ordered[certain, 0])
    np.testing.assert_array_equal(nearest[certain], squared[certain].argmin(axis=1))
    if kind == "normal":
        assert certain.mean() > 0.99
    if kind in ("grid", "duplicates"):
        # every query with a tie (or a duplicate) is left to the exact search
        tied = ordered[:, 1] == ordered[:, 0]
        assert tied.any()
        assert not np.any(certain & tied)
        assert not np.any(certain & (ordered[:, 0] < 1e-12))


def test_below_stops_only_at_a_nearer_row(seed):
    rng = np.random.default_rng(seed)
    X = _data("normal", rng)
    queries = rng.choice(len(X), size=500, replace=False)
    squared = _exact(X, queries)
    # the distance to the query's k-th nearest row, k in 0..3
    rank = rng.integers(0, 4, size=len(queries))
    below = np.sort(squared, axis=1)[np.arange(len(queries)), rank]
    nearest, certain = Float32NearestOther(X).query(queries, below=below)
    found = squared[np.arange(len(queries)), nearest]
    exact = squared.argmin(axis=1)
    # either a row nearer than `below`, or the exact nearest row
    assert np.all((found < below) | (nearest == exact))
    # rank 0: nothing is nearer than the nearest row, so the exact one
    np.testing.assert_array_equal(
        nearest[certain & (rank == 0)], exact[certain & (rank == 0)]
    )
    assert np.all(found[rank > 0] < below[rank > 0])


def test_queries_in_any_order(seed):
    rng = np.random.default_rng(seed)
    X = _data("normal", rng)
    queries = rng.choice(len(X), size=700, replace=False)
    screen = Float32NearestOther(X)
    nearest, certain = screen.query(queries)
    order = np.argsort(queries)
    sorted_nearest, sorted_certain = screen.query(queries[order])
    np.testing.assert_array_equal(sorted_nearest, nearest[order])
    np.testing.assert_array_equal(sorted_certain, certain[order])
    empty_nearest, empty_certain = screen.query(np.array([], dtype=int))
    assert empty_nearest.shape == empty_certain.shape == (0,)
