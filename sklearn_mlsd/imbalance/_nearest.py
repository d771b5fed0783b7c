"""Exact nearest other rows by a float32 screen with a certified margin.

scikit-learn's brute-force neighbour search computes every query-row distance
in float64 (2.8 ns of CPU per pair at 20 features here). Single precision
matrix products are about four times cheaper, but round: a float32 distance
can put the wrong row first when two rows are almost equally near. This module
computes the float32 screen together with a bound on its rounding error, so
that it knows, query by query, whether its winner is certain:

- the squared distance ``||q - x||^2 = ||q||^2 + (||x||^2 - 2 q.x)`` is
  computed as one float32 product of ``[q, 1]`` with ``[-2 x, ||x||^2]``
  (the ``||q||^2`` term is the same for every row and is left out);
- every computed value is within ``tol(q) = c * u * (||q|| + R)^2`` of the
  exact squared distance of the float64 rows, where ``u = 2**-24`` is the
  float32 unit roundoff, ``R`` the largest row norm (after centring, which
  does not change distances) and ``c = 2 * (n_features + 5)`` covers the
  rounding of the inputs, of ``||x||^2`` and of the sum of ``n_features + 1``
  products (in any summation order) with a factor of two to spare;
- so when each of the ``k + 1`` smallest values exceeds the one before by
  more than ``2 * tol(q)``, their rows are the exact ``k`` nearest rows in
  the exact order (and the row after them), whatever float64 search (direct
  or expanded) computes the distances.

Queries with a gap below that margin (near ties), or whose nearest other row
is within the margin of the query itself (near duplicates), are answered by
the caller's exact search, so ties are broken exactly as that search breaks
them.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from joblib import effective_n_jobs
from scipy import sparse
from threadpoolctl import threadpool_limits

from sklearn_mlsd.utils._compat import _openmp_effective_n_threads

_QUERY_BLOCK = 256
_ROW_BLOCK = 2048
_FIRST_BLOCK = 256
_CAST_BLOCK = 65536


def _n_threads(n_jobs):
    """Threads of the scan: ``n_jobs`` with joblib's meaning, but ``None``
    means what scikit-learn's brute-force search (which the scan replaces)
    uses whatever its ``n_jobs``: OpenMP's number of threads."""
    if n_jobs is None:
        return _openmp_effective_n_threads()
    return effective_n_jobs(n_jobs)


def _merge(values, rows, new_values, new_rows, owner):
    """Keep the ``m`` smallest of each query's current ``m`` values (in
    place, sorted) and its new ones (``owner`` = query of each new value)."""
    n_queries, m = values.shape
    owners = np.concatenate([np.repeat(np.arange(n_queries), m), owner])
    pooled_values = np.concatenate([values.ravel(), new_values])
    pooled_rows = np.concatenate([rows.ravel(), new_rows])
    order = np.lexsort((pooled_values, owners))
    counts = np.bincount(owners, minlength=n_queries)
    rank = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    kept = order[rank < m]
    values[:] = pooled_values[kept].reshape(n_queries, m)
    rows[:] = pooled_rows[kept].reshape(n_queries, m)


def _merge_smallest(values, rows, candidates, start):
    """Keep the ``m`` smallest of each query's current ``m`` values (in
    place, sorted) and of its row of ``candidates`` (a copy, overwritten),
    whose columns are rows ``start``, ``start + 1``, ..."""
    n_queries, m = values.shape
    everyone = np.arange(n_queries)
    new_values = np.empty_like(values)
    new_rows = np.empty_like(rows)
    for j in range(m):
        column = candidates.argmin(axis=1)
        new_values[:, j] = candidates[everyone, column]
        new_rows[:, j] = column + start
        candidates[everyone, column] = np.inf
    pooled_values = np.concatenate([values, new_values], axis=1)
    pooled_rows = np.concatenate([rows, new_rows], axis=1)
    order = np.argsort(pooled_values, axis=1, kind="stable")[:, :m]
    values[:] = np.take_along_axis(pooled_values, order, axis=1)
    rows[:] = np.take_along_axis(pooled_rows, order, axis=1)


