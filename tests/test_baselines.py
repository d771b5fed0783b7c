import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.stats import chisquare
from sklearn.dummy import DummyClassifier
from sklearn.utils.estimator_checks import (
    check_estimator,
    check_param_validation,
    parametrize_with_checks,
)

from sklearn_mlsd.baselines import BaselineClassifier

STRATEGIES = ["uniform", "stratified", "most_frequent", "prior", "constant"]


def minority_class(classes, class_prior):
    """Module-level (picklable) constant: the least frequent class."""
    return classes[np.argmin(class_prior)]


def _instance(strategy, random_state=0):
    constant = minority_class if strategy == "constant" else None
    return BaselineClassifier(
        strategy=strategy, constant=constant, random_state=random_state
    )


@parametrize_with_checks([_instance(s) for s in STRATEGIES], xfail_strict=True)
def test_every_strategy_passes_check_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_param_validation_every_strategy(strategy):
    check_param_validation("BaselineClassifier", _instance(strategy))


def _data(rng, n=2000, n_features=3, weights=(0.7, 0.2, 0.1)):
    X = rng.normal(size=(n, n_features))
    y = rng.choice(len(weights), size=n, p=weights)
    return X, y


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_predict_is_argmax_of_predict_proba(strategy, rng):
    X, y = _data(rng)
    clf = _instance(strategy).fit(X, y)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X))
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba))


@pytest.mark.parametrize("strategy", ["uniform", "stratified"])
def test_reproducible_and_seed_dependent(strategy, rng, seed):
    X, y = _data(rng)
    first = _instance(strategy, seed).fit(X, y).predict(X)
    again = _instance(strategy, seed).fit(X, y).predict(X)
    other = _instance(strategy, seed + 100).fit(X, y).predict(X)
    np.testing.assert_array_equal(first, again)
    assert np.mean(first != other) > 0.2


@pytest.mark.parametrize("strategy", ["uniform", "stratified"])
def test_order_batch_and_container_invariance(strategy, rng):
    X, y = _data(rng, n=500)
    clf = _instance(strategy).fit(X, y)
    pred = clf.predict(X)
    perm = rng.permutation(len(X))
    np.testing.assert_array_equal(clf.predict(X[perm]), pred[perm])
    singles = np.array([clf.predict(X[i : i + 1])[0] for i in range(0, 500, 37)])
    np.testing.assert_array_equal(singles, pred[::37])
    subset = rng.choice(len(X), 50, replace=False)
    np.testing.assert_array_equal(clf.predict(X[subset]), pred[subset])
    X_sparse = X.copy()
    X_sparse[X_sparse < 0] = 0
    dense_pred = clf.predict(X_sparse)
    np.testing.assert_array_equal(clf.predict(sparse.csr_array(X_sparse)), dense_pred)
    np.testing.assert_array_equal(clf.predict(pd.DataFrame(X)), pred)


def test_uniform_draws_every_class_equally(rng):
    X, y = _data(rng, n=30_000)
    pred = _instance("uniform", int(rng.integers(1000))).fit(X, y).predict(X)
    counts = np.bincount(pred, minlength=3)
    assert chisquare(counts).pvalue > 0.001


def test_stratified_follows_class_distribution(rng):
    X, y = _data(rng, n=30_000)
    clf = _instance("stratified", int(rng.integers(1000))).fit(X, y)
    counts = np.bincount(clf.predict(X), minlength=3)
    expected = clf.class_prior_ * len(X)
    assert chisquare(counts, expected).pvalue > 0.001
    np.testing.assert_allclose(clf.class_prior_, np.bincount(y) / len(y))


def test_random_draws_independent_of_truth(rng):
    """Accuracy of 'stratified' is sum(p^2), of 'uniform' 1/K (within 4 sd)."""
    X, y = _data(rng, n=30_000)
    p = np.bincount(y) / len(y)
    for strategy, expected in [("uniform", 1 / 3), ("stratified", np.sum(p**2))]:
        accuracy = _instance(strategy).fit(X, y).score(X, y)
        sd = np.sqrt(expected * (1 - expected) / len(y))
        assert abs(accuracy - expected) < 4 * sd, strategy


