"""Importance weights for covariate shift: w(x) = p_target(x) / p_source(x).

A probabilistic classifier told to separate source rows (label 0) from target
rows (label 1) estimates P(target | x). Bayes' rule turns it into the density
ratio:

    p_target(x) / p_source(x) = P(target | x) / P(source | x) * n_source / n_target

where the last factor corrects for the two sample sizes (the classifier's
prior). Weighting source rows by w(x) makes averages over the source estimate
averages over the target (the lecture's E_P[f] = E_Q[f P / Q]).
"""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, check_cv, cross_val_predict
from sklearn.utils import ClassifierTags, check_array, check_random_state, get_tags
from sklearn.utils.validation import check_is_fitted, validate_data

from sklearn_mlsd.utils._compat import (
    HasMethods,
    Interval,
    _fit_context,
    _is_pandas_df,
    validate_params,
)

_EPS = np.finfo(np.float64).eps


def _ratio_from_proba(p_target, prior_ratio, clip):
    """Density ratio from P(target | x), with prior correction and clipping."""
    p_target = np.clip(p_target, _EPS, 1 - _EPS)
    weights = p_target / (1 - p_target) * prior_ratio
    return weights if clip is None else np.minimum(weights, clip)


def _kish_ess(weights):
    """Kish's effective sample size ``(sum w)^2 / sum w^2``."""
    weights = np.asarray(weights, dtype=np.float64)
    return float(weights.sum() ** 2 / np.square(weights).sum())


def _target_column(estimator):
    """Column of ``predict_proba`` that holds P(target | x)."""
    return int(np.flatnonzero(estimator.classes_ == 1)[0])


