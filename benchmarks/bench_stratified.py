"""StratifiedSampler vs pandas groupby().sample and train_test_split(stratify=).

100,000 rows out of 10,000,000, strata = (a) class (1% positive), (b) user_id
(10,000 users, long tail), (c) class x user x month (~60,000 strata, tens of
thousands of singletons). Run: ``cd benchmarks && python bench_stratified.py``.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from _harness import compare
from sklearn.model_selection import train_test_split

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn_mlsd.sampling import StratifiedSampler  # noqa: E402

N_ROWS, N_SAMPLES, REPEATS = 10_000_000, 100_000, 3


def make_data(n=N_ROWS, seed=0):
    """Columns built directly with numpy (the make_tweets layout, no text)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "label": (rng.random(n) < 0.01).astype(np.int8),
            "user_id": np.minimum(rng.zipf(1.7, n) - 1, 9_999).astype(np.int64),
            "month": rng.integers(0, 24, n, dtype=np.int8),
        }
    )


def main():
    data = make_data()
    fraction = N_SAMPLES / len(data)
    cases = {
        "class": ["label"],
        "user": ["user_id"],
        "class_user_month": ["label", "user_id", "month"],
    }
    for case, keys in cases.items():
        sampler = StratifiedSampler(n_samples=N_SAMPLES, by=keys, random_state=0)
        ours_total = len(sampler.fit_resample(data)[0])
        pandas_total = len(data.groupby(keys).sample(frac=fraction, random_state=0))
        strata = data.groupby(keys).ngroups
        singletons = int((data.groupby(keys).size() == 1).sum())
        sizes = {"n_rows": len(data), "n_samples": N_SAMPLES, "n_strata": strata}
        extra = {
            "ours_total": ours_total,
            "pandas_total": pandas_total,
            "singleton_strata": singletons,
        }
        compare(
            f"stratified_{case}_vs_pandas_groupby_sample",
            ours=lambda s=sampler: s.fit_resample(data),
            anchor=lambda k=keys: data.groupby(k).sample(frac=fraction, random_state=0),
            repeats=REPEATS,
            sizes=sizes,
            extra=extra,
        )
        if case == "class":
            compare(
                "stratified_class_vs_train_test_split",
                ours=lambda s=sampler: s.fit_resample(data),
                anchor=lambda: train_test_split(
                    data, train_size=N_SAMPLES, stratify=data["label"], random_state=0
                ),
                repeats=REPEATS,
                sizes=sizes,
                extra={"ours_total": ours_total, "anchor_total": N_SAMPLES},
            )
        else:
            try:
                train_test_split(
                    data, train_size=N_SAMPLES, stratify=data[keys], random_state=0
                )
                refused = "ran"
            except ValueError as exc:
                refused = "refused: " + str(exc)[:110] + "..."
            print(f"# train_test_split(stratify={keys}): {refused}", flush=True)


if __name__ == "__main__":
    main()
