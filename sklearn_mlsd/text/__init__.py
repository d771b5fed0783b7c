"""Text features: the lecture's normaliser and a leak-safe n-gram vectorizer."""

from sklearn_mlsd.text._normalizer import TextNormalizer
from sklearn_mlsd.text._vectorizer import NgramVectorizer

__all__ = ["NgramVectorizer", "TextNormalizer"]
