"""Resampler-aware composition: weights through pipelines, resampling only at fit."""

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import RandomUnderSampler as ImbRandomUnderSampler
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.ensemble import BaggingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlsd.imbalance import RandomOversampler, RandomUndersampler
from sklearn_mlsd.pipeline import Pipeline, ResampledClassifier, make_pipeline


class WeightRecorder(ClassifierMixin, BaseEstimator):
    """Records what fit received; predicts the majority class of its fit data."""

    def fit(self, X, y, sample_weight=None):
        self.X_fit_ = np.asarray(X).copy()
        self.y_fit_ = np.asarray(y).copy()
        self.sample_weight_fit_ = (
            None if sample_weight is None else sample_weight.copy()
        )
        self.classes_, counts = np.unique(y, return_counts=True)
        self.majority_ = self.classes_[np.argmax(counts)]
        self.n_fits_ = getattr(self, "n_fits_", 0) + 1
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


def _imbalanced(n=300, seed=0, weights=(0.9,)):
    return make_classification(
        n_samples=n, n_features=4, weights=list(weights), random_state=seed
    )


@pytest.mark.parametrize("sampler", [RandomUndersampler, RandomOversampler])
def test_sample_weight_reaches_final_estimator(sampler, seed):
    X, y = _imbalanced(seed=seed)
    w = np.random.default_rng(seed).uniform(0.5, 2.0, size=len(y))
    w_before = w.copy()
    pipe = make_pipeline(
        StandardScaler(), sampler(random_state=seed), WeightRecorder()
    ).fit(X, y, weightrecorder__sample_weight=w)
    step = pipe.steps[1][1]
    final = pipe.steps[-1][1]
    kept = step.sample_indices_
    # the weights the estimator received are the input weights of the rows kept
    np.testing.assert_array_equal(final.y_fit_, y[kept])
    received = final.sample_weight_fit_
    if sampler is RandomOversampler:
        n = len(y)
        np.testing.assert_array_equal(received[:n], w)
        np.testing.assert_array_equal(received[n:], 1.0)
    else:
        # all kept rows keep their weight except possibly the last one of each
        # undersampled class (trimmed so weighted class sizes meet the target)
        differs = received != w[kept]
        assert differs.sum() <= len(step.sampling_strategy_)
        assert np.all(received[differs] < w[kept][differs])
    np.testing.assert_array_equal(w, w_before)


def test_weights_carried_by_an_imblearn_sampler_through_sample_indices():
    X, y = _imbalanced()
    w = np.arange(1.0, len(y) + 1)
    pipe = make_pipeline(ImbRandomUnderSampler(random_state=0), WeightRecorder())
    pipe.fit(X, y, weightrecorder__sample_weight=w)
    kept = pipe.steps[0][1].sample_indices_
    np.testing.assert_array_equal(pipe.steps[-1][1].sample_weight_fit_, w[kept])


def test_weighted_undersampling_balances_weighted_class_sizes():
    X, y = _imbalanced(n=500)
    w = np.random.default_rng(1).integers(1, 4, size=len(y)).astype(float)
    pipe = make_pipeline(RandomUndersampler(random_state=0), WeightRecorder())
    pipe.fit(X, y, weightrecorder__sample_weight=w)
    final = pipe.steps[-1][1]
    sizes = np.bincount(final.y_fit_, weights=final.sample_weight_fit_)
    assert sizes[0] == pytest.approx(sizes[1])
    assert sizes[1] == pytest.approx(w[y == 1].sum())


def test_pipeline_without_weights_is_imblearn_behaviour():
    X, y = _imbalanced()
    pipe = make_pipeline(RandomUndersampler(random_state=0), WeightRecorder()).fit(X, y)
    final = pipe.steps[-1][1]
    assert final.sample_weight_fit_ is None
    assert np.bincount(final.y_fit_).tolist() == [np.bincount(y).min()] * 2
    # predict does not resample: one prediction per input row
    assert pipe.predict(X).shape == (len(y),)


def test_pipeline_fit_params_must_name_a_step():
    X, y = _imbalanced()
    pipe = Pipeline([("under", RandomUndersampler()), ("clf", WeightRecorder())])
    with pytest.raises(ValueError, match="step__parameter"):
        pipe.fit(X, y, clf__sample_weight=np.ones(len(y)), sample_weight=1)


def test_plain_sklearn_pipeline_refuses_a_sampler():
    X, y = _imbalanced()
    with pytest.raises(TypeError, match="transform"):
        SkPipeline([("under", RandomUndersampler()), ("clf", WeightRecorder())]).fit(
            X, y
        )


