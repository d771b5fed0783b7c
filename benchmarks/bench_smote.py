"""SMOTEOversampler vs imbalanced-learn's SMOTE (same process, same data).

Run: cd benchmarks && OMP_WAIT_POLICY=PASSIVE python bench_smote.py
"""

import sys
import warnings
from pathlib import Path

from _harness import compare, peak_memory_mb
from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sklearn_mlsd.imbalance import (
    HighDimensionalWarning,  # noqa: E402
    SMOTEOversampler,  # noqa: E402
)


def main(sizes=(10_000, 100_000, 1_000_000), n_features=(10, 20), minority=0.1):
    warnings.simplefilter("ignore", HighDimensionalWarning)
    for n_samples in sizes:
        for d in n_features:
            X, y = make_classification(
                n_samples=n_samples,
                n_features=d,
                weights=[1 - minority],
                random_state=0,
            )

            def ours(X=X, y=y):
                return SMOTEOversampler(random_state=0).fit_resample(X, y)

            def anchor(X=X, y=y):
                return SMOTE(random_state=0).fit_resample(X, y)

            big = n_samples >= 1_000_000
            compare(
                f"smote_{n_samples}_x{d}",
                ours=ours,
                anchor=anchor,
                repeats=3 if big else 5,
                warmup=0 if big else 1,
                sizes={"n_rows": n_samples, "n_features": d},
                extra={
                    "minority": minority,
                    "ours_peak_mb": round(peak_memory_mb(ours), 1),
                    "anchor_peak_mb": round(peak_memory_mb(anchor), 1),
                },
            )


if __name__ == "__main__":
    main()
