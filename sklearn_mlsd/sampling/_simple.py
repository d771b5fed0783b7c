"""Simple random sampling and weighted sampling of a population."""

from numbers import Integral, Real

import numpy as np
import pandas as pd

from sklearn_mlsd.base import PopulationSampler
from sklearn_mlsd.utils._compat import Interval, _is_pandas_df


def _generator(random_state):
    """A numpy Generator seeded once from a RandomState (fast bulk draws)."""
    return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))


def simple_random_indices(n_population, n_samples, replace, random_state):
    """Positions of a simple random sample, in increasing order."""
    generator = _generator(random_state)
    if replace:
        indices = generator.integers(0, n_population, size=n_samples)
    else:
        indices = generator.choice(n_population, size=n_samples, replace=False)
    return np.sort(indices)


def weighted_indices(weights, n_samples, replace, random_state):
    """Positions drawn with probability proportional to ``weights``.

    With replacement every draw is independent (``random.choices``). Without
    replacement the rows of the ``n_samples`` largest keys ``u ** (1 / w)``
    are kept (Efraimidis & Spirakis, 2006), computed as ``log(u) / w`` for
    stability: the same law as drawing rows one by one with probability
    proportional to the weights of the rows not drawn yet.
    """
    generator = _generator(random_state)
    if replace:
        cumulative = np.cumsum(weights)
        draws = generator.random(n_samples) * cumulative[-1]
        indices = np.searchsorted(cumulative, draws, side="right")
        last_positive = np.flatnonzero(weights)[-1]  # u * total may round up
        return np.sort(np.minimum(indices, last_positive))
    positive = np.flatnonzero(weights > 0)
    with np.errstate(divide="ignore"):
        keys = np.log(generator.random(len(positive))) / weights[positive]
    if n_samples < len(positive):
        top = np.argpartition(keys, len(keys) - n_samples)[len(keys) - n_samples :]
    else:
        top = np.arange(len(positive))
    return np.sort(positive[top])


def check_sampling_weights(weights, n_rows):
    """Validate per-row sampling weights: finite, non-negative, not all zero."""
    weights = np.asarray(weights)
    if weights.ndim != 1 or len(weights) != n_rows:
        raise ValueError(
            f"weights must give one value per row ({n_rows} rows), got shape "
            f"{weights.shape}."
        )
    try:
        weights = weights.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"weights must be numeric: {exc}") from None
    if np.isnan(weights).any():
        raise ValueError("weights contains NaN; pass a finite weight for every row.")
    if np.isinf(weights).any():
        raise ValueError("weights contains infinity; pass finite weights.")
    if (weights < 0).any():
        raise ValueError("weights contains negative values; weights must be >= 0.")
    if not (weights > 0).any():
        raise ValueError("weights are all zero; at least one row needs weight > 0.")
    return weights


def resolve_column(X, column, parameter, *, series=False):
    """Values of one column of ``X`` given by name (DataFrame) or position.

    With ``series=True`` a DataFrame column is returned as a pandas Series
    (its extension array, e.g. strings or categories, left unconverted).
    """
    if _is_pandas_df(X):
        if column in X.columns:
            values = X[column]
        elif (
            isinstance(column, Integral)
            and not isinstance(column, bool)
            and -X.shape[1] <= column < X.shape[1]
        ):
            values = X.iloc[:, column]
        else:
            values = None
        if isinstance(values, pd.DataFrame):
            raise ValueError(f"{parameter}: X has several columns named {column!r}.")
        if isinstance(values, pd.Series):
            return values if series else values.to_numpy()
        raise ValueError(
            f"{parameter}: no column {column!r} in X; the columns are "
            f"{', '.join(map(str, X.columns))}."
        )
    if isinstance(column, str):
        raise ValueError(
            f"{parameter}={column!r} names a column, but X is not a DataFrame; "
            "pass a pandas DataFrame or a column index."
        )
    n_columns = X.shape[1] if hasattr(X, "shape") else len(X[0])
    if not -n_columns <= column < n_columns:
        raise ValueError(
            f"{parameter}: column index {column} is out of range for X with "
            f"{n_columns} columns."
        )
    if hasattr(X, "tocsc"):
        return X.tocsc()[:, [column]].toarray().ravel()
    if isinstance(X, list):
        return np.asarray([row[column] for row in X])
    return np.asarray(X)[:, column]


