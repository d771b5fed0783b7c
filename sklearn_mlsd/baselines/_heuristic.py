"""A hand-written rule, an existing system or human labels as an estimator."""

import inspect

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from sklearn_mlsd.utils._compat import _fit_context, _is_pandas_df


def _takes_classes(rule):
    """Whether ``rule`` accepts a ``classes`` keyword argument."""
    try:
        parameters = inspect.signature(rule).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return False
    return "classes" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _apply_rule(rule, X, classes):
    """The rule's labels for ``X``, checked for length and membership."""
    labels = rule(X, classes=classes) if _takes_classes(rule) else rule(X)
    n_samples = X.shape[0]
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        raise ValueError(
            f"rule returned an array of shape {labels.shape} for {n_samples} rows; "
            "it must return one label per row of X."
        )
    if labels.dtype == bool and len(classes) == 2:
        return classes[labels.astype(np.intp)]
    return classes[_class_indices(labels, classes)]


def _class_indices(labels, classes):
    """Position of every label in ``classes``; ValueError naming the rule."""
    try:
        indices = np.minimum(np.searchsorted(classes, labels), len(classes) - 1)
        known = classes[indices] == labels
    except TypeError:  # labels not comparable with the classes
        indices, known = None, np.zeros(len(labels), dtype=bool)
    if not np.all(known):
        unknown = list(dict.fromkeys(labels[~known].tolist()))
        raise ValueError(
            f"rule returned labels {unknown[:5]} that are not among the classes "
            f"{classes.tolist()}; return known classes or pass `classes`."
        )
    return indices


class HeuristicClassifier(ClassifierMixin, BaseEstimator):
    """Wrap a hand-written rule, an existing system or human labels as a baseline.

    The lecture's non-random baselines: a simple heuristic (a keyword rule, a
    threshold on one feature), the predictions of an existing solution (a
    vendor API, last year's model) and a human baseline (labels from experts).
    All three become a function ``rule(X) -> labels``; wrapped here, they
    fit in :func:`compare_baselines`, ``cross_validate`` and pipelines next to
    the model they are a baseline for.

    Nothing is learned from ``X``: ``fit`` records the classes (from ``y``, or
    ``classes``) and the input's shape, and ``predict`` calls the rule.
    Predictions of an API or of human annotators are wrapped as a lookup keyed
    by a row identifier, e.g. ``rule=lambda X: labels_by_id.loc[X["id"]]`` (see
    the Examples).

    Parameters
    ----------
    rule : callable
        ``rule(X)`` returns one label per row of ``X``. The rule receives ``X``
        as given when it is a pandas DataFrame (so it can use column names),
        otherwise the validated NumPy array. A rule with a ``classes``
        parameter is called as ``rule(X, classes=classes_)``. For binary
        problems whose classes are not booleans, a boolean result selects
        ``classes_[1]`` for True and ``classes_[0]`` for False.
    classes : array-like of shape (n_classes,), default=None
        The label set. None learns it from ``y`` in ``fit``. Give it when the
        rule can predict a class absent from the training labels.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels the classifier may predict.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``, for DataFrame input.

    See Also
    --------
    BaselineClassifier : random and zero-rule baselines.
    NgramLookupClassifier : the lecture's n-gram lookup-table heuristic.

    Notes
    -----
    ``predict_proba`` is the one-hot vector of the rule's label: a rule states a
    class, not a probability. Scores such as ROC AUC computed from it are those
    of the hard labels.

    Examples
    --------
    A keyword rule on a text column:

    >>> import pandas as pd
    >>> from sklearn_mlsd.baselines import HeuristicClassifier
    >>> X = pd.DataFrame({"id": [10, 11, 12], "text": ["5G truth", "sunny", "5G"]})
    >>> y = [1, 0, 0]
    >>> rule = lambda X: X["text"].str.contains("5G").astype(int)
    >>> HeuristicClassifier(rule).fit(X, y).predict(X)
    array([1, 0, 1])

    Human labels (or an API's answers) looked up by row identifier:

    >>> human = {10: 1, 11: 0, 12: 1}
    >>> lookup = lambda X: X["id"].map(human)
    >>> HeuristicClassifier(lookup).fit(X, y).score(X, y)
    0.666...

    A rule must return one label per row:

    >>> HeuristicClassifier(lambda X: [1]).fit(X, y).predict(X)
    Traceback (most recent call last):
    ...
    ValueError: rule returned an array of shape (1,) for 3 rows; ...
    """

    _parameter_constraints = {
        "rule": [callable],
        "classes": ["array-like", None],
    }

    def __init__(self, rule, classes=None):
        self.rule = rule
        self.classes = classes

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Record the classes and the shape of ``X``; the rule is not called.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (only validated).
        y : array-like of shape (n_samples,)
            Target classes.

        Returns
        -------
        self : HeuristicClassifier
            The fitted estimator.
        """
        _, y = validate_data(self, X, y, dtype=None, ensure_all_finite=False)
        check_classification_targets(y)
        y = column_or_1d(y, warn=True)
        self.classes_ = np.unique(y if self.classes is None else self.classes)
        missing = np.setdiff1d(y.astype(object), self.classes_.astype(object))
        if len(missing):
            raise ValueError(
                f"y has labels {missing[:5].tolist()} that are not in classes; "
                "add them to `classes` or pass classes=None."
            )
        return self

    def predict(self, X):
        """The rule's label for every row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to label.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels, each among ``classes_``.
        """
        check_is_fitted(self)
        X_valid = validate_data(
            self, X, dtype=None, ensure_all_finite=False, reset=False
        )
        X_rule = X if _is_pandas_df(X) else X_valid
        return _apply_rule(self.rule, X_rule, self.classes_)

    def predict_proba(self, X):
        """One-hot vectors of the rule's labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to label.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            1.0 at the rule's class, 0.0 elsewhere.
        """
        labels = self.predict(X)
        columns = _class_indices(labels, self.classes_)
        proba = np.zeros((len(labels), len(self.classes_)))
        proba[np.arange(len(labels)), columns] = 1.0
        return proba

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags
