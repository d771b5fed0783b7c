"""The baseline table: every baseline and a model, scored the same way."""

import copy
from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.model_selection import check_cv
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_consistent_length, column_or_1d

from sklearn_mlsd.base import take_rows
from sklearn_mlsd.baselines._baseline import BaselineClassifier
from sklearn_mlsd.utils._compat import HasMethods, StrOptions, validate_params

_ALL = ("uniform", "stratified", "most_frequent")


# --- metrics: (y_true, y_pred, y_score callable, classes, positive) -> float ---
# Precision, recall and F1 are those of the positive class for binary targets
# and macro averages otherwise; an undefined value (no predicted or no actual
# member of a class) is NaN, never 0, and NaN propagates into the average.


def _class_counts(y_true, y_pred, classes):
    """True positives, predicted and actual counts per class."""
    true = np.searchsorted(classes, y_true)
    pred = np.searchsorted(classes, y_pred)
    pred = np.where(classes[np.minimum(pred, len(classes) - 1)] == y_pred, pred, -1)
    k = len(classes)
    tp = np.bincount(true[true == pred], minlength=k).astype(float)
    n_pred = np.bincount(pred[pred >= 0], minlength=k).astype(float)
    n_true = np.bincount(true, minlength=k).astype(float)
    return tp, n_pred, n_true


def _ratio(num, den):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _per_class(kind, tp, n_pred, n_true):
    precision, recall = _ratio(tp, n_pred), _ratio(tp, n_true)
    if kind == "precision":
        return precision
    if kind == "recall":
        return recall
    f1 = _ratio(2 * tp, n_pred + n_true)
    return np.where(np.isnan(precision) | np.isnan(recall), np.nan, f1)


def _class_metric(kind):
    def metric(y_true, y_pred, y_score, classes, positive):
        values = _per_class(kind, *_class_counts(y_true, y_pred, classes))
        return float(values[positive] if positive is not None else np.mean(values))

    metric.__name__ = kind
    return metric


def _accuracy(y_true, y_pred, y_score, classes, positive):
    return float(np.mean(y_true == y_pred))


def _balanced_accuracy(y_true, y_pred, y_score, classes, positive):
    return float(balanced_accuracy_score(y_true, y_pred))


def _roc_auc(y_true, y_pred, y_score, classes, positive):
    scores = y_score()
    if scores is None or positive is None or len(np.unique(y_true)) < 2:
        return np.nan
    return float(roc_auc_score(y_true == classes[positive], scores))


_METRICS = {
    "accuracy": _accuracy,
    "balanced_accuracy": _balanced_accuracy,
    "precision": _class_metric("precision"),
    "recall": _class_metric("recall"),
    "f1": _class_metric("f1"),
    "roc_auc": _roc_auc,
}


def _expected(metric, p, q, positive):
    """Large-sample score of predictions drawn with class probabilities ``q``
    independently of the truth, whose class frequencies are ``p``."""
    tp, n_pred, n_true = p * q, q, p
    if metric == "accuracy":
        return float(np.sum(p * q))
    if metric == "balanced_accuracy":
        return float(np.mean(q[p > 0]))
    if metric == "roc_auc":
        return 0.5 if positive is not None else np.nan
    if metric not in ("precision", "recall", "f1"):
        return np.nan
    values = _per_class(metric, tp, n_pred, n_true)
    return float(values[positive] if positive is not None else np.mean(values))


_DRAW_PROBABILITIES = {
    "uniform": lambda fitted: np.full(fitted.n_classes_, 1.0 / fitted.n_classes_),
    "stratified": lambda fitted: fitted.class_prior_,
}


def _prediction_distribution(baseline, ids, y, classes):
    """Probability that a BaselineClassifier fitted on ``y`` predicts each of
    ``classes``: its drawing probabilities, or a one-hot vector for the
    deterministic strategies."""
    fitted = clone(baseline).fit(ids, y)
    draw = _DRAW_PROBABILITIES.get(fitted.strategy)
    if draw is None:
        q = np.eye(fitted.n_classes_)[np.argmax(fitted.predict_proba(ids[:1])[0])]
    else:
        q = draw(fitted)
    q_all = np.zeros(len(classes))
    q_all[np.searchsorted(classes, fitted.classes_)] = q
    return q_all


class BaselineTable(pd.DataFrame):
    """The table :func:`compare_baselines` returns: a DataFrame whose ``plot``
    draws the bar chart of the metric means.

    Rows are the baselines and the model; for every metric ``m`` the columns
    ``m_mean``, ``m_std`` (over folds) and ``m_expected`` (the analytic value
    for a random baseline). Any operation on it returns a plain DataFrame,
    whose ``plot`` is pandas' usual accessor.
    """

    @property
    def _constructor(self):
        return pd.DataFrame

    def plot(self, ax=None, **kwargs):
        """Bar chart of the metric means (labelled; NaN for undefined), the
        spread over folds as error bars and the expected value of each random
        baseline as a black diamond.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; None creates a figure.
        **kwargs : dict
            Passed to ``Axes.bar``.

        Returns
        -------
        ax : matplotlib Axes
        """
        import matplotlib.pyplot as plt

        metrics = [c[: -len("_mean")] for c in self.columns if c.endswith("_mean")]
        if ax is None:
            _, ax = plt.subplots(figsize=(1.6 + 1.3 * len(self), 3.5))
        width = 0.8 / max(len(metrics), 1)
        x = np.arange(len(self))
        for i, metric in enumerate(metrics):
            offset = x - 0.4 + width * (i + 0.5)
            means = self[f"{metric}_mean"].to_numpy(dtype=float)
            errors = self[f"{metric}_std"].fillna(0.0).to_numpy(dtype=float)
            bars = ax.bar(offset, np.nan_to_num(means), width, label=metric, **kwargs)
            ax.errorbar(
                offset,
                np.nan_to_num(means),
                yerr=errors,
                fmt="none",
                ecolor="dimgray",
                elinewidth=1,
            )
            ax.bar_label(
                bars,
                ["NaN" if np.isnan(m) else f"{m:.2f}" for m in means],
                fontsize=7,
                padding=2,
            )
            expected = self.get(f"{metric}_expected")
            if expected is not None and expected.notna().any():
                ax.scatter(
                    offset,
                    expected.to_numpy(dtype=float),
                    marker="D",
                    s=14,
                    color="black",
                    zorder=3,
                    label="expected (random)" if i == 0 else None,
                )
        ax.set_xticks(x, list(self.index))
        ax.set_ylim(0, 1.12)
        ax.set_ylabel("score")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        return ax


def _resolve_baselines(baselines, rng):
    """name -> estimator. Strings are BaselineClassifier strategies; each
    BaselineClassifier without a random_state gets its own seed from ``rng``
    (so the random baselines' draws are independent of one another)."""
    if isinstance(baselines, str):
        baselines = _ALL
    if not isinstance(baselines, dict):
        baselines = {name: name for name in baselines}
    resolved = {}
    for name, baseline in baselines.items():
        if isinstance(baseline, str):
            baseline = BaselineClassifier(strategy=baseline)
        elif not (hasattr(baseline, "fit") and hasattr(baseline, "predict")):
            raise ValueError(
                f"baselines[{name!r}] is {baseline!r}: pass a BaselineClassifier "
                "strategy name or an estimator with fit and predict."
            )
        seed = rng.randint(2**31 - 1)
        if isinstance(baseline, BaselineClassifier):
            baseline = clone(baseline)
            if baseline.random_state is None:
                baseline.set_params(random_state=seed)
        resolved[name] = baseline
    return resolved


def _resolve_metrics(scoring):
    """name -> metric(y_true, y_pred, y_score, classes, positive)."""
    if isinstance(scoring, str):
        scoring = (scoring,)
    if isinstance(scoring, dict):
        return {
            name: (lambda t, p, s, c, k, f=func: float(f(t, p)))
            for name, func in scoring.items()
        }
    unknown = [name for name in scoring if name not in _METRICS]
    if unknown:
        raise ValueError(
            f"scoring has unknown metrics {unknown}; use any of {sorted(_METRICS)} "
            "or a dict name -> callable(y_true, y_pred)."
        )
    return {name: _METRICS[name] for name in scoring}


def _scorer_input(estimator, X_rows, ids):
    """BaselineClassifier gets the row numbers; other estimators the rows."""
    return ids if isinstance(estimator, BaselineClassifier) else X_rows


def _score_once(estimator, train, test, metrics, classes, positive):
    """Fit on ``train`` = (X, y), score on ``test``; {metric: score}."""
    fitted = clone(estimator).fit(*train)
    X_eval, y_eval = test
    y_pred = np.asarray(fitted.predict(X_eval))

    def y_score():
        if hasattr(fitted, "predict_proba"):
            proba = fitted.predict_proba(X_eval)
            column = np.flatnonzero(fitted.classes_ == classes[positive])
            return proba[:, column[0]] if len(column) else None
        if hasattr(fitted, "decision_function"):
            scores = np.asarray(fitted.decision_function(X_eval))
            # a binary decision function scores classes_[1]: flip it when the
            # positive class is classes_[0] (as scikit-learn's scorers do)
            if scores.ndim == 1 and fitted.classes_[0] == classes[positive]:
                return -scores
            return scores
        return None

    return {
        name: metric(y_eval, y_pred, y_score, classes, positive)
        for name, metric in metrics.items()
    }


def _splits(X, y, ids, cv, X_test, y_test, random_state):
    """(train_rows, test_rows) pairs: CV folds, or one fit on all of X."""
    if X_test is not None:
        test_ids = np.arange(len(ids), len(ids) + len(y_test), dtype=float)
        return [((X, y, ids), (X_test, y_test, test_ids[:, None]))]
    splitter = check_cv(cv, y, classifier=True)
    if getattr(splitter, "shuffle", False) and splitter.random_state is None:
        splitter = copy.copy(splitter)  # never modify the caller's splitter
        splitter.random_state = random_state
    return [
        (
            (take_rows(X, train), y[train], ids[train]),
            (take_rows(X, test), y[test], ids[test]),
        )
        for train, test in splitter.split(ids, y)
    ]


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "cv": ["cv_object"],
        "scoring": [str, list, tuple, dict],
        "baselines": [StrOptions({"all"}), list, tuple, dict],
        "X_test": ["array-like", "sparse matrix", None],
        "y_test": ["array-like", None],
        "pos_label": [None, str, "boolean", Real],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=False,
)
def compare_baselines(
    estimator,
    X,
    y,
    *,
    cv=5,
    scoring=("accuracy", "f1"),
    baselines="all",
    X_test=None,
    y_test=None,
    pos_label=None,
    random_state=None,
):
    """Score a model next to the baselines it has to beat.

    Every baseline and the model are fitted and scored on the same folds (or
    on the same held-out set), and the table shows the mean and spread of each
    metric, with the analytic expectation next to every
    :class:`BaselineClassifier`. A metric that is undefined is NaN, not 0: the
    F1 or precision of a model that never predicts the positive class
    (scikit-learn reports 0.0 with a warning; the lecture, correctly, NaN).

    Parameters
    ----------
    estimator : estimator or None
        The model; None scores the baselines only (nothing else is fitted).
    X : {array-like, sparse matrix} of shape (n_samples, n_features) or list
        Input of the model (a DataFrame, a list of texts, ...).
    y : array-like of shape (n_samples,)
        Target classes.
    cv : int, cross-validation generator or iterable, default=5
        Folds, as in :func:`~sklearn.model_selection.cross_validate` (an int is
        a :class:`~sklearn.model_selection.StratifiedKFold`). Ignored when
        ``X_test`` is given.
    scoring : str, list of str or dict, default=('accuracy', 'f1')
        Metrics among 'accuracy', 'balanced_accuracy', 'precision', 'recall',
        'f1' and 'roc_auc', or a dict name -> ``callable(y_true, y_pred)``.
        Precision, recall and F1 are those of ``pos_label`` for binary targets,
        macro averages otherwise (NaN when a class is undefined).
    baselines : 'all', list of str or dict, default='all'
        'all' is the lecture's three: 'uniform', 'stratified' and
        'most_frequent'. A list names :class:`BaselineClassifier` strategies; a
        dict maps a row name to a strategy or an estimator (e.g. a
        :class:`HeuristicClassifier`, or
        ``BaselineClassifier(strategy='constant', constant=1)``).
    X_test, y_test : array-like, default=None
        A held-out set: every estimator is fitted once on ``X, y`` and scored
        on it (the spread columns are then NaN).
    pos_label : int, str or bool, default=None
        The positive class for binary metrics; None takes the greater label
        (1 for 0/1 targets).
    random_state : int, RandomState instance or None, default=None
        Seeds the random baselines and a shuffling ``cv``. Pass an int for a
        reproducible table.

    Returns
    -------
    table : BaselineTable
        A DataFrame with one row per baseline plus 'model', and columns
        ``<metric>_mean``, ``<metric>_std`` and ``<metric>_expected``; its
        ``plot()`` draws the bar chart.

    Notes
    -----
    The baselines need no features, so each :class:`BaselineClassifier` is
    given the row number as its only feature: its random draws are then
    independent for every row (duplicated rows included) and the model's input
    may be anything (texts, categories). Other baselines get ``X``.

    The expected value of a random baseline is its large-sample score: with
    true class frequencies ``p`` and predictions drawn with probabilities
    ``q``, accuracy is ``sum(p * q)``, the positive class's precision ``p``,
    recall ``q`` and F1 ``2 p q / (p + q)``.

    Examples
    --------
    The lecture's example at 10,000 rows, 1% positives:

    >>> import numpy as np
    >>> from sklearn_mlsd.baselines import compare_baselines
    >>> y = np.zeros(10_000, dtype=int)
    >>> y[:100] = 1
    >>> X = np.zeros((10_000, 1))
    >>> table = compare_baselines(None, X, y, random_state=0)
    >>> table[["accuracy_expected", "f1_expected"]].round(4)
                   accuracy_expected  f1_expected
    uniform                   0.5000       0.0196
    stratified                0.9802       0.0100
    most_frequent             0.9900          NaN
    >>> table.loc["most_frequent", ["accuracy_mean", "f1_mean"]].tolist()
    [0.99, nan]
    """
    y = column_or_1d(y)
    check_consistent_length(X, y)
    if (X_test is None) != (y_test is None):
        raise ValueError("pass both X_test and y_test, or neither.")
    if y_test is not None:
        y_test = column_or_1d(y_test)
        check_consistent_length(X_test, y_test)
    rng = check_random_state(random_state)
    classes = np.unique(y if y_test is None else np.concatenate([y, y_test]))
    positive = _positive_index(classes, pos_label)
    metrics = _resolve_metrics(scoring)
    estimators = _resolve_baselines(baselines, rng)
    if estimator is not None:
        estimators["model"] = estimator
    ids = np.arange(len(y), dtype=float)[:, None]
    splits = _splits(X, y, ids, cv, X_test, y_test, rng.randint(2**31 - 1))
    y_eval = y if y_test is None else y_test
    p = np.mean(y_eval[:, None] == classes[None, :], axis=0)
    rows = {}
    for name, est in estimators.items():
        scores = [
            _score_once(
                est,
                (_scorer_input(est, train[0], train[2]), train[1]),
                (_scorer_input(est, test[0], test[2]), test[1]),
                metrics,
                classes,
                positive,
            )
            for train, test in splits
        ]
        q = (
            _prediction_distribution(est, ids, y, classes)
            if isinstance(est, BaselineClassifier)
            else None
        )
        rows[name] = _summarise(scores, metrics, p, q, positive)
    return BaselineTable(pd.DataFrame.from_dict(rows, orient="index"))


def _positive_index(classes, pos_label):
    """Index of the positive class (binary targets only; else None)."""
    if len(classes) != 2:
        return None
    if pos_label is None:
        return 1
    found = np.flatnonzero(classes == pos_label)
    if not len(found):
        raise ValueError(
            f"pos_label={pos_label!r} is not a class of y {classes.tolist()}; "
            "pass one of them or None."
        )
    return int(found[0])


def _summarise(scores, metrics, p, q, positive):
    """{column: value} for one row of the table."""
    row = {}
    for name in metrics:
        values = np.array([s[name] for s in scores], dtype=float)
        row[f"{name}_mean"] = float(np.mean(values))
        row[f"{name}_std"] = float(np.std(values)) if len(values) > 1 else np.nan
        row[f"{name}_expected"] = (
            np.nan if q is None else _expected(name, p, q, positive)
        )
    return row
