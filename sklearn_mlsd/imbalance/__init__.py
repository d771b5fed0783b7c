"""Class imbalance: resamplers, class weights, focal loss, balanced ensembles."""

from sklearn_mlsd.imbalance._random import RandomOversampler, RandomUndersampler

__all__ = ["RandomOversampler", "RandomUndersampler"]
