"""Reservoir-sampling algorithms as pure functions (arrays and a generator in,
arrays out), and :func:`reservoir_sample` for Python iterables.

Uniform: Algorithm L (Li 1994). After the reservoir is full, the gap to the
next accepted item is geometric, so random numbers are drawn only for
accepted items (about ``k * (1 + log(n / k))`` of them), never per item. Over
numpy chunks the gaps of a whole run of acceptances are drawn at once (the
threshold ``W`` is a cumulative product, the positions a cumulative sum).

Weighted: A-ExpJ (Efraimidis & Spirakis 2006). Item ``i`` has the key
``u_i ** (1 / w_i)``, the reservoir keeps the ``k`` largest keys, and an
exponential jump over the cumulative weight finds the next item to enter.
"""

import heapq
import math
import random
import sys
from itertools import islice
from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state

from sklearn_mlsd.utils._compat import HasMethods, Interval, validate_params

_MAX_GAP = 2.0**52  # gaps stay exact integers in float64


def _open_uniform(rng, size):
    """Uniform draws in (0, 1] (their logarithm is finite)."""
    return 1.0 - rng.random_sample(size)


def _first_gap(rng, k, log_w):
    """Items skipped before the next acceptance, for threshold ``exp(log_w)``."""
    denominator = math.log1p(-math.exp(log_w)) if log_w < 0 else -math.inf
    return int(min(math.log(_open_uniform(rng, None)) / denominator, _MAX_GAP))


def _algorithm_l(rng, k, next_pos, log_w, end):
    """Stream positions accepted before ``end`` and the state after them.

    ``next_pos`` is the next position to accept, drawn with threshold
    ``exp(log_w)``. Runs of acceptances are drawn vectorised: the thresholds
    are ``log_w + cumsum(log(u) / k)`` and the positions a cumsum of the
    geometric gaps ``floor(log(v) / log(1 - W)) + 1``.
    """
    accepted = []
    while next_pos < end:
        m = int(1.25 * k * math.log((end + 1.0) / (next_pos + 1.0))) + 16
        log_ws = log_w + np.cumsum(np.log(_open_uniform(rng, m))) / k
        with np.errstate(divide="ignore"):
            gaps = np.log(_open_uniform(rng, m)) / np.log1p(-np.exp(log_ws))
        positions = next_pos + np.cumsum(np.floor(np.minimum(gaps, _MAX_GAP)) + 1)
        stop = int(np.searchsorted(positions, end, side="left"))
        last = stop if stop < m else m - 1
        accepted.append(np.array([next_pos], dtype=np.float64))
        accepted.append(positions[:last])
        next_pos, log_w = int(positions[last]), float(log_ws[last])
    if not accepted:
        return np.empty(0, dtype=np.int64), next_pos, log_w
    return np.concatenate(accepted).astype(np.int64), next_pos, log_w


def _expj(rng, weights, keys, jump):
    """A-ExpJ over one chunk: the (slot, chunk row) writes and the jump left.

    ``keys`` (log keys ``log(u) / w``, one per slot) is updated in place;
    ``jump`` is the cumulative weight still to skip before the next entry:
    ``log(r) / log(threshold)``, exponential with rate ``-log(threshold)``, so
    it carries over chunk boundaries. Python code runs once per row that
    enters, never per row skipped.
    """
    heap = list(zip(keys.tolist(), range(len(keys)), strict=True))
    heapq.heapify(heap)
    cumulative = np.cumsum(weights)
    find, n_rows, total = cumulative.searchsorted, len(cumulative), cumulative[-1]
    log, log1p, expm1, tiny = math.log, math.log1p, math.expm1, math.ulp(0.0)
    uniforms, used, consumed, writes = [], 0, 0.0, []
    while True:
        if used + 2 > len(uniforms):
            uniforms, used = _open_uniform(rng, 4096).tolist(), 0
        r, u = uniforms[used], uniforms[used + 1]
        used += 2
        if jump is None:
            jump = max(log(r) / heap[0][0], tiny)
        i = int(find(consumed + jump))
        if i >= n_rows:
            return writes, jump - (float(total) - consumed)
        threshold, slot = heap[0]
        w_i = weights.item(i)
        key = log1p(expm1(threshold * w_i) * u) / w_i
        heapq.heapreplace(heap, (key, slot))
        keys[slot] = key
        writes.append((slot, i))
        consumed, jump = cumulative.item(i), None


