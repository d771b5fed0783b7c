"""TomekUndersampler vs imbalanced-learn's TomekLinks (same process, same data).

Run: cd benchmarks && OMP_WAIT_POLICY=PASSIVE python bench_tomek.py [100k|100k-x20|1M]
"""

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from _harness import compare
from imblearn.under_sampling import TomekLinks
from sklearn.datasets import make_classification

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sklearn_mlsd.imbalance import TomekUndersampler  # noqa: E402


def data(n_samples, n_features, minority):
    weights = None if minority == 0.5 else [1 - minority]
    return make_classification(
        n_samples=n_samples, n_features=n_features, weights=weights, random_state=0
    )


def same_output(X, y):
    ours, ref = TomekUndersampler(), TomekLinks()
    ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    return bool(np.array_equal(ours.sample_indices_, ref.sample_indices_))


def bench_100k(features=(10, 20)):
    for minority in (0.01, 0.1, 0.5):
        for n_features in features:
            X, y = data(100_000, n_features, minority)
            compare(
                f"tomek_{int(minority * 100)}pct_100k_x{n_features}",
                ours=lambda X=X, y=y: TomekUndersampler().fit_resample(X, y),
                anchor=lambda X=X, y=y: TomekLinks().fit_resample(X, y),
                repeats=3,
                warmup=0,
                sizes={"n_rows": 100_000, "n_features": n_features},
                extra={"minority": minority, "identical": same_output(X, y)},
            )


def bench_1m(n_jobs=None):
    X, y = data(1_000_000, 20, 0.01)
    sampler = TomekUndersampler(n_jobs=n_jobs)
    load_before = round(os.getloadavg()[0], 2)
    start, cpu_start = time.perf_counter(), time.process_time()
    sampler.fit_resample(X, y)
    record = {
        "name": "tomek_1pct_1M_x20_ours_only",
        "n_jobs": n_jobs,
        "ours_s": round(time.perf_counter() - start, 3),
        # CPU time of all threads: less sensitive to other sessions' load
        "ours_cpu_s": round(time.process_time() - cpu_start, 3),
        "load_avg_1m_before": load_before,
        "removed": int(len(y) - len(sampler.sample_indices_)),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
    }
    print(json.dumps(record), flush=True)


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else "all"
    if only in ("all", "100k"):
        bench_100k()
    if only == "100k-x20":
        bench_100k(features=(20,))
    if only in ("all", "1M"):
        bench_1m()
        bench_1m(n_jobs=-1)


if __name__ == "__main__":
    main()
