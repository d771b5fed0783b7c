"""Composition of samplers with scikit-learn estimators.

* :class:`Pipeline` / :func:`make_pipeline` — imbalanced-learn's resampler-aware
  pipeline, extended so that ``sample_weight`` survives resampling: the weights
  the final step receives are those of the rows the samplers kept (and the
  documented weights of synthetic rows). imbalanced-learn fails there with a
  length mismatch (its issue 457).
* :class:`ResampledClassifier` — a classifier that resamples inside ``fit``
  only, usable wherever a scikit-learn classifier is: the last step of a plain
  scikit-learn ``Pipeline``, ``GridSearchCV``, ``cross_val_score``, or as the
  base estimator of ``BaggingClassifier``.
"""

import inspect

import numpy as np
from imblearn.pipeline import Pipeline as _ImbPipeline
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.linear_model import LogisticRegression
from sklearn.utils import check_random_state, get_tags
from sklearn.utils._metadata_requests import _routing_enabled
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
    validate_data,
)

from sklearn_mlsd.base import check_resample_weights, is_sampler
from sklearn_mlsd.utils._compat import (
    HasMethods,
    _fit_context,
    _is_pandas_df,
    _name_estimators,
)

__all__ = ["Pipeline", "ResampledClassifier", "make_pipeline"]


def _accepts_sample_weight(sampler):
    return "sample_weight" in inspect.signature(sampler.fit_resample).parameters


def resample_with_weights(sampler, X, y, sample_weight, **params):
    """``sampler.fit_resample`` that also returns the weights of the output rows.

    Our samplers take ``sample_weight`` themselves. A sampler from elsewhere
    (imbalanced-learn's, say) that selects rows and exposes ``sample_indices_``
    has its weights carried by those indices; any other sampler cannot carry
    weights, and says so.
    """
    if sample_weight is None:
        X_res, y_res = sampler.fit_resample(X, y, **params)
        return X_res, y_res, None
    if _accepts_sample_weight(sampler):
        return sampler.fit_resample(X, y, sample_weight=sample_weight, **params)
    X_res, y_res = sampler.fit_resample(X, y, **params)
    indices = getattr(sampler, "sample_indices_", None)
    if indices is None:
        raise ValueError(
            f"{type(sampler).__name__} cannot carry sample_weight: its "
            "fit_resample takes no sample_weight and it exposes no "
            "sample_indices_. Use a sampler from sklearn_mlsd, or drop "
            "sample_weight."
        )
    return X_res, y_res, sample_weight[indices]


def _params_by_step(params):
    by_step = {}
    for key, value in params.items():
        step, _, name = key.partition("__")
        if not name:
            raise ValueError(
                f"Pipeline.fit does not accept the parameter {key!r}: prefix "
                "fit parameters with the step name, as step__parameter."
            )
        by_step.setdefault(step, {})[name] = value
    return by_step


class Pipeline(_ImbPipeline):
    """imbalanced-learn's ``Pipeline`` in which ``sample_weight`` survives resampling.

    Samplers (steps with ``fit_resample``) run at ``fit`` only; ``predict``,
    ``transform`` and ``score`` skip them. Pass the final estimator's weights
    as ``<final step>__sample_weight``: when a sampler precedes it, the
    weights follow the rows through every sampler and the final estimator
    receives the weights of the rows it is fitted on. All other behaviour is
    imbalanced-learn's (``memory`` caching is not used on that weighted path).

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        Transformers and samplers, then a final estimator.
    transform_input : list of str, default=None
        See :class:`imblearn.pipeline.Pipeline`.
    memory : str or object with the joblib.Memory interface, default=None
        Caches fitted transformers (not used when weights are carried).
    verbose : bool, default=False
        Print the time taken by each step.

    See Also
    --------
    make_pipeline : build a Pipeline with automatic step names.
    ResampledClassifier : a classifier that resamples inside ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_mlsd.imbalance import RandomUndersampler
    >>> from sklearn_mlsd.pipeline import make_pipeline
    >>> rng = np.random.RandomState(0)
    >>> X, y = rng.normal(size=(100, 3)), np.r_[np.zeros(90), np.ones(10)]
    >>> w = rng.uniform(1, 2, size=100)
    >>> pipe = make_pipeline(RandomUndersampler(random_state=0), LogisticRegression())
    >>> pipe.fit(X, y, logisticregression__sample_weight=w).predict(X).shape
    (100,)
    """

    def fit(self, X, y=None, **params):
        final_name = self.steps[-1][0]
        weights = params.get(f"{final_name}__sample_weight")
        samplers = [s for _, s in self.steps[:-1] if is_sampler(s)]
        if weights is None or not samplers or _routing_enabled():
            return super().fit(X, y, **params)
        self._validate_params()
        self.steps = list(self.steps)
        self._validate_steps()
        by_step = _params_by_step(params)
        Xt, yt = X, y
        wt = check_resample_weights(by_step[final_name].pop("sample_weight"), X)
        for _, name, step in self._iter(
            with_final=False, filter_passthrough=True, filter_resample=False
        ):
            own = by_step.get(name, {})
            if is_sampler(step):
                Xt, yt, wt = resample_with_weights(step, Xt, yt, wt, **own)
            else:
                Xt = step.fit_transform(Xt, yt, **own)
        if self._final_estimator != "passthrough":
            self._final_estimator.fit(
                Xt, yt, sample_weight=wt, **by_step.get(final_name, {})
            )
        return self


