"""Find every public estimator of the package (like sklearn.utils.all_estimators)."""

import importlib
import importlib.util
import inspect

from sklearn.base import BaseEstimator

_PUBLIC_MODULES = (
    "sklearn_mlsd.sampling",
    "sklearn_mlsd.imbalance",
    "sklearn_mlsd.augmentation",
    "sklearn_mlsd.text",
    "sklearn_mlsd.leakage",
    "sklearn_mlsd.baselines",
    "sklearn_mlsd.pipeline",
)

# Re-exports of another library's class, kept out of the common checks: the
# resampler-aware Pipeline is imbalanced-learn's (with weight routing added) and,
# like scikit-learn's own Pipeline, fits its steps in place.
_NOT_CHECKED = {"Pipeline"}

_TYPE_TESTS = {
    "classifier": lambda cls: (
        getattr(cls, "_estimator_type", None) == "classifier"
        or "ClassifierMixin" in {b.__name__ for b in cls.__mro__}
    ),
    "regressor": lambda cls: "RegressorMixin" in {b.__name__ for b in cls.__mro__},
    "transformer": lambda cls: hasattr(cls, "transform"),
    "sampler": lambda cls: hasattr(cls, "fit_resample"),
}


def all_estimators(type_filter=None):
    """List the public estimators of sklearn_mlsd.

    Only classes exported by a public subpackage (``__all__``) and defined in
    sklearn_mlsd count; :class:`~sklearn_mlsd.pipeline.Pipeline`, which is
    imbalanced-learn's pipeline with weight routing added, is left out.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "transformer", "sampler"} or list \
            of those, default=None
        Keep only estimators of these kinds. None keeps all.

    Returns
    -------
    estimators : list of (name, class) tuples
        Sorted by name.

    Examples
    --------
    >>> from sklearn_mlsd.utils import all_estimators
    >>> names = [name for name, _ in all_estimators()]
    >>> "ResampledClassifier" in names
    True
    """
    found = {}
    for module_name in _PUBLIC_MODULES:
        if importlib.util.find_spec(module_name) is None:
            continue  # a subpackage not built yet
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseEstimator)
                and not inspect.isabstract(obj)
                and obj.__module__.startswith("sklearn_mlsd.")
                and name not in _NOT_CHECKED
            ):
                found[name] = obj
    kinds = [type_filter] if isinstance(type_filter, str) else type_filter
    if kinds is not None:
        unknown = set(kinds) - set(_TYPE_TESTS)
        if unknown:
            raise ValueError(
                f"type_filter got unknown kinds {sorted(unknown)}; "
                f"use any of {sorted(_TYPE_TESTS)} or None."
            )
        found = {
            name: cls
            for name, cls in found.items()
            if any(_TYPE_TESTS[kind](cls) for kind in kinds)
        }
    return sorted(found.items())
