"""Validation helpers, estimator discovery and the project's own checks."""

from sklearn_mlsd.utils._discovery import all_estimators

__all__ = ["all_estimators"]