@pytest.mark.parametrize(
    "strategy, constant", [("most_frequent", None), ("prior", None), ("constant", 2)]
)
def test_deterministic_strategies_match_dummy_classifier(strategy, constant, rng):
    X, y = _data(rng)
    ours = BaselineClassifier(strategy=strategy, constant=constant).fit(X, y)
    dummy = DummyClassifier(strategy=strategy, constant=constant).fit(X, y)
    np.testing.assert_array_equal(ours.predict(X), dummy.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), dummy.predict_proba(X))


def test_sample_weight_is_row_duplication(rng):
    X, y = _data(rng, n=300)
    w = rng.integers(0, 3, size=len(y))
    weighted = _instance("stratified").fit(X, y, sample_weight=w)
    repeated = _instance("stratified").fit(np.repeat(X, w, 0), np.repeat(y, w))
    np.testing.assert_allclose(weighted.class_prior_, repeated.class_prior_)
    np.testing.assert_array_equal(weighted.predict(X), repeated.predict(X))


def test_callable_constant_and_string_labels(rng):
    X, y = _data(rng)
    labels = np.array(["cat", "dog", "fox"])[y]
    clf = _instance("constant").fit(X, labels)
    assert set(clf.predict(X)) == {"fox"}


def test_multi_output(rng):
    X, y = _data(rng, n=3000)
    Y = np.column_stack([y, (y + 1) % 3, y == 0])
    clf = _instance("stratified").fit(X, Y)
    pred = clf.predict(X)
    assert pred.shape == (3000, 3)
    assert clf.n_outputs_ == 3 and len(clf.classes_) == 3
    proba = clf.predict_proba(X)
    assert [p.shape for p in proba] == [(3000, 3), (3000, 3), (3000, 2)]
    # the outputs are drawn independently: output 1 is not output 0 shifted
    assert 0.2 < np.mean((pred[:, 0] + 1) % 3 == pred[:, 1]) < 0.8
    const = BaselineClassifier(strategy="constant", constant=[1, 2, True]).fit(X, Y)
    np.testing.assert_array_equal(const.predict(X[:2]), [[1, 2, 1], [1, 2, 1]])


def test_unknown_strategy_is_refused(rng):
    X, y = _data(rng, n=20)
    with pytest.raises(ValueError, match="'strategy' parameter"):
        BaselineClassifier(strategy="random").fit(X, y)


def test_constant_not_among_classes(rng):
    X, y = _data(rng, n=50)
    with pytest.raises(ValueError, match=r"constant=7 is not among the classes"):
        BaselineClassifier(strategy="constant", constant=7).fit(X, y)
    with pytest.raises(ValueError, match="constant=None but strategy='constant'"):
        BaselineClassifier(strategy="constant").fit(X, y)
    with pytest.raises(ValueError, match="constant has 2 values but y has 1"):
        BaselineClassifier(strategy="constant", constant=[0, 1]).fit(X, y)


def test_fixed_constant_fails_only_the_string_label_check():
    """The documented reason for the callable ``constant``: a fixed class cannot
    be a class of check_estimator's string-labelled data; a callable can."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fixed = check_estimator(
            BaselineClassifier(strategy="constant", constant=1), on_fail=None
        )
    failed = {r["check_name"] for r in fixed if r["status"] == "failed"}
    assert failed == {"check_classifiers_classes"}


def test_input_is_validated(rng):
    X, y = _data(rng, n=50)
    clf = BaselineClassifier().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :2])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        BaselineClassifier().fit(X, y[:-1])
    with pytest.raises(ValueError, match="Unknown label type"):
        BaselineClassifier().fit(X, rng.normal(size=50))
