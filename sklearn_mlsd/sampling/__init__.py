"""Sampling: who gets into the data set (the lecture's chapter on sampling)."""

from sklearn_mlsd.sampling._report import representation_report
from sklearn_mlsd.sampling._simple import RandomSampler, WeightedSampler
from sklearn_mlsd.sampling._stratified import StratifiedSampler

__all__ = [
    "RandomSampler",
    "StratifiedSampler",
    "WeightedSampler",
    "representation_report",
]
