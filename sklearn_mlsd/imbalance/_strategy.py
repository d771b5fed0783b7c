"""Class sizes and sampling targets, with rows counted by their weight."""

import numpy as np

from sklearn_mlsd.utils._compat import check_sampling_strategy


def class_sizes(y, sample_weight=None):
    """Size of each class: rows, or the sum of their weights (frequency weights)."""
    classes, codes = np.unique(y, return_inverse=True)
    if sample_weight is None:
        sizes = np.bincount(codes, minlength=len(classes)).astype(np.float64)
    else:
        sizes = np.bincount(codes, weights=sample_weight, minlength=len(classes))
    return dict(zip(classes, sizes, strict=True))


def weighted_sampling_strategy(sampling_strategy, y, sample_weight, sampling_type):
    """imbalanced-learn's ``check_sampling_strategy`` on weighted class sizes.

    With ``sample_weight``, a class of rows with weights summing to ``W`` counts
    as ``round(W)`` rows, so "a row with weight 2" and "the row twice" give the
    same targets. A callable strategy receives the label of every row.
    """
    targets = check_sampling_strategy(sampling_strategy, y, sampling_type)
    if sample_weight is None or callable(sampling_strategy):
        return targets
    sizes = class_sizes(y, sample_weight)
    rounded = {label: int(round(size)) for label, size in sizes.items()}
    proxy = np.repeat(list(rounded), list(rounded.values()))
    if np.unique(proxy).size < 2:
        return targets
    return check_sampling_strategy(sampling_strategy, proxy, sampling_type)
