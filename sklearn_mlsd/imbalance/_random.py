"""Random under- and over-sampling toward a class-ratio target."""

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils.validation import assert_all_finite, validate_data

from sklearn_mlsd.base import OverResampler, UnderResampler
from sklearn_mlsd.imbalance._strategy import (
    check_no_removal,
    check_target,
    weighted_sampling_strategy,
)
from sklearn_mlsd.utils._compat import (
    ImbOverSampler,
    ImbUnderSampler,
    _fit_context,
    check_sampling_strategy,
)
from sklearn_mlsd.utils._hashing import row_hashes


def _rows_beyond_count(keys, in_class, count):
    """Mask of the rows of a class (``in_class``) that are not among its
    ``count`` rows of smallest key; ties are broken by position (as a stable
    sort would). O(n) time: one partial partition of the class's keys, then
    whole-array comparisons (no sort, no scatter of row positions)."""
    class_keys = keys[in_class]
    if count >= len(class_keys):
        return np.zeros(len(keys), dtype=bool)
    if count <= 0:
        return in_class.copy()
    class_keys.partition(count - 1)  # a copy of keys: partition in place
    threshold = class_keys[count - 1]
    n_ties_kept = count - np.count_nonzero(class_keys < threshold)
    beyond = keys > threshold
    beyond &= in_class
    if np.count_nonzero(class_keys == threshold) > n_ties_kept:
        ties = np.flatnonzero(in_class & (keys == threshold))
        beyond[ties[n_ties_kept:]] = True
    return beyond


def _keep_by_key(keys, weights, target):
    """Rows (positions) and kept weights of the ``target`` weight units whose
    keys are smallest; the last row kept may keep part of its weight."""
    order = np.argsort(keys, kind="stable")
    order = order[weights[order] > 0]
    before = np.cumsum(weights[order]) - weights[order]
    kept = order[before < target]
    kept_weight = np.minimum(weights[kept], target - before[: len(kept)])
    return kept, kept_weight


class RandomUndersampler(UnderResampler):
    """Remove random rows of the classes a ``sampling_strategy`` names.

    Rows are ranked by a random key computed from the row's content and
    ``random_state`` (not from its position), and each class keeps its rows of
    smallest key. The selection is therefore the same for any row order and for
    dense and sparse copies of the data, and a row of weight 2 behaves exactly
    like the same row twice. With ``sample_weight``, class sizes are weight
    sums and the last row kept in a class may keep only part of its weight, so
    that the weighted class sizes meet the target exactly.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Target class sizes, with imbalanced-learn's meaning: a float is the
        desired minority / majority ratio after resampling (binary only);
        'majority', 'not minority', 'not majority', 'all' and 'auto' (= 'not
        minority') name the classes brought down to the minority size; a dict
        maps a class to its final size; a callable maps ``y`` to such a dict.
    random_state : int, RandomState instance or None, default=None
        Controls the randomness of the keys. Pass an int for reproducible
        output across multiple function calls.

    Attributes
    ----------
    sampling_strategy_ : dict
        Final size of each class resampled.
    sample_indices_ : ndarray of shape (n_samples_resampled,)
        Positions of the rows kept, in increasing order.
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit_resample``, for DataFrame input.

    See Also
    --------
    RandomOversampler : duplicate random rows instead.
    imblearn.under_sampling.RandomUnderSampler : the imbalanced-learn
        equivalent (position-based draws, no ``sample_weight``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.imbalance import RandomUndersampler
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = np.array([0] * 8 + [1] * 2)
    >>> X_res, y_res = RandomUndersampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([2, 2])

    Weights travel with the rows kept:

    >>> w = np.arange(1.0, 11.0)
    >>> X_res, y_res, w_res = RandomUndersampler(random_state=0).fit_resample(
    ...     X, y, sample_weight=w)
    >>> bool(np.isclose(w_res[y_res == 0].sum(), w[y == 1].sum()))
    True
    """

    _parameter_constraints = {
        **ImbUnderSampler._parameter_constraints,
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _check_X_y(self, X, y, accept_sparse=None):
        # imbalanced-learn's BaseSampler._check_X_y minus two passes over the
        # data: a 1-D numeric or string array y is never a one-vs-all
        # indicator, so check_target_type would only ravel it after a
        # type_of_target pass (a np.unique over y) that fit_resample has just
        # run; and NaN / inf in X are caught while X is hashed (row_hashes with
        # ensure_all_finite=True in _fit_resample, assert_all_finite in fit)
        # instead of by check_array's separate pass.
        y, binarize_y = check_target(y)
        X, y = validate_data(
            self,
            X=X,
            y=y,
            reset=True,
            accept_sparse=["csr", "csc"] if accept_sparse is None else accept_sparse,
            ensure_all_finite=False,
        )
        return X, y, binarize_y

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, **params):
        """Check the inputs and compute ``sampling_strategy_``; no rows are drawn.

        Use ``fit_resample`` to resample.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data.
        y : array-like of shape (n_samples,)
            Class labels.
        **params : dict
            Ignored.

        Returns
        -------
        self : object
            The sampler.
        """
        X, y, _ = self._check_X_y(X, y)
        assert_all_finite(X, input_name="X", estimator_name=type(self).__name__)
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )
        return self

    def _fit_resample(self, X, y, sample_weight=None):
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        if sample_weight is not None:  # else the base class already set it
            self.sampling_strategy_ = weighted_sampling_strategy(
                self.sampling_strategy, y, sample_weight, self._sampling_type
            )
        # keys are compared within a class only: the label need not be hashed;
        # ranking the raw 64-bit hashes is ranking uniform keys
        keys = row_hashes(
            X, seed, ensure_all_finite=True, estimator_name=type(self).__name__
        )
        keep = np.ones(len(y), dtype=bool)
        if sample_weight is None:
            for label, target in self.sampling_strategy_.items():
                keep &= ~_rows_beyond_count(keys, y == label, int(target))
            return self._resampled(X, y, None, np.flatnonzero(keep))
        new_weights = sample_weight.copy()
        for label, target in self.sampling_strategy_.items():
            rows = np.flatnonzero(y == label)
            kept, kept_weight = _keep_by_key(keys[rows], sample_weight[rows], target)
            keep[rows] = False
            keep[rows[kept]] = True
            new_weights[rows[kept]] = kept_weight
        return self._resampled(X, y, new_weights, np.flatnonzero(keep))


