"""Selection-bias check: the share of every slice in a sample and its population."""

from numbers import Integral, Real

import numpy as np
import pandas as pd

from sklearn_mlsd.utils._compat import Interval, validate_params


def _is_label_array(obj):
    return isinstance(obj, (np.ndarray, pd.Series, pd.Index, list)) and not (
        isinstance(obj, list) and obj and all(isinstance(v, str) for v in obj)
    )


def _labels(frame, by, role):
    """A DataFrame whose columns are the slice labels of ``frame``."""
    if by is None:
        if isinstance(frame, pd.DataFrame):
            return frame.reset_index(drop=True)
        values = np.asarray(frame)
        if values.ndim != 1:
            raise ValueError(
                f"{role} must be a DataFrame or one label per row when by=None, "
                f"got shape {values.shape}."
            )
        return pd.DataFrame({getattr(frame, "name", None) or "slice": values})
    if callable(by):
        labels = by(frame)
        if isinstance(labels, pd.DataFrame):
            return labels.reset_index(drop=True)
        return pd.DataFrame({"slice": np.asarray(labels)})
    keys = list(by) if isinstance(by, (list, tuple)) else [by]
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(
            f"by={by!r} names columns, but {role} is not a DataFrame; pass "
            "DataFrames, or the labels themselves with by=None."
        )
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise ValueError(
            f"by: no column {', '.join(map(repr, missing))} in {role}; the columns "
            f"are {', '.join(map(str, frame.columns))}."
        )
    return frame[keys].reset_index(drop=True)


def _counts(labels):
    if labels.shape[1] == 1:
        column = labels.columns[0]
        return labels[column].value_counts(dropna=False).rename_axis(column)
    return labels.value_counts(dropna=False)


def _divergences(p, q):
    """Total variation, Jensen-Shannon (base 2) and KL(sample || population)."""
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_pm = np.where(p > 0, p * np.log2(p / m), 0.0).sum()
        kl_qm = np.where(q > 0, q * np.log2(q / m), 0.0).sum()
        kl_qp = np.where(q > 0, q * np.log(q / p), 0.0).sum()
    return {
        "total_variation": float(0.5 * np.abs(p - q).sum()),
        "js_divergence": float(0.5 * (kl_pm + kl_qm)),
        "kl_divergence": float(kl_qp),
    }


@validate_params(
    {
        "population": ["array-like"],
        "sample": ["array-like"],
        "by": [None, str, Integral, list, tuple, callable],
        "threshold": [Interval(Real, 0, 1, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def representation_report(population, sample, by=None, *, threshold=0.5):
    """Compare the share of every slice in a sample with its share in the population.

    The selection-bias check of a sample: which slices (values of one or
    several columns) are missing from the sample or much rarer there than in
    the population the model will serve.

    Parameters
    ----------
    population : DataFrame or array-like of shape (n_population,)
        The population (or the production data the sample should look like).
    sample : DataFrame or array-like of shape (n_sample,)
        The sample (e.g. the training set).
    by : str, int, list, tuple or callable, default=None
        What defines the slices: a column name, a list of names (their
        combinations are the slices), a callable ``frame -> labels`` applied
        to both, or a pair ``(population_labels, sample_labels)`` of arrays.
        None: ``population`` and ``sample`` are the labels themselves (1-D),
        or DataFrames whose columns together define the slices.
    threshold : float in (0, 1), default=0.5
        A slice is under-represented when its sample share is less than
        ``threshold`` times its population share, over-represented when more
        than ``1 / threshold`` times.

    Returns
    -------
    report : pandas.DataFrame
        One row per slice (index: slice labels), sorted by population count,
        with columns ``population_count``, ``sample_count``,
        ``population_share``, ``sample_share``, ``expected_count`` (sample
        size times population share), ``share_ratio`` (sample share /
        population share), and the flags ``missing`` (in the population, not
        in the sample), ``under_represented``, ``over_represented``.
        ``report.attrs`` holds the summary: ``total_variation`` (half the L1
        distance between the two distributions of slices, in [0, 1]),
        ``js_divergence`` (Jensen-Shannon, base 2, in [0, 1]),
        ``kl_divergence`` (KL(sample || population), in nats; infinite when
        the sample has slices the population lacks), ``n_missing``,
        ``n_under_represented``, ``n_population`` and ``n_sample``.

    See Also
    --------
    StratifiedSampler : a sample with the population's exact shares.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_mlsd.sampling import representation_report
    >>> population = pd.DataFrame({"city": ["SF"] * 6 + ["Phoenix"] * 3 + ["Oslo"]})
    >>> sample = pd.DataFrame({"city": ["SF"] * 4 + ["Phoenix"]})
    >>> report = representation_report(population, sample, by="city")
    >>> report[["population_count", "sample_count", "share_ratio", "missing"]]
             population_count  sample_count  share_ratio  missing
    city
    SF                      6             4     1.333333    False
    Phoenix                 3             1     0.666667    False
    Oslo                    1             0     0.000000     True
    >>> round(report.attrs["total_variation"], 3)
    0.2
    """
    if isinstance(by, tuple) and len(by) == 2 and all(map(_is_label_array, by)):
        pop_labels, sample_labels = (
            _labels(by[0], None, "population"),
            _labels(by[1], None, "sample"),
        )
    else:
        pop_labels = _labels(population, by, "population")
        sample_labels = _labels(sample, by, "sample")
    if len(pop_labels) == 0:
        raise ValueError("population is empty; a report needs a population.")
    if list(pop_labels.columns) != list(sample_labels.columns):
        sample_labels.columns = pop_labels.columns
    counts = pd.concat(
        {
            "population_count": _counts(pop_labels),
            "sample_count": _counts(sample_labels),
        },
        axis=1,
    )
    counts = counts.fillna(0).astype(np.int64)
    return _report_frame(counts, threshold)


def _report_frame(counts, threshold):
    n_population = int(counts["population_count"].sum())
    n_sample = int(counts["sample_count"].sum())
    report = counts.sort_values("population_count", ascending=False, kind="stable")
    p = report["population_count"].to_numpy() / n_population
    q = report["sample_count"].to_numpy() / max(n_sample, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p > 0, q / p, np.inf)
    report["population_share"] = p
    report["sample_share"] = q
    report["expected_count"] = n_sample * p
    report["share_ratio"] = ratio
    report["missing"] = (report["population_count"] > 0) & (report["sample_count"] == 0)
    report["under_represented"] = ratio < threshold
    report["over_represented"] = ratio > 1.0 / threshold
    report.attrs.update(_divergences(p, q))
    report.attrs.update(
        n_missing=int(report["missing"].sum()),
        n_under_represented=int(report["under_represented"].sum()),
        n_population=n_population,
        n_sample=n_sample,
    )
    return report
