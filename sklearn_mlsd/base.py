"""The sampler protocol shared by every row-changing estimator of the package.

Two families of samplers exist:

* **Class resamplers** (:class:`UnderResampler`, :class:`OverResampler`,
  :class:`CleaningResampler`) change class ratios toward a
  ``sampling_strategy``. They build on imbalanced-learn's base classes, so the
  meaning of ``sampling_strategy``, the list / DataFrame / Series round trip
  and imbalanced-learn's sampler checks all hold, and they add what
  imbalanced-learn lacks: ``sample_weight`` that survives resampling and the
  pandas index of the rows kept.
* **Population samplers** (:class:`PopulationSampler`) draw rows from a
  population: any ``X`` (a DataFrame with text columns included), ``y`` optional
  and of any type. They only select rows, so they always expose
  ``sample_indices_``.

Both have ``fit_resample`` and no ``transform``: a plain scikit-learn
``Pipeline`` refuses them instead of silently skipping them at predict time.

Row-aligned weights
-------------------
``fit_resample(X, y, sample_weight=w)`` returns ``(X_res, y_res, w_res)``:
``w_res`` holds the weight of every kept row, and a documented weight for each
synthetic row (each sampler's docstring says which). Without ``sample_weight``
the usual pair ``(X_res, y_res)`` is returned.
"""

from abc import abstractmethod

import numpy as np
from imblearn.utils._tags import InputTags, SamplerTags, Tags
from sklearn.base import BaseEstimator, OneToOneFeatureMixin
from sklearn.utils import check_random_state
from sklearn.utils._tags import TargetTags
from sklearn.utils.validation import (
    check_consistent_length,
    validate_data,
)

from sklearn_mlsd.utils._compat import (
    ImbCleaningSampler,
    ImbOverSampler,
    ImbUnderSampler,
    _check_sample_weight,
    _fit_context,
    _is_pandas_df,
    _num_samples,
)

__all__ = [
    "CleaningResampler",
    "OverResampler",
    "PopulationSampler",
    "UnderResampler",
    "check_resample_weights",
    "is_sampler",
    "take_rows",
]


def is_sampler(estimator):
    """Whether ``estimator`` changes rows (has ``fit_resample``, no ``transform``).

    Examples
    --------
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_mlsd.imbalance import RandomUndersampler
    >>> is_sampler(RandomUndersampler()), is_sampler(StandardScaler())
    (True, False)
    """
    return hasattr(estimator, "fit_resample") and not hasattr(estimator, "transform")


def check_resample_weights(sample_weight, X):
    """Validate ``sample_weight`` for a sampler: finite, non-negative, not all zero.

    Returns None when ``sample_weight`` is None, else a float64 array.
    """
    if sample_weight is None:
        return None
    sample_weight = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
    if not np.isfinite(sample_weight).all():
        raise ValueError(
            "sample_weight contains NaN or infinity; pass finite non-negative "
            "weights (one per row)."
        )
    return sample_weight


def take_rows(data, indices):
    """Rows ``indices`` of an array, sparse matrix, list, Series or DataFrame.

    pandas objects keep their columns, dtypes and the index of the rows taken.
    """
    if data is None:
        return None
    if hasattr(data, "iloc"):
        return data.iloc[indices]
    if isinstance(data, list):
        return [data[i] for i in indices]
    return data[indices]


def _restore_index(X, y, X_res, y_res, indices):
    """Give pandas output the original index of the selected rows."""
    if indices is None or _num_samples(X_res) != len(indices):
        return X_res, y_res
    if _is_pandas_df(X):
        X_res.index = X.index[indices]
        if hasattr(y_res, "iloc"):
            y_res.index = X_res.index
    elif hasattr(y, "iloc") and hasattr(y_res, "iloc"):
        y_res.index = y.index[indices]
    return X_res, y_res


class _WeightCarryingMixin:
    """``fit_resample`` with ``sample_weight`` and the pandas index of kept rows.

    Subclasses implement ``_fit_resample(X, y, sample_weight=None)`` returning
    ``(X_res, y_res)``, or ``(X_res, y_res, w_res)`` when weights were given.
    Row-selecting subclasses set ``sample_indices_``.
    """

    def fit_resample(self, X, y, *, sample_weight=None):
        """Resample the data set.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data to resample.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights. When given, the weights of the returned rows are
            returned as a third value.

        Returns
        -------
        X_resampled : {array-like, dataframe, sparse matrix}
            Resampled data, same container as ``X``.
        y_resampled : array-like
            Labels of the resampled rows, same container as ``y``.
        sample_weight_resampled : ndarray, only when ``sample_weight`` is given
            Weights of the resampled rows.
        """
        for attribute in ("sample_indices_",):
            self.__dict__.pop(attribute, None)
        sample_weight = check_resample_weights(sample_weight, X)
        params = {} if sample_weight is None else {"sample_weight": sample_weight}
        output = super().fit_resample(X, y, **params)
        X_res, y_res = _restore_index(
            X, y, output[0], output[1], getattr(self, "sample_indices_", None)
        )
        return (X_res, y_res) if len(output) == 2 else (X_res, y_res, output[2])

    def _resampled(self, X, y, sample_weight, indices):
        """Output of a row-selecting ``_fit_resample``: records the indices."""
        self.sample_indices_ = np.asarray(indices, dtype=np.intp)
        X_res, y_res = take_rows(X, self.sample_indices_), y[self.sample_indices_]
        if sample_weight is None:
            return X_res, y_res
        return X_res, y_res, sample_weight[self.sample_indices_]


