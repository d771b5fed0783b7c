"""Stratified and quota sampling with exact totals, vectorised over strata."""

from numbers import Integral, Real

import numpy as np
import pandas as pd

from sklearn_mlsd.base import PopulationSampler
from sklearn_mlsd.sampling._simple import _generator, resolve_column
from sklearn_mlsd.sampling._strata import (
    bincount_codes,
    first_rows_per_stratum,
    random_rows_per_stratum,
    real_quotas,
    replacement_rows_per_stratum,
    round_quotas,
    stratum_codes,
)
from sklearn_mlsd.utils._compat import Interval, StrOptions


def _discrete_target(y):
    """``y`` as one label per row; a clear error when it cannot define strata."""
    if y is None:
        raise ValueError(
            "StratifiedSampler with by=None stratifies on y, but y is None; pass "
            "the class labels as y, or set by= to stratify on columns of X."
        )
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(
            f"StratifiedSampler needs one label per row, but y has shape {y.shape} "
            "(multi-label or multi-output): stratified sampling cannot be used "
            "when a row belongs to several strata. Pass by= to stratify on a "
            "single label column."
        )
    if y.dtype.kind in "fc" and np.isnan(y).any():
        raise ValueError(
            "y contains NaN; StratifiedSampler with by=None needs a class label "
            "for every row. Fill or drop the missing labels first."
        )
    if y.dtype.kind in "fc" and not np.array_equal(y, np.round(y.real)):
        raise ValueError(
            "StratifiedSampler with by=None needs a discrete y (class labels), "
            "but y is continuous: strata must be groups of rows. Bin it first "
            "(e.g. by=callable returning pandas.cut(...) codes) or use "
            "RandomSampler."
        )
    return y


