"""Strata as integer codes, quotas with exact totals, and rows per stratum.

Pure functions on numpy arrays, vectorised over strata (no Python loop over
them), used by :class:`~sklearn_mlsd.sampling.StratifiedSampler`.
"""

import numpy as np
import pandas as pd

# Stratum codes live in [0, size); above this size they are made dense first.
_MIN_CODE_SPACE = 2**20


def _factorize(values):
    """Dense codes and labels of one column (NaN is a label of its own)."""
    try:
        codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=False)
    except TypeError:  # labels of mixed types cannot be sorted
        try:
            codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=False)
        except TypeError as exc:
            raise ValueError(
                f"stratum labels must be hashable scalars ({exc}): a row holding "
                "a list of labels would belong to several strata (multi-label), "
                "and stratified sampling cannot be used then."
            ) from None
    uniques = np.asarray(uniques)
    return codes, len(uniques), lambda c: [uniques[c]]


def column_codes(values, limit):
    """Integer codes in ``[0, size)`` of one label column, and their decoder.

    Small-range integers are used as they are (no hashing, no sort); other
    labels are factorized.
    """
    if isinstance(values, pd.Series):
        if not isinstance(values.dtype, np.dtype):  # strings, categories, ...
            return _factorize(values.array)
        values = values.to_numpy()
    values = np.asarray(values)
    dtype = values.dtype
    if dtype.kind in "biu" and len(values):
        low, high = int(values.min()), int(values.max())
        if high - low < limit:
            if low >= 0 and dtype.kind != "b" and dtype != np.uint64:
                return values, high + 1, lambda c: [c.astype(dtype)]
            if dtype.kind == "u":  # no detour through int64: values may exceed it
                codes = (values - dtype.type(low)).astype(np.int64)
                return codes, high - low + 1, lambda c: [c.astype(dtype) + low]
            codes = values.astype(np.int64) - low
            return codes, high - low + 1, lambda c: [(c + low).astype(dtype)]
    return _factorize(values)


def stratum_codes(columns, n_rows):
    """Combined codes of several label columns (their combinations are strata).

    Returns ``codes`` (ints in ``[0, size)``), ``size`` and ``decode``, which
    maps codes to the list of per-column labels.
    """
    limit = max(_MIN_CODE_SPACE, 2 * n_rows)
    codes, size, decode = column_codes(columns[0], limit)
    for column in columns[1:]:
        codes_j, size_j, decode_j = column_codes(column, limit)
        # a new int64 array (never the caller's column), then updated in place
        codes = np.multiply(codes, size_j, dtype=np.int64)
        codes += codes_j
        decode = _combined_decoder(decode, decode_j, size_j)
        size *= size_j
        if size > limit:
            codes, uniques = pd.factorize(codes, sort=True)
            decode = _compressed_decoder(decode, np.asarray(uniques))
            size = len(uniques)
    return codes, size, decode