def make_pipeline(*steps, memory=None, transform_input=None, verbose=False):
    """Build a :class:`Pipeline` (resampler-aware) naming steps after their class.

    Parameters
    ----------
    *steps : estimators
        Transformers and samplers, then a final estimator.
    memory : str or object with the joblib.Memory interface, default=None
        Caches fitted transformers.
    transform_input : list of str, default=None
        See :class:`imblearn.pipeline.Pipeline`.
    verbose : bool, default=False
        Print the time taken by each step.

    Returns
    -------
    pipeline : Pipeline

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_mlsd.imbalance import RandomOversampler
    >>> from sklearn_mlsd.pipeline import make_pipeline
    >>> make_pipeline(RandomOversampler(), LogisticRegression()).steps[0][0]
    'randomoversampler'
    """
    return Pipeline(
        _name_estimators(steps),
        memory=memory,
        transform_input=transform_input,
        verbose=verbose,
    )


def _estimator_has(method):
    def check(self):
        estimator = self.estimator_ if hasattr(self, "estimator_") else self.estimator
        return hasattr(estimator or LogisticRegression(), method)

    return check


def _class_priors(y, classes, sample_weight):
    codes = np.searchsorted(classes, y)
    counts = np.bincount(codes, weights=sample_weight, minlength=len(classes))
    return counts / counts.sum()


class ResampledClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """A classifier that resamples its training data inside ``fit``, and only there.

    ``fit`` runs ``sampler.fit_resample`` on the data it is given and fits
    ``estimator`` on the result; ``predict`` and friends call the fitted
    estimator on the data as they are. Inside a plain scikit-learn
    ``Pipeline``, ``GridSearchCV`` or ``cross_val_score`` the resampling
    therefore touches training folds only: resampling before the split is a
    leak. ``sample_weight`` follows the rows through the sampler.

    Parameters
    ----------
    sampler : sampler object, default=None
        Anything with ``fit_resample``. None means
        :class:`~sklearn_mlsd.imbalance.RandomUndersampler`.
    estimator : classifier object, default=None
        The classifier fitted on the resampled data. None means
        :class:`~sklearn.linear_model.LogisticRegression`.
    prior_correction : bool, default=False
        Correct predicted probabilities for the change of class priors that the
        sampler made (Dal Pozzolo et al. 2015): ``p_c`` is multiplied by
        ``prior_c / resampled_prior_c`` and renormalised, so probabilities are
        calibrated for the original class distribution. ``predict`` then
        returns the most probable class under the corrected probabilities.
    random_state : int, RandomState instance or None, default=None
        When not None, seeds the clones of ``sampler`` and ``estimator`` that
        have a ``random_state`` parameter. Pass an int for reproducible output
        across multiple function calls.

    Attributes
    ----------
    sampler_ : sampler object
        The fitted clone of ``sampler``.
    estimator_ : classifier object
        The clone of ``estimator`` fitted on the resampled data.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    prior_ratio_ : ndarray of shape (n_classes,)
        Original class prior divided by resampled class prior.
    n_resampled_ : int
        Number of rows the estimator was fitted on.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``, for DataFrame input.

    See Also
    --------
    Pipeline : the resampler-aware pipeline.

    References
    ----------
    A. Dal Pozzolo, O. Caelen, R. A. Johnson and G. Bontempi, "Calibrating
    Probability with Undersampling for Unbalanced Classification", IEEE SSCI,
    2015.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn_mlsd.pipeline import ResampledClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(200, 2))
    >>> y = (X[:, 0] + rng.normal(scale=0.5, size=200) > 1.2).astype(int)
    >>> clf = ResampledClassifier(random_state=0).fit(X, y)
    >>> bool(clf.n_resampled_ == 2 * np.bincount(y).min())
    True
    >>> cross_val_score(ResampledClassifier(random_state=0), X, y, cv=3).shape
    (3,)

    With prior correction, probabilities stay calibrated to the 1:5 ratio:

    >>> clf = ResampledClassifier(prior_correction=True, random_state=0).fit(X, y)
    >>> bool(abs(clf.predict_proba(X)[:, 1].mean() - y.mean()) < 0.05)
    True
    """

    _parameter_constraints = {
        "sampler": [HasMethods(["fit_resample"]), None],
        "estimator": [HasMethods(["fit", "predict"]), None],
        "prior_correction": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self, sampler=None, estimator=None, *, prior_correction=False, random_state=None
    ):
        self.sampler = sampler
        self.estimator = estimator
        self.prior_correction = prior_correction
        self.random_state = random_state

    def _parts(self):
        """The sampler and estimator, with the defaults filled in (not cloned)."""
        from sklearn_mlsd.imbalance import RandomUndersampler

        sampler = RandomUndersampler() if self.sampler is None else self.sampler
        estimator = LogisticRegression() if self.estimator is None else self.estimator
        return sampler, estimator

    def _clones(self):
        """Fresh clones of the parts, seeded from ``random_state`` when it is set."""
        sampler, estimator = (clone(part) for part in self._parts())
        if self.random_state is not None:
            rng = check_random_state(self.random_state)
            for part in (sampler, estimator):
                if "random_state" in part.get_params(deep=False):
                    part.set_params(random_state=rng.randint(np.iinfo(np.int32).max))
        return sampler, estimator

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Resample ``(X, y)`` with the sampler and fit the estimator on the result.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights; they follow the rows through the sampler and reach the
            estimator, which must accept ``sample_weight``.

        Returns
        -------
        self : object
            The fitted classifier.
        """
        sampler, estimator = self._clones()
        X = self._validated(X, reset=True)
        y = column_or_1d(y, warn=True)
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            raise ValueError("Input y contains NaN or infinity; pass finite labels.")
        check_classification_targets(y)
        sample_weight = check_resample_weights(sample_weight, X)
        if sample_weight is not None and not has_fit_parameter(
            estimator, "sample_weight"
        ):
            raise TypeError(
                f"sample_weight was given but {type(estimator).__name__}.fit "
                "does not accept sample_weight; drop it or use an estimator "
                "that takes it."
            )
        X_res, y_res, w_res = resample_with_weights(sampler, X, y, sample_weight)
        fit_params = {} if w_res is None else {"sample_weight": w_res}
        self.estimator_ = estimator.fit(X_res, y_res, **fit_params)
        self.sampler_ = sampler
        self.classes_ = self.estimator_.classes_
        y_true = np.asarray(y)
        before = _class_priors(y_true, self.classes_, sample_weight)
        after = _class_priors(np.asarray(y_res), self.classes_, w_res)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.prior_ratio_ = np.where(after > 0, before / after, 0.0)
        self.n_resampled_ = len(y_res)
        return self

    def _validated(self, X, *, reset):
        """Validate X once here; DataFrames go on unconverted (columns matter)."""
        checked = validate_data(
            self,
            X,
            reset=reset,
            accept_sparse=["csr", "csc"],
            dtype=None,
            ensure_all_finite=not self.__sklearn_tags__().input_tags.allow_nan,
        )
        return X if _is_pandas_df(X) else checked

    def _check_input(self, X):
        check_is_fitted(self)
        return self._validated(X, reset=False)

    def predict(self, X):
        """Predict class labels (no resampling happens here).

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Data to classify.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        X = self._check_input(X)
        if self.prior_correction and hasattr(self.estimator_, "predict_proba"):
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return self.estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities, prior-corrected when ``prior_correction=True``.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Data to score.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``.
        """
        X = self._check_input(X)
        proba = self.estimator_.predict_proba(X)
        if not self.prior_correction:
            return proba
        corrected = proba * self.prior_ratio_
        return corrected / corrected.sum(axis=1, keepdims=True)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Data to score.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    @available_if(
        lambda self: (
            not self.prior_correction and _estimator_has("decision_function")(self)
        )
    )
    def decision_function(self, X):
        """The estimator's decision function (only without ``prior_correction``).

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Data to score.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        X = self._check_input(X)
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = [get_tags(part).input_tags for part in self._parts()]
        tags.input_tags.sparse = all(t.sparse for t in inner)
        tags.input_tags.allow_nan = all(t.allow_nan for t in inner)
        return tags
