"""RandomUndersampler / RandomOversampler vs imbalanced-learn (same process).

Run: cd benchmarks && python bench_random_resamplers.py [REPEATS] [under|over]
(default: 5 interleaved repeats, both samplers)
"""

import sys
from pathlib import Path

from _harness import compare, peak_memory_mb
from imblearn.over_sampling import RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.datasets import make_classification

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sklearn_mlsd.imbalance import RandomOversampler, RandomUndersampler  # noqa: E402


def main(sizes=(100_000, 1_000_000), n_features=20, minority=0.1, repeats=5, only=None):
    for n_samples in sizes:
        X, y = make_classification(
            n_samples=n_samples,
            n_features=n_features,
            weights=[1 - minority],
            random_state=0,
        )
        pairs = {
            "random_under": (RandomUndersampler, RandomUnderSampler),
            "random_over": (RandomOversampler, RandomOverSampler),
        }
        for name, (ours, anchor) in pairs.items():
            if only is not None and name != f"random_{only}":
                continue

            def run_ours(ours=ours, X=X, y=y):
                return ours(random_state=0).fit_resample(X, y)

            def run_anchor(anchor=anchor, X=X, y=y):
                return anchor(random_state=0).fit_resample(X, y)

            compare(
                f"{name}_{n_samples}_x{n_features}",
                ours=run_ours,
                anchor=run_anchor,
                repeats=repeats,
                sizes={"n_rows": n_samples, "n_features": n_features},
                extra={
                    "minority": minority,
                    "ours_peak_mb": round(peak_memory_mb(run_ours), 1),
                    "anchor_peak_mb": round(peak_memory_mb(run_anchor), 1),
                },
            )


if __name__ == "__main__":
    main(
        repeats=int(sys.argv[1]) if len(sys.argv) > 1 else 5,
        only=sys.argv[2] if len(sys.argv) > 2 else None,
    )