def test_resampled_classifier_in_gridsearch_resamples_training_folds_only():
    X, y = _imbalanced(n=400, seed=3)
    cv = StratifiedKFold(n_splits=4)
    pipe = SkPipeline(
        [
            ("scale", StandardScaler()),
            (
                "clf",
                ResampledClassifier(RandomUndersampler(), WeightRecorder()),
            ),
        ]
    )
    search = GridSearchCV(
        pipe,
        {"clf__sampler__sampling_strategy": [1.0, 0.5]},
        cv=cv,
        scoring="accuracy",
        return_train_score=True,
    ).fit(X, y)
    train_idx, test_idx = next(cv.split(X, y))
    n_minority_train = np.bincount(y[train_idx]).min()
    fold = pipe.set_params(**search.best_params_).fit(X[train_idx], y[train_idx])
    clf = fold.named_steps["clf"]
    ratio = search.best_params_["clf__sampler__sampling_strategy"]
    expected = n_minority_train + int(n_minority_train / ratio)
    assert clf.n_resampled_ == expected == len(clf.estimator_.y_fit_)
    assert fold.predict(X[test_idx]).shape == (len(test_idx),)
    # refit on the whole data: the final estimator saw the resampled full data
    best = search.best_estimator_.named_steps["clf"]
    assert best.n_resampled_ < len(y)


def test_resampled_classifier_routes_parameters_and_cross_validates():
    X, y = _imbalanced(n=400)
    clf = ResampledClassifier(RandomOversampler(), LogisticRegression())
    clf.set_params(sampler__sampling_strategy=0.5, estimator__C=0.1)
    assert clf.get_params()["estimator__C"] == 0.1
    scores = cross_val_score(clf, X, y, cv=3, scoring="balanced_accuracy")
    assert scores.shape == (3,)
    assert np.all(scores > 0.6)


def test_resampled_classifier_as_bagging_base_estimator():
    X, y = _imbalanced(n=400)
    bag = BaggingClassifier(
        ResampledClassifier(RandomUndersampler(), LogisticRegression()),
        n_estimators=5,
        random_state=0,
    ).fit(X, y)
    for member in bag.estimators_:
        assert np.bincount(member.estimator_.classes_.astype(int)).size == 2
        assert member.n_resampled_ < len(y)
    assert bag.predict_proba(X).shape == (len(y), 2)


def test_resampled_classifier_is_reproducible_and_seeds_the_sampler():
    X, y = _imbalanced()
    first = ResampledClassifier(RandomUndersampler(), random_state=7).fit(X, y)
    second = ResampledClassifier(RandomUndersampler(), random_state=7).fit(X, y)
    np.testing.assert_array_equal(
        first.sampler_.sample_indices_, second.sampler_.sample_indices_
    )
    np.testing.assert_allclose(first.predict_proba(X), second.predict_proba(X))


def test_prior_correction_restores_calibration():
    X, y = make_classification(
        n_samples=6000, n_features=5, weights=[0.95], flip_y=0, random_state=0
    )
    base = ResampledClassifier(RandomUndersampler(), random_state=0).fit(X, y)
    fixed = ResampledClassifier(
        RandomUndersampler(), prior_correction=True, random_state=0
    ).fit(X, y)
    # undersampling to 1:1 inflates the mean positive probability toward 0.5
    assert base.predict_proba(X)[:, 1].mean() > 2 * y.mean()
    assert fixed.predict_proba(X)[:, 1].mean() == pytest.approx(y.mean(), abs=0.02)
    # the correction is exactly p * ratio renormalised (Dal Pozzolo et al.)
    beta = np.bincount(y)[1] / np.bincount(y)[0]  # kept share of negatives
    p = base.predict_proba(X)[:, 1]
    expected = beta * p / (beta * p - p + 1)
    np.testing.assert_allclose(fixed.predict_proba(X)[:, 1], expected, rtol=1e-10)
    assert set(fixed.predict(X)) <= {0, 1}


def test_resampled_classifier_keeps_dataframe_columns_for_the_estimator():
    X, y = _imbalanced()
    frame = pd.DataFrame(X, columns=list("abcd"))
    clf = ResampledClassifier(RandomUndersampler(), LogisticRegression()).fit(frame, y)
    np.testing.assert_array_equal(clf.estimator_.feature_names_in_, list("abcd"))
    np.testing.assert_array_equal(clf.feature_names_in_, list("abcd"))


def test_sample_weight_with_estimator_that_cannot_take_it():
    class NoWeights(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            return np.zeros(len(X))

    X, y = _imbalanced()
    clf = ResampledClassifier(RandomUndersampler(), NoWeights())
    with pytest.raises(TypeError, match="does not accept sample_weight"):
        clf.fit(X, y, sample_weight=np.ones(len(y)))


@pytest.mark.parametrize(
    "make_bad, match",
    [
        (lambda X, y: (np.where(np.eye(len(y), 4, dtype=bool), np.nan, X), y), "NaN"),
        (lambda X, y: (X, np.zeros_like(y)), "class"),
        (lambda X, y: (X[:-3], y), "inconsistent numbers of samples"),
    ],
    ids=["nan", "one-class", "mismatched-lengths"],
)
def test_bad_input_is_named(make_bad, match):
    X, y = make_bad(*_imbalanced())
    with pytest.raises(ValueError, match=match):
        ResampledClassifier(RandomUndersampler()).fit(X, y)
    with pytest.raises(ValueError, match=match):
        RandomUndersampler().fit_resample(X, y)


def test_unknown_sampling_strategy_is_named():
    X, y = _imbalanced()
    with pytest.raises(ValueError, match="sampling_strategy"):
        RandomUndersampler(sampling_strategy="most").fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy"):
        ResampledClassifier(RandomUndersampler(sampling_strategy="most")).fit(X, y)