def _combined_decoder(decode_a, decode_b, size_b):
    return lambda c: decode_a(c // size_b) + decode_b(c % size_b)


def _compressed_decoder(decode, uniques):
    return lambda c: decode(uniques[c])


def real_quotas(n_total, weights, lower, upper):
    """Real quotas ``clip(t * weights, lower, upper)`` summing to ``n_total``.

    ``t`` is found by bisection on the monotone total (a few passes over the
    strata, whatever their number).
    """
    weights = weights.astype(np.float64)

    def total(t):
        return np.minimum(np.maximum(t * weights, lower), upper).sum()

    low = 0.0
    # every stratum of positive weight is at its upper bound or above n_total
    high = n_total / weights[weights > 0].min()
    if total(low) >= n_total:
        high = low
    for _ in range(200):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if total(middle) >= n_total:
            high = middle
        else:
            low = middle
    return np.minimum(np.maximum(high * weights, lower), upper)


def round_quotas(n_total, quotas, lower, upper, tie_keys):
    """Integer quotas with sum ``n_total`` by largest remainder, within bounds."""
    counts = np.clip(np.floor(quotas + 1e-9), lower, upper).astype(np.int64)
    remainder = quotas - counts
    while (missing := n_total - int(counts.sum())) != 0:
        step = 1 if missing > 0 else -1
        room = counts < upper if step > 0 else counts > lower
        candidates = np.flatnonzero(room)
        if not len(candidates):  # pragma: no cover - bounds checked by callers
            raise ValueError(f"cannot allocate {n_total} rows within the bounds")
        order = np.lexsort((tie_keys[candidates], -step * remainder[candidates]))
        chosen = candidates[order[: abs(missing)]]
        counts[chosen] += step
        remainder[chosen] -= step
    return counts


def bincount_codes(codes, size):
    """Rows per code (a few comparisons instead of a cast for tiny code sets)."""
    if size <= 4 and codes.dtype.itemsize < np.dtype(np.intp).itemsize:
        return np.array([np.count_nonzero(codes == c) for c in range(size)])
    return np.bincount(codes, minlength=size)


def _stable_order(codes, size):
    """Positions sorted by code, in position order within a code.

    NumPy radix-sorts 16-bit integers, so codes below 2**32 are sorted as two
    16-bit digits (least significant first): linear time.
    """
    if size <= 2**16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    if size > 2**32:
        return np.argsort(codes, kind="stable")
    order = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    high = (codes[order] >> 16).astype(np.uint16)
    return order[np.argsort(high, kind="stable")]


def first_rows_per_stratum(codes, counts, quota_of_code):
    """Positions of the first ``quota`` rows of every stratum (quota sampling)."""
    order = _stable_order(codes, len(counts))
    starts = np.cumsum(counts) - counts
    sorted_codes = codes[order]
    rank = np.arange(len(codes)) - starts[sorted_codes]
    return np.sort(order[rank < quota_of_code[sorted_codes]])


def random_rows_per_stratum(codes, counts, quota_of_code, generator):
    """Positions of a uniform random subset of ``quota`` rows of every stratum.

    Every row gets a uniform random key and a stratum keeps its rows of
    smallest keys. Keys are drawn lazily: 16 random bits per row first, and
    only rows under a per-stratum threshold set a little above the quota's
    share (the candidates, a little more than ``n_samples`` rows) get the rest
    of their key and are sorted; a stratum short of candidates is redone with
    all its rows. The cost is one pass over the rows plus a sort of the
    candidates, and the draw is exact: every row left out has a larger key
    than every candidate of its stratum.
    """
    high = _random_uint16(generator, len(codes))
    quota = quota_of_code.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (quota + 3.0 * np.sqrt(quota) + 3.0) / counts
    share[quota == 0] = 0.0
    share[quota >= counts] = 1.0
    for _ in range(2):
        # candidates: high <= threshold, i.e. key < (threshold + 1) / 2**16
        threshold = np.minimum(share * 2.0**16, 2.0**16 - 1).astype(np.uint16)
        candidates = _under_threshold(high, codes, threshold)
        found = np.bincount(codes[candidates], minlength=len(counts))
        short = found < quota_of_code
        if not short.any():
            break
        share[short] = 1.0
    # key = (high + u) / 2**16 with u uniform in [0, 1): drawn for candidates only
    keys = high[candidates] + generator.random(len(candidates))
    order = np.argsort(keys)
    order = order[_stable_order(codes[candidates[order]], len(counts))]
    sorted_codes = codes[candidates[order]]
    starts = np.cumsum(found) - found
    rank = np.arange(len(order)) - starts[sorted_codes]
    return np.sort(candidates[order[rank < quota_of_code[sorted_codes]]])


def _random_uint16(generator, size):
    """``size`` independent uniform 16-bit integers (four per 64-bit draw)."""
    return generator.bit_generator.random_raw((size + 3) // 4).view(np.uint16)[:size]


def _under_threshold(high, codes, threshold):
    """Positions whose 16-bit key is at most their stratum's threshold."""
    largest = int(threshold.max())
    if largest < 2**13:  # few candidates: filter on the largest threshold first
        rows = np.flatnonzero(high <= largest)
        return rows[high[rows] <= threshold[codes[rows]]]
    return np.flatnonzero(high <= threshold[codes])


def replacement_rows_per_stratum(codes, counts, quota_of_code, generator):
    """Positions of ``quota`` draws with replacement inside every stratum."""
    order = _stable_order(codes, len(counts))
    starts = np.cumsum(counts) - counts
    slots = np.repeat(np.arange(len(counts)), quota_of_code)
    offsets = np.floor(generator.random(len(slots)) * counts[slots]).astype(np.int64)
    offsets = np.minimum(offsets, counts[slots] - 1)
    return np.sort(order[starts[slots] + offsets])