class RandomSampler(PopulationSampler):
    """Simple random sample: every row has the same chance of being drawn.

    Draws exactly ``n_samples`` rows (or ``round(fraction * n_rows)``), with or
    without replacement. Any ``X`` works: arrays of any dtype, sparse
    matrices, lists of rows and DataFrames (returned with their columns, dtypes
    and index). Simple random sampling gives no representation guarantee: a
    rare slice may be missed entirely; use :class:`StratifiedSampler` when
    every slice must appear.

    Parameters
    ----------
    n_samples : int, default=None
        Number of rows to draw. Give either ``n_samples`` or ``fraction``.
    fraction : float in (0, 1], default=None
        Share of the rows to draw (the count is rounded to the nearest
        integer).
    replace : bool, default=False
        Draw with replacement (a row may appear several times).
    random_state : int, RandomState instance or None, default=None
        Controls the draw. Pass an int for reproducible output across multiple
        function calls.

    Attributes
    ----------
    sample_indices_ : ndarray of shape (n_samples,)
        Positions of the rows drawn, in increasing order.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``, for DataFrame input.

    See Also
    --------
    StratifiedSampler : exact shares of every slice.
    WeightedSampler : rows drawn with probability proportional to a weight.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.sampling import RandomSampler
    >>> X = np.arange(20).reshape(10, 2)
    >>> sampler = RandomSampler(n_samples=3, random_state=0)
    >>> X_sample, _ = sampler.fit_resample(X)
    >>> X_sample.shape, len(set(sampler.sample_indices_))
    ((3, 2), 3)

    Without replacement a sample cannot be larger than the population:

    >>> RandomSampler(n_samples=11).fit_resample(X)
    Traceback (most recent call last):
    ...
    ValueError: n_samples=11 is larger than the population (10 rows) ...
    """

    _parameter_constraints = {
        "n_samples": [Interval(Integral, 0, None, closed="left"), None],
        "fraction": [Interval(Real, 0, 1, closed="right"), None],
        "replace": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self, *, n_samples=None, fraction=None, replace=False, random_state=None
    ):
        self.n_samples = n_samples
        self.fraction = fraction
        self.replace = replace
        self.random_state = random_state

    def _sample_indices(self, X, y, sample_weight, random_state):
        n_population = X.shape[0] if hasattr(X, "shape") else len(X)
        n_samples = self._check_n_samples(n_population, replace=self.replace)
        return simple_random_indices(
            n_population, n_samples, self.replace, random_state
        )


class WeightedSampler(PopulationSampler):
    """Weighted sample: each row drawn with probability proportional to its weight.

    With replacement (the default) every draw is independent, like
    ``random.choices(population, weights=..., k=n_samples)``. Without
    replacement rows are drawn one after the other, each time with probability
    proportional to the weights of the rows still available; this is computed
    in one pass with the weighted random keys ``u ** (1 / w)`` of Efraimidis
    and Spirakis. Rows of weight 0 are never drawn.

    The weights say who gets into the sample; to weigh rows in the loss
    instead, pass ``sample_weight`` to the model.

    Parameters
    ----------
    weights : str, int, array-like of shape (n_rows,) or callable
        The sampling weights: a column of ``X`` (name for a DataFrame, or
        column index), one value per row, or a callable ``X -> weights``.
        Weights must be finite, non-negative and not all zero.
    n_samples : int, default=None
        Number of rows to draw. Give either ``n_samples`` or ``fraction``.
    fraction : float in (0, 1], default=None
        Share of the rows to draw (rounded to the nearest integer).
    replace : bool, default=True
        Draw with replacement.
    random_state : int, RandomState instance or None, default=None
        Controls the draw. Pass an int for reproducible output across multiple
        function calls.

    Attributes
    ----------
    sample_indices_ : ndarray of shape (n_samples,)
        Positions of the rows drawn, in increasing order.
    weights_ : ndarray of shape (n_rows,)
        The validated weights of the population.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``, for DataFrame input.

    See Also
    --------
    RandomSampler : every row with the same chance.
    StratifiedSampler : exact shares of every slice.

    References
    ----------
    .. [1] P. S. Efraimidis and P. G. Spirakis, "Weighted random sampling with
       a reservoir", Information Processing Letters 97(5), 2006.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.sampling import WeightedSampler
    >>> X = np.arange(6).reshape(6, 1)
    >>> sampler = WeightedSampler([0, 0, 0, 0, 1, 1], n_samples=4, random_state=0)
    >>> X_sample, _ = sampler.fit_resample(X)
    >>> sorted(set(X_sample.ravel().tolist()))
    [4, 5]

    Without replacement, at most the rows of positive weight can be drawn:

    >>> WeightedSampler([0, 0, 0, 0, 1, 1], n_samples=3,
    ...                 replace=False).fit_resample(X)
    Traceback (most recent call last):
    ...
    ValueError: n_samples=3 is larger than the number of rows with positive ...
    """

    _parameter_constraints = {
        "weights": [str, Integral, "array-like", callable],
        "n_samples": [Interval(Integral, 0, None, closed="left"), None],
        "fraction": [Interval(Real, 0, 1, closed="right"), None],
        "replace": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self, weights, *, n_samples=None, fraction=None, replace=True, random_state=None
    ):
        self.weights = weights
        self.n_samples = n_samples
        self.fraction = fraction
        self.replace = replace
        self.random_state = random_state

    def _resolve_weights(self, X):
        n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
        weights = self.weights
        if callable(weights):
            weights = weights(X)
        elif isinstance(weights, (str, Integral)) and not isinstance(weights, bool):
            weights = resolve_column(X, weights, "weights")
        return check_sampling_weights(weights, n_rows)

    def _sample_indices(self, X, y, sample_weight, random_state):
        self.weights_ = self._resolve_weights(X)
        n_samples = self._check_n_samples(len(self.weights_), replace=self.replace)
        n_positive = int(np.count_nonzero(self.weights_))
        if not self.replace and n_samples > n_positive:
            raise ValueError(
                f"n_samples={n_samples} is larger than the number of rows with "
                f"positive weights ({n_positive}) and replace=False; lower "
                "n_samples, give more rows a positive weight, or set replace=True."
            )
        return weighted_indices(self.weights_, n_samples, self.replace, random_state)
