"""TomekUndersampler vs imbalanced-learn's TomekLinks (same process, same data).

Run: cd benchmarks && OMP_WAIT_POLICY=PASSIVE python bench_tomek.py
"""

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


def main():
    for minority in (0.01, 0.1, 0.5):
        for n_features in (10, 20):
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
    X, y = data(1_000_000, 20, 0.01)
    start = time.perf_counter()
    sampler = TomekUndersampler()
    sampler.fit_resample(X, y)
    print(
        f'{{"name": "tomek_1pct_1M_x20_ours_only", "ours_s": '
        f"{time.perf_counter() - start:.3f}, "
        f'"removed": {len(y) - len(sampler.sample_indices_)}}}',
        flush=True,
    )


if __name__ == "__main__":
    main()