class Float32Neighbours:
    """The ``n_neighbors`` nearest other rows of queried rows of a dense matrix.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The rows searched (and queried: queries are row positions of ``X``).
    n_neighbors : int, default=1
        Nearest other rows returned per query.
    n_jobs : int, default=None
        Threads over blocks of queries: ``None`` is OpenMP's number of
        threads (all cores unless ``OMP_NUM_THREADS`` says otherwise), as
        scikit-learn's brute-force search; ``-1`` all processors.
    """

    def __init__(self, X, *, n_neighbors=1, n_jobs=None):
        n_samples, n_features = X.shape
        mean = np.asarray(X.mean(axis=0), dtype=np.float64)
        centred = np.empty((n_samples, n_features), dtype=np.float32)
        for start in range(0, n_samples, _CAST_BLOCK):
            stop = start + _CAST_BLOCK
            np.subtract(X[start:stop], mean, out=centred[start:stop], casting="unsafe")
        squared = np.einsum("ij,ij->i", centred, centred, dtype=np.float64)
        self._rows = centred
        self._query_squared = squared
        # columns of the product: [-2 x, ||x||^2]
        self._right = np.empty((n_features + 1, n_samples), dtype=np.float32)
        np.multiply(centred.T, -2.0, out=self._right[:n_features])
        self._right[n_features] = squared
        self._radius = float(np.sqrt(squared.max())) if n_samples else 0.0
        self._factor = 2.0 * (n_features + 5) * 2.0**-24
        self.n_neighbors = n_neighbors
        self._n_jobs = n_jobs

    def tolerance(self, queries):
        """Bound on the error of every computed value of each query."""
        norm = np.sqrt(self._query_squared[queries])
        return self._factor * (norm + self._radius) ** 2

    def _block(self, queries, stop, margin):
        """Scan all rows for a block of queries (sorted row positions: the
        search of each query's own row needs it).

        Returns the ``n_neighbors + 1`` smallest values of each query with
        their rows (sorted), and whether the query stopped early: a query
        stops at the first row whose value is below its ``stop`` value
        (``-inf``: never); its first row is then that row. ``margin`` is
        twice each query's error bound (float32).

        For each block of rows, the minimum of each query is computed first;
        only the queries whose minimum beats their current last kept value
        (a few times per query over the whole scan) have their block row
        searched for the values to keep. Values more than the margin above
        the ``n_neighbors``-th are not kept: the last kept value is then only
        an upper bound, which is all the certificate needs.
        """
        n_queries, m = len(queries), self.n_neighbors + 1
        n_samples = self._right.shape[1]
        kept_values = np.full((n_queries, m), np.inf, dtype=np.float32)
        kept_rows = np.full((n_queries, m), -1, dtype=np.intp)
        stopped = np.zeros(n_queries, dtype=bool)
        # state of the queries still scanning, compacted when some stop
        index = np.arange(n_queries)
        left = np.empty((n_queries, self._right.shape[0]), dtype=np.float32)
        left[:, :-1] = self._rows[queries]
        left[:, -1] = 1.0
        can_stop = bool(np.any(stop > -np.inf))
        values = np.empty((n_queries, min(_ROW_BLOCK, n_samples)), dtype=np.float32)
        # a narrow first block fills the kept values cheaply; the next blocks
        # then have few values below the last kept one
        first_width = min(n_samples, max(_FIRST_BLOCK, 4 * m))
        starts = [0, *range(first_width, n_samples, _ROW_BLOCK)]
        for start in starts:
            if len(index) == 0:
                break
            stop_row = min(start + _ROW_BLOCK, n_samples) if start else first_width
            block = values[: len(index), : stop_row - start]
            np.matmul(left, self._right[:, start:stop_row], out=block)
            # a row is not its own neighbour
            mine = queries[index]
            lo, hi = np.searchsorted(mine, (start, stop_row))
            block[np.arange(lo, hi), mine[lo:hi] - start] = np.inf
            low = block.min(axis=1)
            done = np.flatnonzero(low < stop[index]) if can_stop else ()
            if len(done):
                kept_rows[index[done], 0] = block[done].argmin(axis=1) + start
                stopped[index[done]] = True
                keep = np.ones(len(index), dtype=bool)
                keep[done] = False
                index, left, margin = index[keep], left[keep], margin[keep]
                block, low = block[keep], low[keep]
            if start == 0:
                if block.shape[1] > m:
                    first = np.argpartition(block, m - 1, axis=1)[:, :m]
                else:
                    first = np.broadcast_to(np.arange(block.shape[1]), block.shape)
                firsts = np.take_along_axis(block, first, axis=1)
                ranked = np.argsort(firsts, axis=1, kind="stable")
                width = first.shape[1]
                kept_values[index, :width] = np.take_along_axis(firsts, ranked, axis=1)
                kept_rows[index, :width] = np.take_along_axis(first, ranked, axis=1)
                continue
            last = np.minimum(
                kept_values[index, m - 1], kept_values[index, m - 2] + margin
            )
            near = np.flatnonzero(low < last)
            if len(near) == 0:
                continue
            at = index[near]
            candidates = block[near]
            current_values, current_rows = kept_values[at], kept_rows[at]
            if m <= 2:
                # one neighbour: the row's two smallest by two argmins
                _merge_smallest(current_values, current_rows, candidates, start)
            else:
                # (a 1-d nonzero is ten times faster than a 2-d one)
                flat = np.flatnonzero(candidates < last[near, None])
                owner, column = np.divmod(flat, candidates.shape[1])
                _merge(
                    current_values,
                    current_rows,
                    candidates.ravel()[flat],
                    column + start,
                    owner,
                )
            kept_values[at], kept_rows[at] = current_values, current_rows
        return kept_values, kept_rows, stopped

    def query(self, queries, *, below=None):
        """Nearest other rows of each query and whether they are certain.

        Parameters
        ----------
        queries : ndarray of shape (n_queries,)
            Row positions.
        below : ndarray of shape (n_queries,), default=None
            Squared distances. A query whose scan meets a row certainly
            nearer than its ``below`` stops there and returns that row as its
            first, as certain: it answers "is the nearest other row at
            ``below`` or farther?" without a full scan.

        Returns
        -------
        neighbours : ndarray of shape (n_queries, n_neighbors)
            Row positions of the float32 nearest other rows, nearest first
            (for a stopped query: column 0 is a row nearer than ``below``).
        certain : ndarray of shape (n_queries,), dtype bool
            False where the margin cannot certify them (near ties, near
            duplicates): the caller must search those exactly.
        """
        queries = np.asarray(queries, dtype=np.intp)
        order = np.argsort(queries, kind="stable")
        queries = queries[order]
        tolerance = self.tolerance(queries)
        margin = 2.0 * tolerance
        if below is None:
            stop = np.full(len(queries), -np.inf, dtype=np.float32)
        else:
            # value space (||q||^2 left out), lowered by the error bound and
            # rounded down so that a stop is always certain
            stop64 = np.asarray(below, dtype=np.float64)[order]
            stop64 = stop64 - self._query_squared[queries] - tolerance
            stop = stop64.astype(np.float32)
            np.nextafter(stop, np.float32(-np.inf), out=stop, where=stop > stop64)
        spans = range(0, len(queries), _QUERY_BLOCK)
        blocks = [
            (
                queries[at : at + _QUERY_BLOCK],
                stop[at : at + _QUERY_BLOCK],
                margin[at : at + _QUERY_BLOCK].astype(np.float32),
            )
            for at in spans
        ]
        n_threads = max(1, min(_n_threads(self._n_jobs), len(blocks)))
        with threadpool_limits(limits=1, user_api="blas"):
            if n_threads == 1:
                results = [self._block(*block) for block in blocks]
            else:
                with ThreadPoolExecutor(n_threads) as pool:
                    results = list(pool.map(lambda block: self._block(*block), blocks))
        k = self.n_neighbors
        if not results:
            return np.empty((0, k), dtype=np.intp), np.empty(0, dtype=bool)
        values, rows, stopped = (
            np.concatenate(part) for part in zip(*results, strict=True)
        )
        values = values.astype(np.float64)
        margin = margin[:, None]
        with np.errstate(invalid="ignore"):  # inf - inf: too few rows
            apart = np.all(np.diff(values, axis=1) > margin, axis=1)
        distinct = values[:, 0] + self._query_squared[queries] > margin[:, 0]
        certain = stopped | (apart & distinct)
        unsorted = np.empty_like(order)
        unsorted[order] = np.arange(len(order))
        return rows[unsorted, :k], certain[unsorted]