class StratifiedSampler(PopulationSampler):
    """Stratified (and quota) sample with exact totals.

    The population is divided into strata: the classes of ``y`` (``by=None``)
    or slices given by columns of ``X``; with several columns every
    combination of values is a stratum. Each stratum receives a quota and
    exactly that many of its rows are drawn:

    * ``'proportional'``: quotas proportional to the stratum sizes, so the
      sample has the population's shares;
    * ``'equal'``: the same quota for every stratum (a stratum smaller than
      its quota gives all its rows, the rest is spread over the others);
    * a dict ``{stratum: count}`` or ``{stratum: fraction of the stratum}``:
      quota sampling; strata left out of the dict give no rows and
      ``min_per_stratum`` does not apply.

    Real quotas are rounded by largest remainder, so the total is exactly
    ``n_samples`` (pandas' ``groupby().sample(frac=)`` rounds each group on its
    own and misses it). Every non-empty stratum receives at least
    ``min_per_stratum`` rows (all its rows if it has fewer and
    ``replace=False``), so rare slices, the black swans, are never dropped;
    the larger strata give up the rows this costs. Strata are handled as
    integer codes in a few vectorised passes over the rows, with no Python
    loop over strata: 60,000 strata, singletons included, are routine.

    Parameters
    ----------
    n_samples : int, default=None
        Total number of rows to draw. Give either ``n_samples`` or
        ``fraction`` (not with a dict ``allocation``).
    fraction : float in (0, 1], default=None
        Share of the population to draw (the total is rounded to the nearest
        integer).
    by : str, int, list, tuple or callable, default=None
        What defines the strata. None: the labels ``y`` (which must be
        discrete and one per row). A column name of a DataFrame ``X`` or a
        column index; a list of them (their combinations are the strata); or
        a callable ``X -> labels`` (one label per row).
    allocation : {'proportional', 'equal'} or dict, default='proportional'
        How the total is shared among strata (see above). Dict keys are
        stratum labels (tuples when ``by`` names several columns); int values
        are row counts, float values are fractions of the stratum.
    min_per_stratum : int, default=1
        Rows every non-empty stratum receives at least.
    replace : bool, default=False
        Draw with replacement inside each stratum.
    shuffle : bool, default=True
        Draw the rows of each stratum at random. False is quota sampling
        without randomness: the first rows (in order of ``X``) of each stratum.
    random_state : int, RandomState instance or None, default=None
        Controls the draw and the tie-breaks of the rounding. Pass an int for
        reproducible output across multiple function calls.

    Attributes
    ----------
    sample_indices_ : ndarray of shape (n_samples,)
        Positions of the rows drawn, in increasing order.
    stratum_counts_ : pandas.Series
        Rows of every non-empty stratum in the population, indexed by stratum
        label (a MultiIndex for several columns).
    allocation_ : pandas.Series
        Rows drawn from every stratum, same index.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``, for DataFrame input.

    See Also
    --------
    RandomSampler : simple random sample, no representation guarantee.
    representation_report : compare the shares of slices in a sample and its
        population.

    Notes
    -----
    Within a stratum the draw is a uniform random subset (the rows of the
    smallest random keys). Largest-remainder rounding breaks ties at random
    with ``shuffle=True`` and by stratum order otherwise.

    References
    ----------
    .. [1] W. G. Cochran, "Sampling Techniques", 3rd ed., Wiley, 1977,
       chapter 5 (stratified random sampling, proportional allocation).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.sampling import StratifiedSampler
    >>> X = np.arange(200).reshape(100, 2)
    >>> y = np.array([0] * 90 + [1] * 9 + [2])
    >>> sampler = StratifiedSampler(n_samples=10, random_state=0)
    >>> X_sample, y_sample = sampler.fit_resample(X, y)
    >>> np.bincount(y_sample).tolist()
    [8, 1, 1]
    >>> sampler.allocation_.to_dict()
    {0: 8, 1: 1, 2: 1}

    Without randomness (quota sampling) the first rows of each stratum come:

    >>> quota = StratifiedSampler(allocation={0: 2, 2: 1}, shuffle=False)
    >>> quota.fit(X, y).sample_indices_.tolist()
    [0, 1, 99]

    A continuous target cannot define strata:

    >>> StratifiedSampler(n_samples=10).fit(X, np.linspace(0, 1, 100))
    Traceback (most recent call last):
    ...
    ValueError: StratifiedSampler with by=None needs a discrete y ...
    """

    _parameter_constraints = {
        "n_samples": [Interval(Integral, 0, None, closed="left"), None],
        "fraction": [Interval(Real, 0, 1, closed="right"), None],
        "by": [None, str, Integral, list, tuple, callable],
        "allocation": [StrOptions({"proportional", "equal"}), dict],
        "min_per_stratum": [Interval(Integral, 0, None, closed="left")],
        "replace": ["boolean"],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        n_samples=None,
        fraction=None,
        by=None,
        allocation="proportional",
        min_per_stratum=1,
        replace=False,
        shuffle=True,
        random_state=None,
    ):
        self.n_samples = n_samples
        self.fraction = fraction
        self.by = by
        self.allocation = allocation
        self.min_per_stratum = min_per_stratum
        self.replace = replace
        self.shuffle = shuffle
        self.random_state = random_state

    def _sample_indices(self, X, y, sample_weight, random_state):
        if self.replace and not self.shuffle:
            raise ValueError(
                "shuffle=False (quota sampling, no randomness) takes the first "
                "rows of each stratum and cannot draw with replace=True; set "
                "shuffle=True or replace=False."
            )
        columns, names = self._label_columns(X, y)
        n_rows = len(columns[0])
        codes, size, decode = stratum_codes(columns, n_rows)
        counts = bincount_codes(codes, size)
        present = np.flatnonzero(counts)
        labels = decode(present)
        generator = _generator(random_state)
        quotas = self._quotas(counts[present], labels, generator)
        quota_of_code = np.zeros(size, dtype=np.int64)
        quota_of_code[present] = quotas
        index = _stratum_index(labels, names)
        self.stratum_counts_ = pd.Series(counts[present], index=index, name="count")
        self.allocation_ = pd.Series(quotas, index=index, name="n_samples")
        if not self.shuffle:
            return first_rows_per_stratum(codes, counts, quota_of_code)
        if self.replace:
            return replacement_rows_per_stratum(codes, counts, quota_of_code, generator)
        return random_rows_per_stratum(codes, counts, quota_of_code, generator)

    def _label_columns(self, X, y):
        """The label column(s) defining the strata, and their names."""
        if self.by is None:
            return [_discrete_target(y)], [getattr(y, "name", None) or "y"]
        if callable(self.by):
            labels = self.by(X)
            if not isinstance(labels, pd.Series):
                labels = np.asarray(labels)
            n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
            if labels.ndim != 1 or len(labels) != n_rows:
                raise ValueError(
                    f"by: the callable must return one label per row ({n_rows} "
                    f"labels), got shape {labels.shape}; a row cannot belong to "
                    "several strata."
                )
            return [labels], ["stratum"]
        keys = list(self.by) if isinstance(self.by, (list, tuple)) else [self.by]
        if not keys:
            raise ValueError("by is an empty list; name at least one column.")
        return [resolve_column(X, key, "by", series=True) for key in keys], keys

    def _quotas(self, sizes, labels, generator):
        """Rows drawn from every present stratum (sum exact)."""
        tie_keys = (
            generator.random(len(sizes)) if self.shuffle else np.arange(len(sizes))
        )
        upper = np.full(len(sizes), np.inf) if self.replace else sizes.astype(float)
        if isinstance(self.allocation, dict):
            quotas = self._dict_quotas(sizes, labels)
            total = int(round(quotas.sum()))
            return round_quotas(total, quotas, 0, upper, tie_keys)
        n_total = self._check_n_samples(int(sizes.sum()), replace=self.replace)
        lower = np.full(len(sizes), self.min_per_stratum, dtype=np.float64)
        if not self.replace:
            lower = np.minimum(lower, sizes)
        if lower.sum() > n_total:
            raise ValueError(
                f"min_per_stratum={self.min_per_stratum} needs {int(lower.sum())} "
                f"rows for the {len(sizes)} strata, more than n_samples={n_total}; "
                "raise n_samples (or fraction) or lower min_per_stratum."
            )
        weights = sizes if self.allocation == "proportional" else np.ones(len(sizes))
        quotas = real_quotas(n_total, weights, lower, upper)
        return round_quotas(n_total, quotas, lower, upper, tie_keys)

    def _dict_quotas(self, sizes, labels):
        if self.n_samples is not None or self.fraction is not None:
            raise ValueError(
                "allocation is a dict of per-stratum quotas, which fixes the "
                "sample size; leave n_samples and fraction as None."
            )
        index = _stratum_index(labels, None)
        keys = list(self.allocation)
        positions = index.get_indexer(keys)
        if (positions < 0).any():
            unknown = [k for k, p in zip(keys, positions, strict=True) if p < 0]
            raise ValueError(
                f"allocation names strata with no rows: {unknown[:5]}; the "
                f"strata are e.g. {list(index[:5])}."
            )
        quotas = np.zeros(len(sizes))
        for position, (key, value) in zip(
            positions, self.allocation.items(), strict=True
        ):
            quotas[position] = _dict_quota(key, value, sizes[position], self.replace)
        return quotas


def _dict_quota(key, value, size, replace):
    """Real quota of one stratum from an allocation dict value."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise ValueError(f"allocation[{key!r}] must be a count or a fraction.")
    if isinstance(value, Integral):
        if value < 0 or (not replace and value > size):
            raise ValueError(
                f"allocation[{key!r}]={value} rows, but the stratum has {size} "
                "rows; give a count between 0 and the stratum size, or set "
                "replace=True."
            )
        return float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            f"allocation[{key!r}]={value}: a float is a fraction of the stratum "
            "and must be in [0, 1]; give an int for a row count."
        )
    return value * size


def _stratum_index(labels, names):
    """A pandas Index (MultiIndex for several columns) of stratum labels."""
    if len(labels) == 1:
        return pd.Index(labels[0], name=None if names is None else names[0])
    return pd.MultiIndex.from_arrays(labels, names=names)
