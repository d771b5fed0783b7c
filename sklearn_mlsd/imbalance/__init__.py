"""Class imbalance: resamplers, class weights, focal loss, balanced ensembles."""

from sklearn_mlsd.imbalance._random import RandomOversampler, RandomUndersampler
from sklearn_mlsd.imbalance._smote import HighDimensionalWarning, SMOTEOversampler
from sklearn_mlsd.imbalance._tomek import TomekUndersampler

__all__ = [
    "HighDimensionalWarning",
    "RandomOversampler",
    "RandomUndersampler",
    "SMOTEOversampler",
    "TomekUndersampler",
]