class UnderResampler(_WeightCarryingMixin, ImbUnderSampler):
    """Base for class-rebalancing samplers that remove rows (imblearn semantics)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags


class OverResampler(_WeightCarryingMixin, ImbOverSampler):
    """Base for class-rebalancing samplers that add rows (imblearn semantics)."""


class CleaningResampler(_WeightCarryingMixin, ImbCleaningSampler):
    """Base for samplers that clean class boundaries (imblearn semantics)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags


class PopulationSampler(OneToOneFeatureMixin, BaseEstimator):
    """Base for samplers that draw rows from a population.

    ``X`` may be anything row-indexable with two dimensions: an array (any
    dtype, NaN allowed), a sparse matrix, a list of rows or a DataFrame with
    mixed columns (left unconverted, so 10 million rows cost nothing to
    validate). ``y`` is optional and of any kind. Subclasses implement
    ``_sample_indices(X, y, sample_weight, random_state)`` and return the
    positions of the drawn rows; ``fit`` stores them in ``sample_indices_``
    and ``fit_resample`` returns those rows.
    """

    _estimator_type = "sampler"

    @abstractmethod
    def _sample_indices(self, X, y, sample_weight, random_state):
        """Positions of the rows drawn (ndarray of int)."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, *, sample_weight=None):
        """Draw the sample; store its row positions in ``sample_indices_``.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            The population.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Targets, drawn along with their rows. Any type.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights, carried along with the rows.

        Returns
        -------
        self : object
            The fitted sampler.
        """
        self._fit(X, y, sample_weight)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_resample(self, X, y=None, *, sample_weight=None):
        """Draw the sample and return its rows.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            The population.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Targets, drawn along with their rows. Any type.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights; when given, the weights of the drawn rows are returned
            as a third value.

        Returns
        -------
        X_sample : same container as ``X``
            The drawn rows (a DataFrame keeps columns, dtypes and index).
        y_sample : same container as ``y``, or None
            Their targets.
        sample_weight_sample : ndarray, only when ``sample_weight`` is given
            Their weights.
        """
        X_valid, sample_weight = self._fit(X, y, sample_weight)
        indices = self.sample_indices_
        source = X if _is_pandas_df(X) or isinstance(X, list) else X_valid
        X_out = take_rows(source, indices)
        y_out = take_rows(
            y if hasattr(y, "iloc") or y is None else _rows_of(y), indices
        )
        if sample_weight is None:
            return X_out, y_out
        return X_out, y_out, sample_weight[indices]

    def _fit(self, X, y, sample_weight):
        X_valid = self._validate_population(X, y)
        sample_weight = check_resample_weights(sample_weight, X_valid)
        y_values = None if y is None else np.asarray(y)
        rng = check_random_state(getattr(self, "random_state", None))
        indices = self._sample_indices(X_valid, y_values, sample_weight, rng)
        self.sample_indices_ = np.asarray(indices, dtype=np.intp)
        return X_valid, sample_weight

    def _validate_population(self, X, y):
        is_table = isinstance(X, list) or getattr(X, "ndim", 0) == 2
        if is_table and _num_samples(X) == 0:
            raise ValueError(
                f"X is empty (0 rows, shape {getattr(X, 'shape', (0,))}); a "
                "sample needs a population."
            )
        if _is_pandas_df(X):
            validate_data(self, X, skip_check_array=True, reset=True)
            if len(X) == 0:
                raise ValueError(
                    "X is an empty DataFrame (0 rows); a sample needs a population."
                )
        else:
            X = validate_data(
                self,
                X,
                reset=True,
                dtype=None,
                accept_sparse=["csr", "csc"],
                ensure_all_finite=False,
            )
        if y is not None:
            check_consistent_length(X, y)
        return X

    def _check_n_samples(self, n_population, *, replace):
        """Resolve ``n_samples`` / ``fraction`` to a count, with clear errors."""
        n_samples = getattr(self, "n_samples", None)
        fraction = getattr(self, "fraction", None)
        if n_samples is not None and fraction is not None:
            raise ValueError(
                "Pass either n_samples or fraction, not both "
                f"(got n_samples={n_samples}, fraction={fraction})."
            )
        if fraction is not None:
            n_samples = int(round(fraction * n_population))
        elif n_samples is None:
            raise ValueError("Set n_samples (a count) or fraction (a share of rows).")
        if not replace and n_samples > n_population:
            raise ValueError(
                f"n_samples={n_samples} is larger than the population "
                f"({n_population} rows) and replace=False; lower n_samples or "
                "set replace=True."
            )
        return n_samples

    def __sklearn_tags__(self):
        tags = Tags(
            estimator_type="sampler",
            target_tags=TargetTags(required=False),
            transformer_tags=None,
            regressor_tags=None,
            classifier_tags=None,
            sampler_tags=SamplerTags(sample_indices=True),
        )
        tags.input_tags = InputTags(
            two_d_array=True,
            sparse=True,
            dataframe=True,
            allow_nan=True,
            string=True,
        )
        return tags


def _rows_of(data):
    """Lists stay lists; other sequences become arrays for fancy indexing."""
    return (
        data if isinstance(data, list) or hasattr(data, "shape") else np.asarray(data)
    )
