"""Class sizes and sampling targets, with rows counted by their weight."""

import numbers

import numpy as np
from imblearn.utils import check_target_type

from sklearn_mlsd.utils._compat import check_sampling_strategy


def check_target(y):
    """imbalanced-learn's ``check_target_type(y, indicate_one_vs_all=True)``
    without its pass over a 1-D numeric or string array: such a ``y`` is never
    a one-vs-all indicator, and ``fit_resample`` has just run the same
    ``type_of_target`` (a ``np.unique`` over ``y``) on it.

    Returns
    -------
    y : ndarray
    binarize_y : bool
        Whether ``y`` was a one-vs-all indicator (to give back as one).
    """
    if isinstance(y, np.ndarray) and y.ndim == 1 and y.dtype.kind in "biufU":
        return y, False
    return check_target_type(y, indicate_one_vs_all=True)


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


def _text(value):
    """A label or number as the user wrote it (no ``np.int64(...)`` wrapper)."""
    return repr(value.item() if hasattr(value, "item") else value)


def check_no_removal(sampling_strategy, y):
    """Refuse, naming ``sampling_strategy``, the class and the fix, a target that
    would remove rows from an oversampler.

    Raises exactly where imbalanced-learn's ``check_sampling_strategy`` raises
    for this reason (a dict or callable asking fewer rows than a class has; a
    float ratio below or at the current one), so only the message changes.
    Other invalid targets are left to ``check_sampling_strategy``.
    """
    if isinstance(sampling_strategy, str):
        return  # a named strategy never removes rows (and costs no pass over y)
    if callable(sampling_strategy):
        sampling_strategy = sampling_strategy(y)
    if isinstance(sampling_strategy, dict):
        for label, n_rows in sampling_strategy.items():
            size = int(np.count_nonzero(y == label))
            if size == 0 or n_rows < 0 or n_rows >= size:
                continue
            raise ValueError(
                f"sampling_strategy asks for {_text(n_rows)} rows of class "
                f"{_text(label)}, which has {size}: an oversampler cannot remove "
                f"rows. To fix: ask for at least {size} rows of class "
                f"{_text(label)} (or leave it out), or use RandomUndersampler to "
                "remove rows."
            )
        return
    if not isinstance(sampling_strategy, numbers.Real):
        return
    labels, counts = np.unique(y, return_counts=True)
    sizes = dict(zip(labels.tolist(), counts.tolist(), strict=True))
    if len(sizes) == 2:
        majority = max(sizes, key=sizes.get)
        minority = min(sizes, key=sizes.get)
        if int(sizes[majority] * sampling_strategy - sizes[minority]) <= 0:
            ratio = sizes[minority] / sizes[majority]
            raise ValueError(
                f"sampling_strategy={sampling_strategy} is a minority / majority "
                f"ratio that adds no row to class {_text(minority)} "
                f"({sizes[minority]} rows, {sizes[majority]} in the majority: "
                f"ratio {ratio:.4g} now); an oversampler cannot remove rows. "
                "To fix: pass a larger ratio (at least (minority + 1) / majority "
                f"= {(sizes[minority] + 1) / sizes[majority]:.4g}), or use "
                "RandomUndersampler to remove rows."
            )