# scikit-learn's automatic choice: trees up to 15 features, brute force above
_TREE_MAX_FEATURES = 15
_MIN_ROWS_SEVERAL = 50_000


def screen_for(X, n_neighbors, n_jobs):
    """A float32 screen of ``X`` where it beats scikit-learn's search, else
    None: dense data with more features than trees handle well, and for more
    than one neighbour enough rows to repay the upkeep of the kept values
    (measured: 2x at 50,000 rows x 20 features with 5 neighbours, 0.6x at
    5,000)."""
    if sparse.issparse(X) or X.shape[1] <= _TREE_MAX_FEATURES:
        return None
    if n_neighbors > 1 and X.shape[0] < _MIN_ROWS_SEVERAL:
        return None
    return Float32Neighbours(X, n_neighbors=n_neighbors, n_jobs=n_jobs)


def nearest_other_rows(search, screen, X, rows, below=None):
    """Columns 1, ..., k of ``search.kneighbors(X[rows])``: the k nearest
    rows of each row in ``rows`` after itself, ``search`` being a fitted
    ``NearestNeighbors(n_neighbors=k + 1)``.

    With a float32 ``screen`` of ``X``, only the rows whose neighbours it
    cannot certify are searched by ``search``; with ``below`` (squared
    distances) too, a row may get instead, in column 0, some row nearer than
    its ``below``."""
    k = search.n_neighbors - 1
    if len(rows) == 0:
        return np.empty((0, k), dtype=np.intp)
    if screen is None:
        return search.kneighbors(X[rows], return_distance=False)[:, 1:]
    neighbours, certain = screen.query(rows, below=below)
    unsure = rows[~certain]
    if len(unsure):
        found = search.kneighbors(X[unsure], return_distance=False)
        neighbours[~certain] = found[:, 1:]
    return neighbours