def _apply_writes(slots, local, size):
    """Which rows the reservoir holds after writing ``local[j]`` into ``slots[j]``.

    The last write to a slot wins. Returns the old slots kept (ascending), the
    chunk rows that entered (ascending) and the slots they ended in.
    """
    n_slots = max(size, int(slots.max()) + 1) if len(slots) else size
    writer = np.full(n_slots, -1, dtype=np.intp)
    np.maximum.at(writer, slots, np.arange(len(slots), dtype=np.intp))
    written = writer >= 0
    keep = np.flatnonzero(~written[:size])
    new_slots = np.flatnonzero(written)
    new = local[writer[new_slots]]
    order = np.argsort(new, kind="stable")
    return keep, new[order], new_slots[order]


def _hypergeometric(rng, n_good, n_bad, size):
    """Number of good items in ``size`` draws without replacement."""
    if n_good + n_bad < 10**9:
        return (
            int(rng.hypergeometric(n_good, n_bad, size))
            if n_good and n_bad
            else (size if n_good else 0)
        )
    good = 0
    for u in rng.random_sample(size):
        if u * (n_good + n_bad) < n_good:
            good, n_good = good + 1, n_good - 1
        else:
            n_bad -= 1
    return good


@validate_params(
    {
        "iterable": [HasMethods(["__iter__"])],
        "k": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def reservoir_sample(iterable, k, random_state=None):
    """Uniform sample of ``k`` items from any iterable, in one pass.

    Algorithm L: after the first ``k`` items, the number of items to skip
    before the next replacement is geometric, and the skipping is done by
    :func:`itertools.islice` in C, so Python code runs only for the
    ``k * (1 + log(n / k))`` items that enter the reservoir. Memory is O(k).

    Parameters
    ----------
    iterable : iterable
        The stream: a generator, the lines of a file, a list...
    k : int
        Number of items to draw (at least 1).
    random_state : int, RandomState instance or None, default=None
        Controls the draws. Pass an int for reproducible output across
        multiple function calls.

    Returns
    -------
    sample : list
        ``k`` items drawn uniformly without replacement, in stream order; the
        whole stream if it has fewer than ``k`` items.

    Raises
    ------
    ValueError
        If the stream is empty or ``k`` is not a positive integer.

    See Also
    --------
    ReservoirSampler : the same over numpy / pandas chunks, weighted too.

    References
    ----------
    .. [1] K.-H. Li, "Reservoir-sampling algorithms of time complexity
       O(n(1 + log(N/n)))", ACM Transactions on Mathematical Software, 1994.

    Examples
    --------
    >>> from sklearn_mlsd.sampling import reservoir_sample
    >>> sample = reservoir_sample((i * i for i in range(1_000_000)), 3, random_state=0)
    >>> len(sample), all(int(s ** 0.5) ** 2 == s for s in sample)
    (3, True)
    >>> reservoir_sample(iter([]), 3)
    Traceback (most recent call last):
    ...
    ValueError: The stream is empty: reservoir_sample needs at least one item.
    """
    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    uniform, log, exp = random.Random(int(seed)).random, math.log, math.exp
    iterator = iter(iterable)
    reservoir = list(islice(iterator, k))
    if not reservoir:
        raise ValueError(
            "The stream is empty: reservoir_sample needs at least one item."
        )
    if len(reservoir) < k:
        return reservoir
    positions = list(range(k))
    position, w, end = k - 1, exp(log(1.0 - uniform()) / k), object()
    while True:
        denominator = math.log1p(-w) if w < 1.0 else -math.inf
        skip = int(min(log(1.0 - uniform()) / denominator, sys.maxsize - 1))
        item = next(islice(iterator, skip, None), end)
        if item is end:
            break
        position += skip + 1
        slot = int(uniform() * k)
        reservoir[slot], positions[slot] = item, position
        w *= exp(log(1.0 - uniform()) / k)
    return [reservoir[i] for i in sorted(range(k), key=positions.__getitem__)]
