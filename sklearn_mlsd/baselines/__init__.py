"""Baselines: random, zero-rule and heuristic classifiers, and the baseline table."""

from sklearn_mlsd.baselines._baseline import BaselineClassifier
from sklearn_mlsd.baselines._compare import compare_baselines
from sklearn_mlsd.baselines._heuristic import HeuristicClassifier
from sklearn_mlsd.baselines._ngram_lookup import NgramLookupClassifier

__all__ = [
    "BaselineClassifier",
    "HeuristicClassifier",
    "NgramLookupClassifier",
    "compare_baselines",
]