class RandomOversampler(OverResampler):
    """Duplicate random rows of the classes a ``sampling_strategy`` names.

    Each class to grow receives ``n`` extra rows drawn with replacement from its
    own rows (with probability proportional to ``sample_weight`` when given).
    The duplicates are appended after the original rows, so
    ``sample_indices_[:n_samples]`` is the identity. With ``sample_weight``,
    class sizes are weight sums and every duplicate gets weight 1: the
    weighted class sizes then meet the target.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Target class sizes, with imbalanced-learn's meaning: a float is the
        desired minority / majority ratio after resampling (binary only);
        'minority', 'not minority', 'not majority', 'all' and 'auto' (= 'not
        majority') name the classes brought up to the majority size; a dict
        maps a class to its final size; a callable maps ``y`` to such a dict.
    random_state : int, RandomState instance or None, default=None
        Controls the draws. Pass an int for reproducible output across multiple
        function calls.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of rows added to each class.
    sample_indices_ : ndarray of shape (n_samples_resampled,)
        Source row of every output row.
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit_resample``, for DataFrame input.

    See Also
    --------
    RandomUndersampler : remove random rows instead.
    imblearn.over_sampling.RandomOverSampler : the imbalanced-learn equivalent.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.imbalance import RandomOversampler
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = np.array([0] * 8 + [1] * 2)
    >>> X_res, y_res = RandomOversampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([8, 8])

    An oversampler cannot remove rows:

    >>> RandomOversampler(sampling_strategy={1: 1}).fit_resample(X, y)
    Traceback (most recent call last):
    ...
    ValueError: sampling_strategy asks for 1 rows of class 1, which has 2: ...
    """

    _parameter_constraints = {
        **ImbOverSampler._parameter_constraints,
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _check_X_y(self, X, y, accept_sparse=None):
        X, y, binarize_y = super()._check_X_y(X, y, accept_sparse)
        check_no_removal(self.sampling_strategy, y)
        return X, y, binarize_y

    def _fit_resample(self, X, y, sample_weight=None):
        rng = check_random_state(self.random_state)
        if sample_weight is not None:  # else the base class already set it
            self.sampling_strategy_ = weighted_sampling_strategy(
                self.sampling_strategy, y, sample_weight, self._sampling_type
            )
        extra = [np.arange(len(y))]
        for label, n_new in self.sampling_strategy_.items():
            rows = np.flatnonzero(y == label)
            p = None
            if sample_weight is not None:
                p = sample_weight[rows] / sample_weight[rows].sum()
            extra.append(rows[rng.choice(len(rows), size=n_new, replace=True, p=p)])
        output = self._resampled(X, y, None, np.concatenate(extra))
        if sample_weight is None:
            return output
        duplicates = np.ones(len(self.sample_indices_) - len(y))
        return (*output, np.concatenate([sample_weight, duplicates]))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags
