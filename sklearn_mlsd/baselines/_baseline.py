"""Random, zero-rule, prior and constant baselines with content-seeded draws."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from sklearn_mlsd.utils._compat import StrOptions, _check_sample_weight, _fit_context
from sklearn_mlsd.utils._hashing import uniform_keys

# One small function per strategy. Each maps (n_samples, class prior, index of
# the constant class, a callable returning one uniform key per row) to the
# class-probability matrix; ``predict`` is its argmax, so the two always agree.


def _one_hot(indices, n_classes):
    out = np.zeros((len(indices), n_classes))
    out[np.arange(len(indices)), indices] = 1.0
    return out


def _uniform(n_samples, prior, constant_index, keys):
    indices = np.minimum((keys() * len(prior)).astype(np.intp), len(prior) - 1)
    return _one_hot(indices, len(prior))


def _stratified(n_samples, prior, constant_index, keys):
    bounds = np.cumsum(prior)
    indices = np.searchsorted(bounds / bounds[-1], keys(), side="right")
    return _one_hot(np.minimum(indices, len(prior) - 1), len(prior))


def _most_frequent(n_samples, prior, constant_index, keys):
    return _one_hot(np.full(n_samples, np.argmax(prior)), len(prior))


def _prior(n_samples, prior, constant_index, keys):
    return np.tile(prior, (n_samples, 1))


def _constant(n_samples, prior, constant_index, keys):
    return _one_hot(np.full(n_samples, constant_index), len(prior))


_STRATEGIES = {
    "uniform": _uniform,
    "stratified": _stratified,
    "most_frequent": _most_frequent,
    "prior": _prior,
    "constant": _constant,
}


def _constant_indices(constant, classes, priors):
    """Position of the constant class in each output's classes (validated)."""
    if constant is None:
        raise ValueError(
            "constant=None but strategy='constant' needs it: pass the class to "
            "predict, e.g. constant=1, or a callable (classes, class_prior) -> class."
        )
    if callable(constant):
        values = [constant(c, p) for c, p in zip(classes, priors, strict=True)]
    else:
        values = list(np.asarray(constant, dtype=object).reshape(-1))
    if len(values) == 1:
        values = values * len(classes)
    if len(values) != len(classes):
        raise ValueError(
            f"constant has {len(values)} values but y has {len(classes)} outputs; "
            "pass one constant, or one per output."
        )
    indices = []
    for value, output_classes in zip(values, classes, strict=True):
        found = np.flatnonzero(output_classes.astype(object) == value)
        if len(found) == 0:
            raise ValueError(
                f"constant={value!r} is not among the classes seen in fit "
                f"{output_classes.tolist()}; pass one of them."
            )
        indices.append(int(found[0]))
    return indices


