"""Data-side ML systems design as scikit-learn estimators.

Subpackages are imported lazily: ``import sklearn_mlsd`` stays cheap, and
``sklearn_mlsd.sampling`` (or any other subpackage) is loaded on first access.
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = (
    "baselines",
    "base",
    "datasets",
    "imbalance",
    "leakage",
    "pipeline",
    "sampling",
    "text",
    "utils",
)

__all__ = [*_SUBMODULES, "__version__"]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
