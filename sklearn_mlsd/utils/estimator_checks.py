"""Checks for estimators whose input is a list of documents.

scikit-learn's ``check_estimator`` runs a single check on an estimator tagged
``string=True, two_d_array=False``. These are the data-driven checks it leaves
out, for our text estimators: clone, get/set params, ``fit`` returns self,
pickle round trip, idempotent fit, no parameter or input mutation, output
shape and feature names, and clear errors for input that is not a list of
strings.
"""

import copy
import pickle
import warnings

import numpy as np
from scipy import sparse
from sklearn.base import clone

from sklearn_mlsd.leakage import LeakageWarning

__all__ = ["check_text_estimator", "text_estimator_checks"]

_DOCS = [
    "The quick brown fox jumps over the lazy dog.",
    "I have a dog. He's sleeping!",
    "Breaking: miracle cure found, doctors hate it",
    "Vaccines are tested in large clinical trials.",
    "Share before they delete this!!! The truth about 5G",
    "The weather today is sunny with light wind.",
    "A lazy afternoon with coffee and a good book",
    "They don't want you to know this secret trick",
]
_LABELS = np.array([0, 0, 1, 0, 1, 0, 0, 1])


def _fit(estimator, docs, labels):
    return estimator.fit(docs, labels)


def _outputs(estimator, docs):
    """Every output method's result on ``docs``, as dense arrays.

    The checks pass fit documents again on purpose: LeakageWarning is muted.
    """
    results = {}
    for method in ("transform", "predict", "predict_proba", "decision_function"):
        if hasattr(estimator, method):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", LeakageWarning)
                out = getattr(estimator, method)(docs)
            out = out.toarray() if sparse.issparse(out) else np.asarray(out)
            results[method] = out
    return results


def _assert_same_outputs(first, second, what):
    assert first.keys() == second.keys(), f"{what}: output methods differ"
    for method, value in first.items():
        if value.dtype.kind in "fc":
            np.testing.assert_allclose(
                value, second[method], err_msg=f"{what}: {method} differs"
            )
        else:
            np.testing.assert_array_equal(
                value, second[method], err_msg=f"{what}: {method} differs"
            )


def check_text_clone_and_params(name, estimator, docs, labels):
    """Clone keeps every parameter; set_params(**get_params()) changes nothing."""
    params = estimator.get_params(deep=False)
    cloned = clone(estimator)
    assert set(cloned.get_params(deep=False)) == set(params), name
    cloned.set_params(**params)
    assert cloned.get_params(deep=False).keys() == params.keys(), name


def check_text_fit_returns_self(name, estimator, docs, labels):
    """``fit`` returns the estimator itself."""
    est = clone(estimator)
    assert _fit(est, docs, labels) is est, f"{name}.fit must return self"


def check_text_pickle(name, estimator, docs, labels):
    """A pickled and restored fitted estimator gives the same outputs."""
    est = _fit(clone(estimator), docs, labels)
    restored = pickle.loads(pickle.dumps(est))
    _assert_same_outputs(_outputs(est, docs), _outputs(restored, docs), name)


def check_text_idempotent_fit(name, estimator, docs, labels):
    """Fitting twice on the same data gives the same outputs as fitting once."""
    once = _fit(clone(estimator), docs, labels)
    twice = _fit(_fit(clone(estimator), docs[::-1], labels[::-1]), docs, labels)
    _assert_same_outputs(_outputs(once, docs), _outputs(twice, docs), name)


def check_text_no_param_mutation(name, estimator, docs, labels):
    """``fit`` leaves the constructor parameters as they were."""
    est = clone(estimator)
    before = copy.deepcopy(est.get_params(deep=False))
    _fit(est, docs, labels)
    after = est.get_params(deep=False)
    for key, value in before.items():
        assert repr(after[key]) == repr(value), f"{name} changed parameter {key}"


def check_text_no_input_mutation(name, estimator, docs, labels):
    """Neither ``fit`` nor the output methods modify the documents passed in."""
    docs_in, labels_in = list(docs), labels.copy()
    est = _fit(clone(estimator), docs_in, labels_in)
    _outputs(est, docs_in)
    assert docs_in == list(docs), f"{name} modified its input documents"
    np.testing.assert_array_equal(labels_in, labels)


def check_text_output_shape(name, estimator, docs, labels):
    """One output row per document; feature names match the output columns."""
    est = _fit(clone(estimator), docs, labels)
    for method, value in _outputs(est, docs[:5]).items():
        assert value.shape[0] == 5, f"{name}.{method} returned {value.shape[0]} rows"
    if hasattr(est, "get_feature_names_out") and hasattr(est, "transform"):
        out = est.transform(docs)
        if getattr(out, "ndim", 1) == 2:
            names = est.get_feature_names_out()
            assert len(names) == out.shape[1], f"{name}: names/columns mismatch"
            assert all(isinstance(n, str) for n in names), name


def check_text_rejects_non_strings(name, estimator, docs, labels):
    """None, numbers and a bare string instead of a list raise a clear error."""
    bad_inputs = (
        [*docs[:-1], None],
        [*docs[:-1], 3.5],
        "a single string, not a list of documents",
    )
    for bad in bad_inputs:
        est = clone(estimator)
        try:
            est.fit(bad, labels if not isinstance(bad, str) else None)
        except (TypeError, ValueError) as exc:
            assert str(exc), f"{name} raised an empty error for {bad!r}"
        except Exception as exc:
            raise AssertionError(
                f"{name}.fit raised {type(exc).__name__} ({exc}) for {bad!r}; "
                "expected a TypeError or ValueError naming the problem"
            ) from exc
        else:
            raise AssertionError(f"{name}.fit accepted invalid documents {bad!r}")


_CHECKS = (
    check_text_clone_and_params,
    check_text_fit_returns_self,
    check_text_pickle,
    check_text_idempotent_fit,
    check_text_no_param_mutation,
    check_text_no_input_mutation,
    check_text_output_shape,
    check_text_rejects_non_strings,
)


def text_estimator_checks(estimator, docs=None, labels=None):
    """Yield ``(check_name, callable)`` pairs, e.g. for ``pytest.mark.parametrize``.

    Each callable runs one check on ``estimator`` and raises on failure.
    """
    docs = list(_DOCS if docs is None else docs)
    labels = np.asarray(_LABELS if labels is None else labels)
    name = type(estimator).__name__
    for check in _CHECKS:

        def run(check=check):
            check(name, estimator, docs, labels)

        yield check.__name__, run


def check_text_estimator(estimator, docs=None, labels=None):
    """Run every text-estimator check on ``estimator``; raise on the first failure.

    Parameters
    ----------
    estimator : estimator object
        Takes a list of strings in ``fit`` (and ``transform`` / ``predict``).
    docs : list of str, default=None
        Documents to use; None uses a small built-in corpus of 8 documents.
    labels : array-like of shape (n_docs,), default=None
        Targets for ``fit``; None uses the built-in labels.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> from sklearn_mlsd.utils.estimator_checks import check_text_estimator
    >>> check_text_estimator(CountVectorizer())
    Traceback (most recent call last):
    ...
    AssertionError: CountVectorizer.fit raised AttributeError (...) for [...]; ...
    """
    for _, run in text_estimator_checks(estimator, docs, labels):
        run()
