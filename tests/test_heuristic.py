import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import KFold, cross_val_score

from sklearn_mlsd.baselines import HeuristicClassifier


def threshold_rule(X):
    return (np.asarray(X, dtype=float)[:, 0] > 0).astype(int)


def _data(rng, n=200):
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + 0.5 * rng.normal(size=n) > 0).astype(int)
    return X, y


def test_predictions_are_the_rule(rng):
    X, y = _data(rng)
    clf = HeuristicClassifier(threshold_rule).fit(X, y)
    np.testing.assert_array_equal(clf.predict(X), threshold_rule(X))
    expected = np.mean(threshold_rule(X) == y)
    assert clf.score(X, y) == pytest.approx(expected)
    proba = clf.predict_proba(X)
    np.testing.assert_array_equal(proba[:, 1], threshold_rule(X))
    np.testing.assert_array_equal(proba.sum(axis=1), 1.0)


def test_dataframe_rule_sees_columns_and_works_in_cv(rng):
    X, y = _data(rng)
    df = pd.DataFrame(X, columns=["score", "other"])
    rule = pickle.loads(pickle.dumps(threshold_rule))
    clf = HeuristicClassifier(lambda X: (X["score"] > 0).astype(int))
    scores = cross_val_score(clf, df, y, cv=KFold(4))
    folds = np.array_split(np.arange(len(y)), 4)
    expected = [np.mean(rule(X[f]) == y[f]) for f in folds]
    np.testing.assert_allclose(scores, expected)


def test_human_labels_by_identifier():
    ids = np.array([[101], [102], [103], [104]])
    y = np.array(["fake", "real", "real", "fake"])
    annotator = {101: "fake", 102: "fake", 103: "real", 104: "fake"}
    clf = HeuristicClassifier(lambda X: [annotator[i] for i in X[:, 0]]).fit(ids, y)
    np.testing.assert_array_equal(clf.predict(ids), ["fake", "fake", "real", "fake"])
    assert clf.score(ids, y) == 0.75


def test_boolean_rule_maps_to_classes(rng):
    X, _ = _data(rng, n=20)
    y = np.where(X[:, 0] > 0, "yes", "no")
    clf = HeuristicClassifier(lambda X: X[:, 0] > 0).fit(X, y)
    np.testing.assert_array_equal(clf.predict(X), y)


def test_rule_with_classes_keyword(rng):
    X, y = _data(rng, n=20)
    labels = np.array(["b", "a"])[y]
    clf = HeuristicClassifier(lambda X, classes: np.full(len(X), classes[0]))
    assert set(clf.fit(X, labels).predict(X)) == {"a"}


def test_explicit_classes_allow_unseen_label(rng):
    X, y = _data(rng, n=20)
    clf = HeuristicClassifier(lambda X: np.full(len(X), 2), classes=[0, 1, 2])
    clf.fit(X, y)
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.predict_proba(X).shape == (20, 3)
    with pytest.raises(ValueError, match="not in classes"):
        HeuristicClassifier(threshold_rule, classes=[0]).fit(X, y)


def test_wrong_length_rule_is_refused(rng):
    X, y = _data(rng, n=20)
    clf = HeuristicClassifier(lambda X: threshold_rule(X)[:-1]).fit(X, y)
    with pytest.raises(ValueError, match=r"rule returned an array of shape \(19,\)"):
        clf.predict(X)
    with pytest.raises(ValueError, match="rule returned an array of shape"):
        HeuristicClassifier(lambda X: np.zeros((20, 2))).fit(X, y).predict(X)


def test_unknown_labels_are_refused(rng):
    X, y = _data(rng, n=20)
    clf = HeuristicClassifier(lambda X: np.full(len(X), 5)).fit(X, y)
    with pytest.raises(ValueError, match=r"rule returned labels \[5\]"):
        clf.predict(X)
    strings = HeuristicClassifier(lambda X: ["x"] * len(X)).fit(X, y)
    with pytest.raises(ValueError, match=r"rule returned labels \['x'\]"):
        strings.predict(X)


def test_rule_must_be_callable(rng):
    X, y = _data(rng, n=20)
    with pytest.raises(ValueError, match="'rule' parameter"):
        HeuristicClassifier(rule="not callable").fit(X, y)