class DensityRatioEstimator(BaseEstimator):
    """Density ratio p_target(x) / p_source(x) from a domain classifier.

    ``fit(X, y)`` takes the rows of both samples and ``y``, the domain of each
    row: two distinct values, the larger one (1, True, or 'target' against
    'source') marking the target rows. A probabilistic classifier learns to
    tell the domains apart; :meth:`weights` turns its probabilities into the
    density ratio with Bayes' rule and the prior correction
    ``n_source / n_target``. Use the weights of source rows as
    ``sample_weight`` to train for the target distribution (covariate shift).

    The classifier is fitted on all rows, so the weights of the very rows it
    was fitted on are slightly optimistic; :func:`importance_weights` gives
    out-of-fold weights for the source rows.

    Parameters
    ----------
    estimator : estimator with ``predict_proba`` or None, default=None
        The domain classifier; None uses ``LogisticRegression()``, whose log
        odds are linear in ``x`` (exact for two Gaussians with one covariance).
    clip : float or None, default=None
        Upper bound on the weights, to limit the variance that a few huge
        weights cause. None leaves them unbounded.

    Attributes
    ----------
    estimator_ : estimator
        The fitted domain classifier (target rows are its class 1).
    classes_ : ndarray of shape (2,)
        The two domain labels; ``classes_[1]`` is the target.
    prior_ratio_ : float
        ``n_source / n_target``.
    effective_sample_size_ : float
        Kish's effective sample size ``(sum w)^2 / sum w^2`` of the source rows
        seen in ``fit``: how many unweighted rows the weighted sample is worth.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, for DataFrame input.

    See Also
    --------
    importance_weights : out-of-fold weights of the source rows, in one call.

    Notes
    -----
    ``fit`` takes the stacked rows and their domain labels rather than
    ``fit(X_source, X_target)``: scikit-learn's ``check_estimator``
    (``check_fit_score_takes_y``) requires ``y`` as the second argument of
    ``fit``, and this form lets the estimator be cloned, cross-validated and
    searched like any classifier. ``effective_sample_size_`` is computed from
    in-sample probabilities; :func:`importance_weights` reports the
    out-of-fold one.

    References
    ----------
    .. [1] S. Bickel, M. Brückner and T. Scheffer, "Discriminative learning
       under covariate shift", JMLR 10, 2009.
    .. [2] L. Kish, "Survey Sampling", Wiley, 1965 (effective sample size).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.sampling import DensityRatioEstimator
    >>> rng = np.random.default_rng(0)
    >>> X_source = rng.normal(0.0, 1.0, size=(2000, 1))
    >>> X_target = rng.normal(0.5, 1.0, size=(1000, 1))
    >>> X = np.vstack([X_source, X_target])
    >>> domain = np.r_[np.zeros(2000), np.ones(1000)]
    >>> ratio = DensityRatioEstimator().fit(X, domain)
    >>> w = ratio.weights(np.array([[-1.0], [0.0], [1.0]]))
    >>> np.round(w / np.exp(0.5 * np.array([-1.0, 0.0, 1.0]) - 0.125), 1)
    array([1., 1., 1.])

    Large weights can be clipped:

    >>> float(DensityRatioEstimator(clip=2.0).fit(X, domain).weights([[9.0]])[0])
    2.0
    """

    _parameter_constraints = {
        "estimator": [None, HasMethods(["fit", "predict_proba"])],
        "clip": [None, Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, estimator=None, clip=None):
        self.estimator = estimator
        self.clip = clip

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit the domain classifier.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows of the source and of the target sample.
        y : array-like of shape (n_samples,)
            Domain of each row: two distinct values, the larger one is the
            target.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"])
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(
                f"y must hold two domains (source and target); got {len(self.classes_)}"
                " distinct value(s). With only one class there is no ratio: pass "
                "rows of both samples."
            )
        is_target = (y == self.classes_[1]).astype(int)
        n_target = int(is_target.sum())
        self.prior_ratio_ = (len(y) - n_target) / n_target
        base = LogisticRegression() if self.estimator is None else self.estimator
        self.estimator_ = clone(base).fit(X, is_target)
        source_weights = self._weights(X[is_target == 0])
        self.effective_sample_size_ = _kish_ess(source_weights)
        return self

    def weights(self, X):
        """Density ratio p_target(x) / p_source(x) at each row of ``X``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows (usually of the source sample) to weight.

        Returns
        -------
        weights : ndarray of shape (n_samples,)
            Non-negative weights, at most ``clip``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"])
        return self._weights(X)

    def _weights(self, X):
        proba = self.estimator_.predict_proba(X)[:, _target_column(self.estimator_)]
        return _ratio_from_proba(proba, self.prior_ratio_, self.clip)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        tags.classifier_tags = ClassifierTags(multi_class=False)  # y: two domains
        base = LogisticRegression() if self.estimator is None else self.estimator
        tags.input_tags.sparse = get_tags(base).input_tags.sparse
        return tags


def _stack(X_source, X_target):
    """Rows of both samples in one container, and the domain labels."""
    if _is_pandas_df(X_source) and _is_pandas_df(X_target):
        import pandas as pd

        if list(X_source.columns) != list(X_target.columns):
            raise ValueError(
                "X_source and X_target must have the same columns in the same order."
            )
        X = pd.concat([X_source, X_target], ignore_index=True)
    else:
        X_source, X_target = (
            check_array(X, accept_sparse=["csr"], ensure_min_samples=0, input_name=name)
            for X, name in ((X_source, "X_source"), (X_target, "X_target"))
        )
        if X_source.shape[1] != X_target.shape[1]:
            raise ValueError(
                f"X_source has {X_source.shape[1]} features but X_target has "
                f"{X_target.shape[1]}; both samples need the same features."
            )
        stack = (
            sp.vstack if sp.issparse(X_source) or sp.issparse(X_target) else np.vstack
        )
        X = stack([X_source, X_target])
    n_source, n_target = X_source.shape[0], X_target.shape[0]
    for name, n in (("X_source", n_source), ("X_target", n_target)):
        if n == 0:
            raise ValueError(f"{name} is empty; importance weights need rows of both.")
    return X, np.r_[np.zeros(n_source, dtype=int), np.ones(n_target, dtype=int)]


@validate_params(
    {
        "X_source": ["array-like", "sparse matrix"],
        "X_target": ["array-like", "sparse matrix"],
        "estimator": [None, HasMethods(["fit", "predict_proba"])],
        "clip": [None, Interval(Real, 0, None, closed="neither")],
        "cv": ["cv_object"],
        "random_state": ["random_state"],
        "return_info": ["boolean"],
    },
    prefer_skip_nested_validation=False,
)
def importance_weights(
    X_source,
    X_target,
    estimator=None,
    clip=None,
    cv=5,
    random_state=None,
    *,
    return_info=False,
):
    """Out-of-fold importance weights p_target(x) / p_source(x) of source rows.

    A domain classifier separates source from target rows; every source row is
    weighted with the probabilities of a classifier that did not see it
    (``cross_val_predict``), so the weights are not overfit. Bayes' rule with
    the prior correction ``n_source / n_target`` turns P(target | x) into the
    density ratio. The effective sample size ``(sum w)^2 / sum w^2`` says how
    many unweighted rows the weighted source sample is worth; a warning is
    raised when it falls under 10% of the source rows (the weights then rest
    on few rows: consider ``clip``).

    Parameters
    ----------
    X_source : {array-like, sparse matrix, dataframe} of shape (n_source, n_features)
        The sample you have (the training data).
    X_target : {array-like, sparse matrix, dataframe} of shape (n_target, n_features)
        A sample of the distribution you want (e.g. production inputs).
    estimator : estimator with ``predict_proba`` or None, default=None
        The domain classifier; None uses ``LogisticRegression()``.
    clip : float or None, default=None
        Upper bound on the weights. None leaves them unbounded.
    cv : int, cross-validation generator or iterable, default=5
        Folds for the out-of-fold probabilities; an int gives a shuffled
        ``StratifiedKFold``.
    random_state : int, RandomState instance or None, default=None
        Controls the shuffling of the folds. Pass an int for reproducible
        output across multiple function calls.
    return_info : bool, default=False
        Also return a dict of diagnostics.

    Returns
    -------
    weights : ndarray of shape (n_source,)
        One weight per source row, usable as ``sample_weight``.
    info : dict, only when ``return_info=True``
        ``effective_sample_size``, ``n_source``, ``n_target``, ``n_clipped``
        (rows whose weight was clipped) and ``domain_auc`` (out-of-fold ROC
        AUC of the domain classifier: 0.5 means no detectable shift).

    See Also
    --------
    DensityRatioEstimator : the fitted ratio, to weight new rows.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.sampling import importance_weights
    >>> rng = np.random.default_rng(0)
    >>> X_source = rng.normal(0.0, 1.0, size=(2000, 1))
    >>> X_target = rng.normal(0.5, 1.0, size=(500, 1))
    >>> w, info = importance_weights(X_source, X_target, random_state=0,
    ...                              return_info=True)
    >>> round(float(np.average(X_source[:, 0], weights=w)), 1)  # target mean
    0.5
    >>> round(info["effective_sample_size"] / 2000, 1)
    0.8
    """
    X, domain = _stack(X_source, X_target)
    n_source, n_target = int((domain == 0).sum()), int(domain.sum())
    if isinstance(cv, Integral):
        seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
        cv = StratifiedKFold(cv, shuffle=True, random_state=seed)
    cv = check_cv(cv, domain, classifier=True)
    base = LogisticRegression() if estimator is None else estimator
    proba = cross_val_predict(clone(base), X, domain, cv=cv, method="predict_proba")
    p_target = proba[:, 1]
    raw = _ratio_from_proba(p_target[:n_source], n_source / n_target, None)
    weights = raw if clip is None else np.minimum(raw, clip)
    ess = _kish_ess(weights)
    if ess < 0.1 * n_source:
        warnings.warn(
            f"The importance weights are worth {ess:.0f} of {n_source} source rows "
            "(effective sample size): the target lies where the source has few "
            "rows. Consider clip=... or collecting source data nearer the target.",
            UserWarning,
        )
    if not return_info:
        return weights
    info = {
        "effective_sample_size": ess,
        "n_source": n_source,
        "n_target": n_target,
        "n_clipped": int((raw > weights).sum()),
        "domain_auc": float(roc_auc_score(domain, p_target)),
    }
    return weights, info
