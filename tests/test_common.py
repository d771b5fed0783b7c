"""The common checks, run on every public estimator that all_estimators() finds.

- scikit-learn's ``parametrize_with_checks`` (xfail_strict) and
  ``check_param_validation``;
- imbalanced-learn's sampler checks for samplers that rebalance classes (those
  with a ``sampling_strategy``);
- our text checks for estimators that take a list of strings.

Estimators whose constructor needs arguments get them from ``TEST_PARAMS``.
Expected failures would go in ``EXPECTED_FAILED_CHECKS`` with a written reason;
it is empty.
"""

import numpy as np
import pytest
from imblearn.utils.estimator_checks import _yield_sampler_checks
from sklearn.base import clone
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import (
    check_param_validation,
    parametrize_with_checks,
    set_random_state,
)

from sklearn_mlsd.utils import all_estimators
from sklearn_mlsd.utils.estimator_checks import text_estimator_checks


def _sign_of_first_feature(X, classes):
    """A module-level (picklable) rule for HeuristicClassifier: the class picked
    by the sign of the first feature, among the classes seen in fit."""
    first = np.asarray(X, dtype=float)[:, 0]
    return classes[(first > 0).astype(int) % len(classes)]


def _unit_weights(X):
    """Sampling weights for the checks (module level, so instances pickle)."""
    return np.ones(X.shape[0])


# name -> kwargs for an instance that the checks can use.
TEST_PARAMS = {
    "HeuristicClassifier": {"rule": _sign_of_first_feature},
    "ReservoirSampler": {"n_samples": 10},
    "RandomSampler": {"fraction": 0.5},
    "StratifiedSampler": {"fraction": 0.5, "by": 0, "min_per_stratum": 0},
    "WeightedSampler": {"weights": _unit_weights, "fraction": 0.5},
}

# name -> {check name: reason}. Goal: empty.
EXPECTED_FAILED_CHECKS = {}


def _instances():
    for name, cls in all_estimators():
        yield cls(**TEST_PARAMS.get(name, {}))


def _is_text(estimator):
    tags = get_tags(estimator).input_tags
    return tags.string and not tags.two_d_array


ESTIMATORS = list(_instances())
TABULAR = [e for e in ESTIMATORS if not _is_text(e)]
TEXT = [e for e in ESTIMATORS if _is_text(e)]
REBALANCING = [e for e in ESTIMATORS if "sampling_strategy" in e.get_params()]


def _id(obj):
    return type(obj).__name__


def test_all_estimators_found():
    names = {name for name, _ in all_estimators()}
    assert {"ResampledClassifier", "RandomUndersampler", "RandomOversampler"} <= names


@parametrize_with_checks(
    ESTIMATORS,
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(_id(est), {}),
    xfail_strict=True,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=_id)
def test_param_validation(estimator):
    check_param_validation(_id(estimator), estimator)


@pytest.mark.parametrize(
    "estimator, check",
    [(e, c) for e in REBALANCING for c in _yield_sampler_checks(e)],
    ids=lambda x: _id(x) if not callable(x) or hasattr(x, "get_params") else x.__name__,
)
def test_imblearn_sampler_checks(estimator, check):
    estimator = clone(estimator)
    set_random_state(estimator, random_state=0)
    check(_id(estimator), estimator)


@pytest.mark.parametrize(
    "estimator, check",
    [(e, run) for e in TEXT for _, run in text_estimator_checks(e)],
)
def test_text_estimator_checks(estimator, check):
    check()