class BaselineClassifier(ClassifierMixin, BaseEstimator):
    """A baseline classifier whose random predictions are a function of the row.

    The lecture's baselines: predict at random (uniformly, or following the
    class distribution), always predict the most common class (the zero rule),
    or always predict a given class. Unlike
    :class:`~sklearn.dummy.DummyClassifier`, the random strategies draw each
    row's class from a uniform key computed from the row's content and
    ``random_state`` (a 64-bit hash of its values), not from a generator
    consumed in row order. Predictions are therefore reproducible, identical
    for a row predicted alone or in any batch, in any order, and for dense and
    sparse copies of the data; the estimator passes every ``check_estimator``
    check for every strategy.

    The price of content seeding: rows with equal values get equal draws. Draws
    are independent across distinct rows, so the expected scores are those of a
    random classifier, but a feature matrix with few distinct rows (e.g. all
    zeros) gives few distinct draws. ``X`` must be numeric (it is hashed);
    for text or categorical data, or to draw independently for duplicated
    rows, pass a row identifier column instead (:func:`compare_baselines`
    passes the row number).

    Parameters
    ----------
    strategy : {'most_frequent', 'prior', 'stratified', 'uniform', \
            'constant'}, default='most_frequent'
        - 'most_frequent' (the zero rule): always the most frequent class;
          ``predict_proba`` is its one-hot vector.
        - 'prior': predicts the most frequent class; ``predict_proba`` is the
          class prior.
        - 'stratified': each row's class is drawn from the class prior.
        - 'uniform': each row's class is drawn uniformly among the classes.
        - 'constant': always ``constant``.
    constant : int, str, array-like of shape (n_outputs,) or callable, \
            default=None
        The class predicted by the 'constant' strategy (one per output, or
        one for all outputs). A callable ``constant(classes, class_prior)``
        returning a class picks it from the training data, e.g. the minority
        class for the "always predict positive" baseline.
    random_state : int, RandomState instance or None, default=None
        Controls the seed mixed into every row's hash ('uniform' and
        'stratified'). Pass an int for reproducible output across multiple
        function calls.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of such arrays
        Class labels (one array per output for multi-output ``y``).
    n_classes_ : int or list of int
        Number of classes (per output).
    class_prior_ : ndarray of shape (n_classes,) or list of such arrays
        Class frequencies in ``y`` (weighted by ``sample_weight``).
    n_outputs_ : int
        Number of outputs.
    seed_ : int
        Seed drawn from ``random_state`` in ``fit`` and mixed into the row
        hashes (output ``k`` uses ``seed_ + k``).
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``, for DataFrame input.

    See Also
    --------
    HeuristicClassifier : a hand-written rule or an existing system as baseline.
    compare_baselines : every baseline and a model in one table.
    sklearn.dummy.DummyClassifier : draws in row order (not reproducible per row).

    Notes
    -----
    For 'uniform' and 'stratified', ``predict_proba`` is the one-hot vector of
    the class drawn for the row: the baseline is a randomised classifier whose
    realised prediction for a row is fixed by its content, and reporting the
    drawing probabilities instead (what ``DummyClassifier(strategy='uniform')``
    does) makes ``argmax(predict_proba) != predict``, one of the checks it
    fails. The drawing probabilities are ``class_prior_`` ('stratified') and
    ``1 / n_classes_`` ('uniform'); use 'prior' for a baseline whose
    probabilities are the prior.

    A fixed ``constant`` (e.g. ``constant=1``) must be a class of every ``y``
    the estimator is fitted on, so it cannot pass ``check_estimator``, which
    also fits on string labels (``check_classifiers_classes``; scikit-learn's
    ``DummyClassifier(strategy='constant')`` fails the same check). A callable
    ``constant`` picks the class from the fitted classes and passes every check.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.baselines import BaselineClassifier
    >>> X = np.arange(12.0).reshape(6, 2)
    >>> y = np.array([0, 0, 0, 0, 1, 1])
    >>> BaselineClassifier().fit(X, y).predict(X)
    array([0, 0, 0, 0, 0, 0])
    >>> clf = BaselineClassifier(strategy="uniform", random_state=0).fit(X, y)
    >>> pred = clf.predict(X)
    >>> bool((clf.predict(X[::-1]) == pred[::-1]).all())
    True
    >>> bool(clf.predict(X[2:3])[0] == pred[2])
    True

    A constant that is not a class is refused:

    >>> BaselineClassifier(strategy="constant", constant=7).fit(X, y)
    Traceback (most recent call last):
    ...
    ValueError: constant=7 is not among the classes seen in fit [...]; ...
    """

    _parameter_constraints = {
        "strategy": [StrOptions(set(_STRATEGIES))],
        "constant": [Integral, str, "array-like", callable, None],
        "random_state": ["random_state"],
    }

    def __init__(self, strategy="most_frequent", constant=None, random_state=None):
        self.strategy = strategy
        self.constant = constant
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Learn the classes and their (weighted) frequencies.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; only its shape is used by ``fit``.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target classes.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights for the class frequencies.

        Returns
        -------
        self : BaselineClassifier
            The fitted estimator.
        """
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            ensure_all_finite=False,
            multi_output=True,
        )
        check_classification_targets(y)
        sample_weight = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        y2d = y.reshape(-1, 1) if y.ndim == 1 else y
        classes, priors = zip(
            *(_class_prior(col, sample_weight) for col in y2d.T), strict=True
        )
        self.n_outputs_ = y2d.shape[1]
        self._constant_indices = (
            _constant_indices(self.constant, classes, priors)
            if self.strategy == "constant"
            else [None] * self.n_outputs_
        )
        self.seed_ = int(check_random_state(self.random_state).randint(2**31 - 1))
        one = y.ndim == 1
        self.classes_ = classes[0] if one else list(classes)
        self.class_prior_ = priors[0] if one else list(priors)
        self.n_classes_ = len(classes[0]) if one else [len(c) for c in classes]
        return self

    def _per_output(self, name):
        value = getattr(self, name)
        return [value] if isinstance(value, np.ndarray) else value

    def predict_proba(self, X):
        """Class probabilities (one-hot of the drawn class for random strategies).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows to predict.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes) or list of such arrays
            One array per output for multi-output ``y``.
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse=["csr", "csc"], ensure_all_finite=False, reset=False
        )
        function = _STRATEGIES[self.strategy]
        probas = [
            function(
                X.shape[0],
                prior,
                constant_index,
                lambda k=k: uniform_keys(X, self.seed_ + k),
            )
            for k, (prior, constant_index) in enumerate(
                zip(
                    self._per_output("class_prior_"),
                    self._constant_indices,
                    strict=True,
                )
            )
        ]
        return probas[0] if isinstance(self.classes_, np.ndarray) else probas

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (``-inf`` where it is 0).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows to predict.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes) or list of such arrays
            One array per output for multi-output ``y``.
        """
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if isinstance(proba, list):
                return [np.log(p) for p in proba]
            return np.log(proba)

    def predict(self, X):
        """The class of each row: the argmax of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows to predict.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predicted classes.
        """
        proba = self.predict_proba(X)
        if isinstance(proba, np.ndarray):
            return self.classes_[np.argmax(proba, axis=1)]
        columns = [
            classes[np.argmax(p, axis=1)]
            for classes, p in zip(self._per_output("classes_"), proba, strict=True)
        ]
        return np.column_stack(columns)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        tags.input_tags.sparse = True
        tags.input_tags.allow_nan = True
        tags.target_tags.multi_output = True
        return tags


def _class_prior(y, sample_weight):
    """Sorted classes of one output and their weighted frequencies."""
    classes, inverse = np.unique(y, return_inverse=True)
    weights = np.bincount(
        inverse.ravel(), weights=sample_weight, minlength=len(classes)
    )
    return classes, weights / weights.sum()
