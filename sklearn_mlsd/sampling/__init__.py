"""Sampling: who gets into the data set (the lecture's chapter on sampling)."""

from sklearn_mlsd.sampling._importance import DensityRatioEstimator, importance_weights
from sklearn_mlsd.sampling._minibatch import minibatches
from sklearn_mlsd.sampling._report import representation_report
from sklearn_mlsd.sampling._reservoir import ReservoirSampler
from sklearn_mlsd.sampling._reservoir_algorithms import reservoir_sample
from sklearn_mlsd.sampling._simple import RandomSampler, WeightedSampler
from sklearn_mlsd.sampling._snowball import snowball_sample
from sklearn_mlsd.sampling._stratified import StratifiedSampler

__all__ = [
    "DensityRatioEstimator",
    "RandomSampler",
    "ReservoirSampler",
    "StratifiedSampler",
    "WeightedSampler",
    "importance_weights",
    "minibatches",
    "representation_report",
    "reservoir_sample",
    "snowball_sample",
]
