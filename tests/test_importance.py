"""Importance weights: against the true density ratio of two Gaussians."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression

from sklearn_mlsd.sampling import DensityRatioEstimator, importance_weights

SHIFT = np.array([0.5, 0.5])


def _gaussians(rng, n_source=3000, n_target=1000):
    X_source = rng.normal(size=(n_source, 2))
    X_target = rng.normal(size=(n_target, 2)) + SHIFT
    return X_source, X_target


def _true_ratio(X):
    """N(shift, I) / N(0, I) density ratio."""
    return np.exp(X @ SHIFT - SHIFT @ SHIFT / 2)


def test_weights_track_the_true_ratio(rng, seed):
    X_source, X_target = _gaussians(rng)
    w, info = importance_weights(
        X_source, X_target, random_state=seed, return_info=True
    )
    assert w.shape == (3000,) and (w > 0).all()
    assert spearmanr(w, _true_ratio(X_source)).statistic > 0.9
    # prior-corrected: E_source[w] = 1 although n_source = 3 n_target
    assert abs(w.mean() - 1) < 0.1
    # importance-weighted source mean estimates the target mean
    np.testing.assert_allclose(np.average(X_source, axis=0, weights=w), SHIFT, atol=0.1)
    ess = w.sum() ** 2 / (w**2).sum()
    assert info["effective_sample_size"] == pytest.approx(ess)
    assert info == {**info, "n_source": 3000, "n_target": 1000, "n_clipped": 0}
    assert 0.6 < info["domain_auc"] < 0.75  # true AUC of this shift is about 0.69


def test_weights_are_out_of_fold(rng):
    # A forest memorises its training rows: in-sample weights would be extreme.
    X_source, X_target = _gaussians(rng, 600, 600)
    forest = RandomForestClassifier(n_estimators=30, min_samples_leaf=5, random_state=0)
    w = importance_weights(X_source, X_target, estimator=forest, random_state=0)
    in_sample = DensityRatioEstimator(estimator=forest).fit(
        np.vstack([X_source, X_target]), np.r_[np.zeros(600), np.ones(600)]
    )
    w_in = in_sample.weights(X_source)
    # The true ratio's median over the source is exp(-0.25) = 0.78: out-of-fold
    # weights find it, in-sample ones are pulled down (rows look "source").
    assert abs(np.median(w) - np.exp(-0.25)) < 0.12
    assert np.median(w_in) < np.exp(-0.25) - 0.15
    assert spearmanr(w, _true_ratio(X_source)).statistic > 0.5


def test_clip_and_no_shift(rng):
    X_source, X_target = _gaussians(rng)
    w, info = importance_weights(
        X_source, X_target + 1.5, clip=3.0, random_state=0, return_info=True
    )
    assert w.max() == 3.0 and info["n_clipped"] == int((w == 3.0).sum()) > 0
    same, info = importance_weights(
        X_source, rng.normal(size=(1000, 2)), random_state=0, return_info=True
    )
    assert info["effective_sample_size"] > 0.95 * 3000
    assert abs(info["domain_auc"] - 0.5) < 0.05


def test_small_effective_sample_size_warns(rng):
    X_source, X_target = _gaussians(rng)
    with pytest.warns(UserWarning, match="effective sample size"):
        importance_weights(X_source, X_target + 4, random_state=0)


def test_weights_as_sample_weight_correct_covariate_shift(rng):
    # y = x^2 fitted by a line: the best line depends on where x lies.
    X_source = rng.normal(size=(4000, 1))
    X_target = rng.normal(1.0, 1.0, size=(2000, 1))
    w = importance_weights(X_source, X_target, random_state=0)
    weighted = LinearRegression().fit(X_source, X_source[:, 0] ** 2, sample_weight=w)
    plain = LinearRegression().fit(X_source, X_source[:, 0] ** 2)
    on_target = LinearRegression().fit(X_target, X_target[:, 0] ** 2)
    # least squares of x^2 on N(1, 1): slope 2 (plain source fit: slope 0)
    assert abs(weighted.coef_[0] - on_target.coef_[0]) < 0.3
    assert abs(plain.coef_[0] - on_target.coef_[0]) > 1.5


def test_density_ratio_estimator_equals_bayes_rule(rng):
    X_source, X_target = _gaussians(rng, 1500, 500)
    X = np.vstack([X_source, X_target])
    domain = np.array(["source"] * 1500 + ["target"] * 500)
    ratio = DensityRatioEstimator(clip=50.0).fit(X, domain)
    reference = LogisticRegression().fit(X, domain == "target")
    p = reference.predict_proba(X_source)[:, 1]
    expected = np.minimum(p / (1 - p) * 3.0, 50.0)
    np.testing.assert_allclose(ratio.weights(X_source), expected, rtol=1e-10)
    assert list(ratio.classes_) == ["source", "target"] and ratio.prior_ratio_ == 3.0
    ess = expected.sum() ** 2 / (expected**2).sum()
    assert ratio.effective_sample_size_ == pytest.approx(ess)
    assert spearmanr(ratio.weights(X_source), _true_ratio(X_source)).statistic > 0.9


def test_dataframes_and_errors(rng):
    X_source, X_target = _gaussians(rng, 200, 100)
    columns = ["a", "b"]
    w = importance_weights(
        pd.DataFrame(X_source, columns=columns),
        pd.DataFrame(X_target, columns=columns),
        random_state=0,
    )
    np.testing.assert_allclose(
        w, importance_weights(X_source, X_target, random_state=0)
    )
    with pytest.raises(ValueError, match="same columns"):
        importance_weights(
            pd.DataFrame(X_source, columns=columns),
            pd.DataFrame(X_target, columns=["b", "a"]),
        )
    with pytest.raises(ValueError, match="same features"):
        importance_weights(X_source, X_target[:, :1])
    with pytest.raises(ValueError, match="X_source is empty"):
        importance_weights(X_source[:0], X_target)
    with pytest.raises(ValueError, match="X_target is empty"):
        importance_weights(pd.DataFrame(X_source), pd.DataFrame(X_target).iloc[:0])
    with pytest.raises(ValueError, match="'clip' parameter"):
        importance_weights(X_source, X_target, clip=-1.0)
    with pytest.raises(ValueError, match="two domains"):
        DensityRatioEstimator().fit(X_source, np.zeros(200))
    with pytest.raises(ValueError, match="two domains"):
        DensityRatioEstimator().fit(X_source, np.arange(200) % 3)
