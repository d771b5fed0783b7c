"""Exact nearest other row by a float32 screen with a certified margin.

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
- so when the second smallest value exceeds the smallest by more than
  ``2 * tol(q)``, the row of the smallest is the exact nearest row, whatever
  float64 search (direct or expanded) computes the distances.

Queries whose two best rows are closer than that margin, or whose nearest
other row is within the margin of the query itself (near duplicates), are
answered by the caller's exact search, so ties are broken exactly as that
search breaks them.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from joblib import effective_n_jobs
from threadpoolctl import threadpool_limits

_QUERY_BLOCK = 256
_ROW_BLOCK = 2048
_CAST_BLOCK = 65536


class Float32NearestOther:
    """Nearest other row of each queried row of a dense float matrix.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The rows searched (and queried: queries are row positions of ``X``).
    n_jobs : int, default=None
        Threads over blocks of queries (joblib's meaning: ``None`` is 1,
        ``-1`` all processors).
    """

    def __init__(self, X, *, n_jobs=None):
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
        self._n_jobs = n_jobs

    def tolerance(self, queries):
        """Bound on the error of every computed value of each query."""
        norm = np.sqrt(self._query_squared[queries])
        return self._factor * (norm + self._radius) ** 2

    def _block(self, queries, stop):
        """Scan all rows for a block of queries (sorted row positions: the
        search of each query's own row needs it).

        Returns the best row, best value, second best value and whether the
        query stopped early: a query stops at the first row whose value is
        below its ``stop`` value (``-inf``: never).

        The second best value is exact only where it matters: when it is
        within the margin of the best one. For each block of rows, the minimum
        of each query is computed first; only the queries whose minimum comes
        near their best so far (a few times per query over the whole scan)
        have their block row searched for the position and the runner-up.
        """
        n_queries = len(queries)
        n_samples = self._right.shape[1]
        where = np.zeros(n_queries, dtype=np.intp)
        best = np.full(n_queries, np.inf, dtype=np.float32)
        second = np.full(n_queries, np.inf, dtype=np.float32)
        stopped = np.zeros(n_queries, dtype=bool)
        # state of the queries still scanning, compacted when some stop
        index = np.arange(n_queries)
        left = np.empty((n_queries, self._right.shape[0]), dtype=np.float32)
        left[:, :-1] = self._rows[queries]
        left[:, -1] = 1.0
        margin = (2.0 * self.tolerance(queries)).astype(np.float32)
        values = np.empty((n_queries, _ROW_BLOCK), dtype=np.float32)
        for start in range(0, n_samples, _ROW_BLOCK):
            if len(index) == 0:
                break
            stop_row = min(start + _ROW_BLOCK, n_samples)
            block = values[: len(index), : stop_row - start]
            np.matmul(left, self._right[:, start:stop_row], out=block)
            # a row is not its own neighbour
            mine = queries[index]
            lo, hi = np.searchsorted(mine, (start, stop_row))
            block[np.arange(lo, hi), mine[lo:hi] - start] = np.inf
            low = block.min(axis=1)
            done = np.flatnonzero(low < stop[index])
            if len(done):
                where[index[done]] = block[done].argmin(axis=1) + start
                best[index[done]] = low[done]
                stopped[index[done]] = True
                keep = np.ones(len(index), dtype=bool)
                keep[done] = False
                index, left, margin = index[keep], left[keep], margin[keep]
                block, low = block[keep], low[keep]
            now_best = best[index]
            near = np.flatnonzero(low < now_best + margin)
            # far from the best: only a bound on the second best
            second[index] = np.minimum(second[index], low)
            if len(near) == 0:
                continue
            rows = block[near]
            top = rows.argmin(axis=1)
            rows[np.arange(len(near)), top] = np.inf
            runner_up = rows.min(axis=1)
            low_near = low[near]
            improved = low_near < now_best[near]
            at = index[near]
            second[at] = np.where(
                improved, np.minimum(now_best[near], runner_up), second[at]
            )
            best[at[improved]] = low_near[improved]
            where[at[improved]] = top[improved] + start
        return where, best, second, stopped

    def query(self, queries, *, below=None):
        """Nearest other row of each query and whether it is certain.

        Parameters
        ----------
        queries : ndarray of shape (n_queries,)
            Row positions.
        below : ndarray of shape (n_queries,), default=None
            Squared distances. A query whose scan meets a row certainly
            nearer than its ``below`` stops there and returns that row, as
            certain: it answers "is the nearest other row at ``below`` or
            farther?" without a full scan.

        Returns
        -------
        nearest : ndarray of shape (n_queries,)
            Row position of the float32 nearest other row (for a stopped
            query: a row nearer than ``below``).
        certain : ndarray of shape (n_queries,), dtype bool
            False where the margin cannot certify it (near ties, near
            duplicates): the caller must search those exactly.
        """
        queries = np.asarray(queries, dtype=np.intp)
        order = np.argsort(queries, kind="stable")
        queries = queries[order]
        tolerance = self.tolerance(queries)
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
            (queries[at : at + _QUERY_BLOCK], stop[at : at + _QUERY_BLOCK])
            for at in spans
        ]
        n_threads = max(1, min(effective_n_jobs(self._n_jobs), len(blocks)))
        with threadpool_limits(limits=1, user_api="blas"):
            if n_threads == 1:
                results = [self._block(*block) for block in blocks]
            else:
                with ThreadPoolExecutor(n_threads) as pool:
                    results = list(pool.map(lambda block: self._block(*block), blocks))
        if not results:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=bool)
        nearest, best, second, stopped = (
            np.concatenate(part) for part in zip(*results, strict=True)
        )
        margin = 2.0 * tolerance
        best = best.astype(np.float64)
        distinct = best + self._query_squared[queries] > margin
        certain = stopped | ((second - best > margin) & distinct)
        unsorted = np.empty_like(order)
        unsorted[order] = np.arange(len(order))
        return nearest[unsorted], certain[unsorted]
