"""Shared benchmark harness: ours vs an anchor, same process, same data.

Usage in a benchmark script::

    from _harness import compare, peak_memory_mb
    result = compare("stratified_sample_10M", ours=lambda: ..., anchor=lambda: ...,
                     repeats=5, sizes={"n_rows": 10_000_000})
    # prints one JSON line: {"name": ..., "ours_s": median, "anchor_s": median,
    #                        "ratio": anchor/ours, ...}

Times are medians of ``repeats`` interleaved runs (ours, anchor, ours, ...), so
a burst of load on the shared machine hits both. Set OMP_WAIT_POLICY=PASSIVE
for multi-threaded code (xgboost, OpenMP) before timing it.
"""

import gc
import json
import os
import platform
import statistics
import time
import tracemalloc


def _time_once(func):
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def compare(name, ours, anchor, *, repeats=5, warmup=1, sizes=None, extra=None):
    """Time ``ours`` and ``anchor`` interleaved; print and return one JSON record.

    ``ratio`` is anchor time / our time: above 1 means we are faster.
    """
    for _ in range(warmup):
        ours()
        anchor()
    ours_times, anchor_times = [], []
    for _ in range(repeats):
        ours_times.append(_time_once(ours))
        anchor_times.append(_time_once(anchor))
    record = {
        "name": name,
        "ours_s": round(statistics.median(ours_times), 6),
        "anchor_s": round(statistics.median(anchor_times), 6),
        "ratio": round(
            statistics.median(anchor_times) / statistics.median(ours_times), 3
        ),
        "repeats": repeats,
        "sizes": sizes or {},
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
    }
    record.update(extra or {})
    print(json.dumps(record), flush=True)
    return record


def time_median(func, *, repeats=5, warmup=1):
    """Median wall time of ``func`` over ``repeats`` runs (after ``warmup``)."""
    for _ in range(warmup):
        func()
    return statistics.median(_time_once(func) for _ in range(repeats))


def peak_memory_mb(func):
    """Peak Python-tracked memory (numpy included) allocated while ``func`` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20
