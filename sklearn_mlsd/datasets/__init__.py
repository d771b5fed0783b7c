"""Data sets: the lecture's tweets (:func:`make_tweets`)."""

from ._tweets import make_tweets

__all__ = ["make_tweets"]
