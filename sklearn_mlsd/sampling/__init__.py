"""Sampling: who gets into the data set (reservoirs, epochs, importance, graphs)."""

from sklearn_mlsd.sampling._importance import DensityRatioEstimator, importance_weights
from sklearn_mlsd.sampling._minibatch import minibatches
from sklearn_mlsd.sampling._reservoir import ReservoirSampler
from sklearn_mlsd.sampling._reservoir_algorithms import reservoir_sample
from sklearn_mlsd.sampling._snowball import snowball_sample

__all__ = [
    "DensityRatioEstimator",
    "ReservoirSampler",
    "importance_weights",
    "minibatches",
    "reservoir_sample",
    "snowball_sample",
]
