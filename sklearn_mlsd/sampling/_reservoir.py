"""ReservoirSampler: a fixed-size sample of a stream of numpy / pandas chunks.

The algorithms (Algorithm L, A-ExpJ, the merge split) live in
``_reservoir_algorithms``; this module keeps the rows, targets and stream
positions of the sample in step with them.
"""

import math
from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from sklearn_mlsd.base import PopulationSampler, take_rows
from sklearn_mlsd.sampling._reservoir_algorithms import (
    _algorithm_l,
    _apply_writes,
    _expj,
    _first_gap,
    _hypergeometric,
    _open_uniform,
)
from sklearn_mlsd.utils._compat import Interval, _fit_context, _is_pandas_df


def _concat_rows(first, second):
    """Rows of ``first`` then rows of ``second`` (same container)."""
    if first is None:
        return second
    if hasattr(first, "iloc"):
        import pandas as pd

        return pd.concat([first, second])
    if sp.issparse(first):
        return sp.vstack([first, second], format="csr")
    return np.concatenate([first, second])


def _rows(data, positions):
    """Rows of a chunk (sparse matrices as CSR)."""
    if sp.issparse(data):
        data = data.tocsr()
    return take_rows(data, positions)


class ReservoirSampler(PopulationSampler):
    """Uniform or weighted fixed-size sample of a stream of unknown length.

    Feed the stream chunk by chunk with :meth:`partial_fit`; at any moment
    ``sample_`` holds a uniform sample without replacement of ``n_samples``
    rows of everything seen (all rows while fewer have been seen), in stream
    order, and ``sample_indices_`` their positions in the stream. Memory stays
    O(``n_samples``) whatever the stream length, and the distribution of the
    sample does not depend on how the stream was cut into chunks.

    Uniform sampling uses Algorithm L: after the reservoir is full, the number
    of rows skipped before the next replacement is geometric, so random numbers
    are drawn only for the ``n_samples * (1 + log(n / n_samples))`` rows that
    enter, in vectorised runs. Weighted sampling uses A-ExpJ: row ``i`` gets
    the key ``u_i ** (1 / w_i)``, the reservoir keeps the largest keys, and
    exponential jumps over the cumulative weight find the next row to enter.

    :meth:`merge` combines two reservoirs of two streams into an exact sample
    of their union (the other stream is appended after this one).

    Parameters
    ----------
    n_samples : int
        Size of the reservoir.
    weights : str, int, callable or None, default=None
        Sampling weights (weighted sampling without replacement): the name of
        a DataFrame column, the index of a column, or a callable mapping a
        chunk ``X`` to one non-negative weight per row. None samples
        uniformly. Rows of weight 0 never enter the reservoir.
    random_state : int, RandomState instance or None, default=None
        Controls the draws. Pass an int for reproducible output across
        multiple function calls. When two reservoirs will be merged, give
        them different seeds.

    Attributes
    ----------
    sample_ : ndarray, sparse matrix or DataFrame
        The rows currently in the reservoir, in stream order.
    sample_y_ : ndarray or Series
        Their targets (only when ``y`` was given).
    sample_indices_ : ndarray of shape (n_kept,)
        Positions in the stream (counting from 0 over all chunks) of those rows.
    n_seen_ : int
        Number of rows seen so far.
    n_features_in_ : int
        Number of features seen during the first ``partial_fit`` or ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, for DataFrame input.

    See Also
    --------
    reservoir_sample : the same for any Python iterable.
    RandomSampler : simple random sample of data held in memory.

    Notes
    -----
    The design contract writes ``partial_fit(X_chunk, y_chunk=None)``; the
    arguments are named ``X`` and ``y`` here because scikit-learn's
    ``check_estimator`` (``check_fit_score_takes_y``) requires ``y`` as the
    second argument of ``partial_fit``. Positional calls are the same.

    References
    ----------
    .. [1] K.-H. Li, "Reservoir-sampling algorithms of time complexity
       O(n(1 + log(N/n)))", ACM Transactions on Mathematical Software, 1994.
    .. [2] P. S. Efraimidis and P. G. Spirakis, "Weighted random sampling with
       a reservoir", Information Processing Letters, 2006.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.sampling import ReservoirSampler
    >>> sampler = ReservoirSampler(5, random_state=0)
    >>> for start in range(0, 1000, 100):
    ...     chunk = np.arange(start, start + 100).reshape(-1, 1)
    ...     sampler = sampler.partial_fit(chunk)
    >>> sampler.n_seen_, sampler.sample_.shape
    (1000, (5, 1))
    >>> bool((sampler.sample_.ravel() == sampler.sample_indices_).all())
    True

    A stream shorter than the reservoir is kept whole:

    >>> ReservoirSampler(5).fit_resample(np.arange(3).reshape(-1, 1))[0].ravel()
    array([0, 1, 2])
    """

    _parameter_constraints = {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "weights": [None, str, Interval(Integral, 0, None, closed="left"), callable],
        "random_state": ["random_state"],
    }

    def __init__(self, n_samples, weights=None, random_state=None):
        self.n_samples = n_samples
        self.weights = weights
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """Feed one chunk of the stream.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_chunk, n_features)
            The next rows of the stream.
        y : array-like of shape (n_chunk,), default=None
            Their targets (any type); give them for every chunk or for none.

        Returns
        -------
        self : object
            The updated sampler.
        """
        first = not hasattr(self, "n_seen_")
        X = self._validate_chunk(X, y, reset=first)
        if first:
            self._rng = check_random_state(self.random_state)
            self._start(has_y=y is not None)
        self._update(X, y, self._rng)
        return self

    def _sample_indices(self, X, y, sample_weight, random_state):
        self._rng = random_state
        self._start(has_y=y is not None)
        self._update(X, y, random_state)
        return self.sample_indices_

    def merge(self, other):
        """A reservoir of the union of this stream and ``other``'s stream.

        ``other``'s stream is appended after this one: its positions in
        ``sample_indices_`` are shifted by ``self.n_seen_``. Uniform
        reservoirs split ``n_samples`` between the two sides with a
        hypergeometric draw given the two stream lengths, then keep a uniform
        subset of each side; weighted reservoirs keep the largest keys of both.
        Either way the result is distributed exactly as a reservoir fed the
        concatenated stream, and :meth:`partial_fit` can continue on it.
        Neither input is modified (the draws come from this sampler's random
        generator).

        Parameters
        ----------
        other : ReservoirSampler
            A fitted reservoir with the same ``n_samples``, the same kind of
            weighting, the same features and, if this one has ``sample_y_``,
            targets.

        Returns
        -------
        merged : ReservoirSampler
            A new fitted reservoir.
        """
        check_is_fitted(self)
        _check_mergeable(self, other)
        rng, k = self._rng, self.n_samples
        n_a, n_b = self.n_seen_, other.n_seen_
        if self.weights is None:
            size = min(k, n_a + n_b)
            from_a = _hypergeometric(rng, n_a, n_b, size)
            pick_a = np.sort(rng.permutation(len(self.sample_indices_))[:from_a])
            pick_b = np.sort(
                rng.permutation(len(other.sample_indices_))[: size - from_a]
            )
        else:
            keys = np.concatenate([self._keys, other._keys])
            top = np.sort(np.argsort(-keys, kind="stable")[:k])
            pick_a = top[top < len(self._keys)]
            pick_b = top[top >= len(self._keys)] - len(self._keys)
        merged = clone(self)
        merged._rng = check_random_state(rng.randint(np.iinfo(np.int32).max))
        merged._start(has_y=self._has_y)
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(self, name):
                setattr(merged, name, getattr(self, name))
        merged.n_seen_ = n_a + n_b
        merged.sample_indices_ = np.concatenate(
            [self.sample_indices_[pick_a], other.sample_indices_[pick_b] + n_a]
        )
        merged._sample = merged.sample_ = _concat_rows(
            take_rows(self._sample, pick_a), take_rows(other._sample, pick_b)
        )
        if self._has_y:
            merged._sample_y = merged.sample_y_ = _concat_rows(
                take_rows(self._sample_y, pick_a), take_rows(other._sample_y, pick_b)
            )
        if self.weights is not None:
            merged._keys = np.concatenate([self._keys[pick_a], other._keys[pick_b]])
        elif merged.n_seen_ >= k:
            # Algorithm L's threshold after n items: the k-th smallest of n
            # uniforms, Beta(k, n - k + 1), independent of which items are kept.
            merged._log_w = math.log(rng.beta(k, merged.n_seen_ - k + 1))
            merged._next_pos = merged.n_seen_ + _first_gap(rng, k, merged._log_w)
        return merged

    def _validate_chunk(self, X, y, reset):
        if _is_pandas_df(X):
            validate_data(self, X, skip_check_array=True, reset=reset)
            if len(X) == 0:
                raise ValueError("X is an empty DataFrame; pass chunks with rows.")
        elif len(getattr(X, "shape", ())) and X.shape[0] == 0:
            raise ValueError(f"X is empty (shape {X.shape}); pass chunks with rows.")
        else:
            X = validate_data(
                self,
                X,
                reset=reset,
                dtype=None,
                accept_sparse="csr",
                ensure_all_finite=False,
            )
        if not reset and (y is not None) != self._has_y:
            raise ValueError(
                "Pass y with every chunk or with none (got y="
                f"{'None' if y is None else 'an array'} after chunks "
                f"{'with' if self._has_y else 'without'} y)."
            )
        if y is not None and len(y) != X.shape[0]:
            raise ValueError(f"y has {len(y)} rows but X has {X.shape[0]}.")
        return X

    def _start(self, has_y):
        for name in ("sample_", "sample_y_"):
            self.__dict__.pop(name, None)
        self.n_seen_ = 0
        self.sample_indices_ = np.empty(0, dtype=np.int64)
        self._has_y = has_y
        self._sample, self._sample_y = None, None
        self._keys = np.empty(0)
        self._next_pos, self._log_w, self._jump = None, None, None

    def _update(self, X, y, rng):
        n_chunk = X.shape[0]
        if y is not None and not hasattr(y, "iloc"):
            y = np.asarray(y)
        if self.weights is None:
            slots, local = self._uniform_writes(n_chunk, rng)
            keys = None
        else:
            weights = _chunk_weights(self.weights, X)
            slots, local, keys = self._weighted_writes(weights, rng)
        keep, new, new_slots = _apply_writes(slots, local, len(self.sample_indices_))
        if keys is not None:
            self._keys = keys[np.concatenate([keep, new_slots])]
        self._set_sample(
            keep, new, _rows(X, new), None if y is None else take_rows(y, new)
        )
        self.n_seen_ += n_chunk

    def _uniform_writes(self, n_chunk, rng):
        """(slot, chunk row) writes of Algorithm L over one chunk."""
        k, start, size = self.n_samples, self.n_seen_, len(self.sample_indices_)
        fill = np.arange(min(k - size, n_chunk))
        fill_slots = size + fill
        if size + len(fill) < k:
            return fill_slots, fill
        if self._next_pos is None:
            self._log_w = math.log(_open_uniform(rng, None)) / k
            self._next_pos = k + _first_gap(rng, k, self._log_w)
        accepted, self._next_pos, self._log_w = _algorithm_l(
            rng, k, self._next_pos, self._log_w, start + n_chunk
        )
        slots = np.concatenate([fill_slots, rng.randint(0, k, len(accepted))])
        return slots, np.concatenate([fill, accepted - start])

    def _weighted_writes(self, weights, rng):
        """(slot, chunk row) writes of A-ExpJ over one chunk, and the slot keys."""
        k, size = self.n_samples, len(self._keys)
        fill = np.flatnonzero(weights > 0)[: k - size]
        fill_keys = np.log(_open_uniform(rng, len(fill))) / weights[fill]
        keys = np.concatenate([self._keys, fill_keys])
        slots, local = list(range(size, size + len(fill))), fill.tolist()
        rest = fill[-1] + 1 if len(fill) else 0
        if len(keys) == k and rest < len(weights):
            writes, self._jump = _expj(rng, weights[rest:], keys, self._jump)
            slots += [slot for slot, _ in writes]
            local += [rest + i for _, i in writes]
        return np.asarray(slots, dtype=np.intp), np.asarray(local, np.intp), keys

    def _set_sample(self, keep, new, new_rows, new_y):
        """Kept rows in their order, then the new rows in stream order."""
        self.sample_indices_ = np.concatenate(
            [self.sample_indices_[keep], self.n_seen_ + new]
        ).astype(np.int64)
        old = None if self._sample is None else take_rows(self._sample, keep)
        self._sample = self.sample_ = _concat_rows(old, new_rows)
        if self._has_y:
            old_y = None if self._sample_y is None else take_rows(self._sample_y, keep)
            self._sample_y = self.sample_y_ = _concat_rows(old_y, new_y)


