"""Demo section: resampling inside cross-validation, with calibrated probabilities."""

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate

from sklearn_mlsd.imbalance import RandomUndersampler
from sklearn_mlsd.pipeline import ResampledClassifier

TITLE = "Class imbalance: resample training folds only (ResampledClassifier)"

_MAX_ROWS = 30_000


def _models(random_state):
    logreg = LogisticRegression(max_iter=300)
    under = RandomUndersampler(sampling_strategy=0.25)
    return {
        "LogisticRegression": logreg,
        "undersampled 1:4": ResampledClassifier(
            under, logreg, random_state=random_state
        ),
        "undersampled 1:4 + prior correction": ResampledClassifier(
            under, logreg, prior_correction=True, random_state=random_state
        ),
    }


def run(context):
    data, echo = context["data"], context["echo"]
    if len(data) > _MAX_ROWS:
        data = data.sample(n=_MAX_ROWS, random_state=context["random_state"])
    # The hashing trick learns nothing from the data, so featurising before the
    # split leaks nothing (a fitted vocabulary would: see the text section).
    hasher = HashingVectorizer(n_features=2**14, alternate_sign=False)
    X, y = hasher.transform(data["text"]), data["label"].to_numpy()
    echo(f"{len(y):,} tweets, {y.mean():.2%} positive, 3-fold stratified CV")
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=context["random_state"])
    header = f"{'model':38s} {'bal. acc':>8s} {'recall':>7s} {'mean p':>7s}"
    echo(header)
    for name, model in _models(context["random_state"]).items():
        scores = cross_validate(
            model,
            X,
            y,
            cv=cv,
            scoring=("balanced_accuracy", "recall"),
            return_estimator=True,
            return_indices=True,
        )
        mean_p = np.mean(
            [
                est.predict_proba(X[idx])[:, 1].mean()
                for est, idx in zip(
                    scores["estimator"], scores["indices"]["test"], strict=True
                )
            ]
        )
        echo(
            f"{name:38s} {scores['test_balanced_accuracy'].mean():8.3f} "
            f"{scores['test_recall'].mean():7.3f} {mean_p:7.3%}"
        )
    echo(
        "Undersampling raises recall; its probabilities overstate the positive "
        f"rate unless corrected (true rate {y.mean():.2%})."
    )
