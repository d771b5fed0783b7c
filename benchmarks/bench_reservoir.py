"""Reservoir sampling: throughput and memory (issue 3, DESIGN section 3).

1. ReservoirSampler.partial_fit over 100 numpy chunks of 1,000,000 items
   (100,000,000 items, k = 10,000) against a pure-Python Algorithm R loop,
   which is timed on a 2,000,000-item stream (it would take ~15 s on 1e8):
   both reported in items/s.
2. reservoir_sample over a Python generator against the same Algorithm R
   loop over the same generator (ratio of times, same stream).
3. Weighted reservoir (A-ExpJ) throughput, for information.
4. Peak memory of ReservoirSampler for a 1e6- and a 1e8-item stream (same
   chunk size): it does not grow with the stream.
5. dask.bag.random.sample vs ReservoirSampler.merge on two partitions of
   10 and 40 (then 10 and 990) items: share of the sample taken from the
   small one, against the exact share.

Run: cd benchmarks && python bench_reservoir.py
"""

import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _harness import compare, peak_memory_mb, time_median  # noqa: E402

from sklearn_mlsd.sampling import ReservoirSampler, reservoir_sample  # noqa: E402

K = 10_000
CHUNK = np.arange(1_000_000, dtype=np.int64).reshape(-1, 1)  # made once, reused


def algorithm_r(iterable, k, seed=0):
    """The lecture's reservoir sampling: one random number per item."""
    uniform = random.Random(seed).random
    reservoir = []
    for i, item in enumerate(iterable):
        if i < k:
            reservoir.append(item)
        else:
            j = int(uniform() * (i + 1))
            if j < k:
                reservoir[j] = item
    return reservoir


def stream_chunks(n_chunks, weights=None):
    sampler = ReservoirSampler(K, weights=weights, random_state=0)
    for _ in range(n_chunks):
        sampler.partial_fit(CHUNK)
    return sampler


def main():
    n_small = 2_000_000
    record = compare(
        "reservoir_partial_fit_1e8_vs_algorithm_r_2e6",
        ours=lambda: stream_chunks(100),
        anchor=lambda: algorithm_r(range(n_small), K),
        repeats=3,
        sizes={"ours_items": 100_000_000, "anchor_items": n_small, "k": K},
    )
    ours_rate = 1e8 / record["ours_s"]
    anchor_rate = n_small / record["anchor_s"]
    print(
        json.dumps(
            {
                "name": "reservoir_partial_fit_items_per_s",
                "ours_items_per_s": round(ours_rate),
                "anchor_algorithm_r_items_per_s": round(anchor_rate),
                "throughput_ratio": round(ours_rate / anchor_rate, 1),
                "target_items_per_s": 500_000_000,
            }
        ),
        flush=True,
    )

    n_gen = 5_000_000
    compare(
        "reservoir_sample_generator_5e6_vs_algorithm_r",
        ours=lambda: reservoir_sample((i for i in range(n_gen)), K, random_state=0),
        anchor=lambda: algorithm_r((i for i in range(n_gen)), K),
        repeats=3,
        sizes={"items": n_gen, "k": K},
    )

    weighted_s = time_median(lambda: stream_chunks(10, weights=0), repeats=3)
    print(
        json.dumps(
            {
                "name": "reservoir_weighted_a_expj_1e7",
                "seconds": round(weighted_s, 4),
                "items_per_s": round(1e7 / weighted_s),
                "k": K,
            }
        ),
        flush=True,
    )

    memory = {
        f"peak_mb_{n}_items": round(peak_memory_mb(lambda c=c: stream_chunks(c)), 2)
        for n, c in (("1e6", 1), ("1e8", 100))
    }
    print(
        json.dumps(
            {
                "name": "reservoir_peak_memory",
                **memory,
                "chunk_items": len(CHUNK),
                "k": K,
                "reservoir_mb": round(K * 8 / 2**20, 3),
            }
        ),
        flush=True,
    )
    merge_bias(sizes=(10, 40))
    merge_bias(sizes=(10, 990))


def merge_bias(runs=2000, k=5, sizes=(10, 40)):
    """Share of the merged sample taken from the small partition (exact: 0.2)."""
    import dask
    import dask.bag as db

    small = sizes[0]
    items = list(range(sum(sizes)))
    bag = db.concat(
        [
            db.from_sequence(items[:small], npartitions=1),
            db.from_sequence(items[small:], npartitions=1),
        ]
    )
    assert bag.npartitions == 2
    dask_small = 0
    with dask.config.set(scheduler="synchronous"):
        for run in range(runs):
            sample = _dask_sample(bag, k, run)
            dask_small += sum(item < small for item in sample)
    ours_small = 0
    X = np.arange(sum(sizes)).reshape(-1, 1)
    for run in range(runs):
        first = ReservoirSampler(k, random_state=2 * run).partial_fit(X[:small])
        second = ReservoirSampler(k, random_state=2 * run + 1).partial_fit(X[small:])
        ours_small += int((first.merge(second).sample_indices_ < small).sum())
    print(
        json.dumps(
            {
                "name": "reservoir_merge_bias_small_partition_share",
                "partition_sizes": list(sizes),
                "k": k,
                "runs": runs,
                "exact_share": small / sum(sizes),
                "dask_bag_random_sample_share": round(dask_small / (runs * k), 3),
                "ours_merge_share": round(ours_small / (runs * k), 3),
            }
        ),
        flush=True,
    )


def _dask_sample(bag, k, seed):
    from dask.bag import random as bag_random

    random.seed(seed)  # dask.bag.random draws from the global random module
    return bag_random.sample(bag, k).compute()


if __name__ == "__main__":
    main()