def _check_mergeable(first, second):
    if not isinstance(second, ReservoirSampler):
        raise TypeError(f"merge needs a ReservoirSampler, got {type(second).__name__}.")
    check_is_fitted(second)
    problems = [
        f"n_samples differ ({first.n_samples} vs {second.n_samples})"
        if first.n_samples != second.n_samples
        else None,
        "one reservoir is weighted and the other is not"
        if (first.weights is None) != (second.weights is None)
        else None,
        f"n_features_in_ differ ({first.n_features_in_} vs {second.n_features_in_})"
        if first.n_features_in_ != second.n_features_in_
        else None,
        "only one of them was given y" if first._has_y != second._has_y else None,
    ]
    problems = [p for p in problems if p]
    if problems:
        raise ValueError("Cannot merge these reservoirs: " + "; ".join(problems) + ".")


def _chunk_weights(spec, X):
    """The weights of a chunk's rows from a column name, index or callable."""
    if isinstance(spec, str):
        if not _is_pandas_df(X) or spec not in X.columns:
            raise ValueError(
                f"weights={spec!r} names a column, but X has no such column; pass "
                "DataFrame chunks with it, a column index, or a callable."
            )
        weights = X[spec].to_numpy()
    elif callable(spec):
        weights = spec(X)
    elif _is_pandas_df(X):
        weights = X.iloc[:, spec].to_numpy()
    elif sp.issparse(X):
        weights = X[:, [spec]].toarray().ravel()
    else:
        weights = X[:, spec]
    try:
        weights = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"weights must be numbers; got {exc}.") from None
    if weights.shape != (X.shape[0],):
        raise ValueError(
            f"weights must give one number per row: expected shape "
            f"({X.shape[0]},), got {weights.shape}."
        )
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError(
            "weights contain NaN, infinity or negative values; pass finite "
            "non-negative weights."
        )
    if not weights.any():
        raise ValueError("weights are all zero in this chunk; no row could be drawn.")
    return weights
