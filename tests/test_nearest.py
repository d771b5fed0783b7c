"""The float32 nearest-other-rows screen: every answer it certifies is exact."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from sklearn_mlsd.imbalance._nearest import Float32Neighbours


def _exact(X, queries):
    # direct differences (not the expanded form): exact on integer grids
    squared = cdist(X[queries], X, metric="sqeuclidean")
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
@pytest.mark.parametrize("n_neighbors", [1, 5])
def test_certified_answers_are_the_exact_nearest_rows(kind, n_jobs, n_neighbors, seed):
    rng = np.random.default_rng(seed)
    X = _data(kind, rng)
    queries = rng.choice(len(X), size=600, replace=False)
    screen = Float32Neighbours(X, n_neighbors=n_neighbors, n_jobs=n_jobs)
    neighbours, certain = screen.query(queries)
    assert neighbours.shape == (len(queries), n_neighbors)
    squared = _exact(X, queries)
    ordered = np.sort(squared, axis=1)[:, : n_neighbors + 1]
    # a certified query has k + 1 distinct nearest distances (no tie at the
    # boundary or inside) and the screen found the k rows in order
    assert np.all(np.diff(ordered[certain], axis=1) > 0)
    exact = np.argsort(squared, axis=1)[:, :n_neighbors]
    np.testing.assert_array_equal(neighbours[certain], exact[certain])
    if kind == "normal":
        assert certain.mean() > 0.98
    if kind in ("grid", "duplicates"):
        # every query with a tie (or a duplicate) is left to the exact search
        tied = np.any(np.diff(ordered, axis=1) == 0, axis=1)
        assert tied.any()
        assert not np.any(certain & tied)
        assert not np.any(certain & (ordered[:, 0] < 1e-12))


def test_fewer_rows_than_neighbours_plus_one(seed):
    # 6 rows, 5 neighbours: every other row, in order of distance
    X = np.random.default_rng(seed).standard_normal((6, 20))
    queries = np.arange(6)
    neighbours, certain = Float32Neighbours(X, n_neighbors=5).query(queries)
    exact = np.argsort(_exact(X, queries), axis=1)[:, :5]
    assert certain.all()
    np.testing.assert_array_equal(neighbours, exact)


def test_below_stops_only_at_a_nearer_row(seed):
    rng = np.random.default_rng(seed)
    X = _data("normal", rng)
    queries = rng.choice(len(X), size=500, replace=False)
    squared = _exact(X, queries)
    # the distance to the query's k-th nearest row, k in 0..3
    rank = rng.integers(0, 4, size=len(queries))
    below = np.sort(squared, axis=1)[np.arange(len(queries)), rank]
    nearest, certain = Float32Neighbours(X).query(queries, below=below)
    nearest = nearest[:, 0]
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
    screen = Float32Neighbours(X, n_neighbors=3)
    nearest, certain = screen.query(queries)
    order = np.argsort(queries)
    sorted_nearest, sorted_certain = screen.query(queries[order])
    np.testing.assert_array_equal(sorted_nearest, nearest[order])
    np.testing.assert_array_equal(sorted_certain, certain[order])
    empty_nearest, empty_certain = screen.query(np.array([], dtype=int))
    assert empty_nearest.shape == (0, 3)
    assert empty_certain.shape == (0,)
