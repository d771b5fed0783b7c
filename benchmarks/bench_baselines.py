"""Baselines: the lecture's table at 1,000,000 rows, and per-row prediction cost.

Run from the benchmarks directory::

    python bench_baselines.py

1. ``compare_baselines(None, X, y, cv=5)`` (uniform, stratified, most frequent;
   accuracy and F1) against what a user would otherwise write: scikit-learn's
   ``cross_validate`` with ``DummyClassifier`` for the same three strategies
   and scoring. Bar: ours under 30 s.
2. ``BaselineClassifier.predict`` against ``DummyClassifier.predict`` for the
   random strategies. Ours hashes every row (the price of reproducible,
   order-independent draws); DummyClassifier skips input validation and draws
   from a generator in row order.

Prints one JSON line per comparison.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from _harness import compare  # noqa: E402
from sklearn.dummy import DummyClassifier  # noqa: E402
from sklearn.model_selection import cross_validate  # noqa: E402

from sklearn_mlsd.baselines import BaselineClassifier, compare_baselines  # noqa: E402

N_ROWS = 1_000_000
STRATEGIES = ("uniform", "stratified", "most_frequent")


def _lecture_data():
    rng = np.random.default_rng(0)
    y = np.zeros(N_ROWS, dtype=int)
    y[rng.choice(N_ROWS, N_ROWS // 100, replace=False)] = 1
    return rng.normal(size=(N_ROWS, 5)), y


def _dummy_table(X, y):
    return {
        s: cross_validate(
            DummyClassifier(strategy=s, random_state=0),
            X,
            y,
            cv=5,
            scoring=("accuracy", "f1"),
        )
        for s in STRATEGIES
    }


def main():
    X, y = _lecture_data()
    sizes = {"n_rows": N_ROWS, "n_features": X.shape[1], "cv": 5}
    compare(
        "compare_baselines_1M_cv5",
        ours=lambda: compare_baselines(None, X, y, cv=5, random_state=0),
        anchor=lambda: _dummy_table(X, y),
        repeats=3,
        sizes=sizes,
    )
    for strategy in ("uniform", "stratified"):
        ours = BaselineClassifier(strategy=strategy, random_state=0).fit(X, y)
        dummy = DummyClassifier(strategy=strategy, random_state=0).fit(X, y)
        compare(
            f"predict_{strategy}_1M",
            ours=lambda ours=ours: ours.predict(X),
            anchor=lambda dummy=dummy: dummy.predict(X),
            repeats=5,
            sizes={"n_rows": N_ROWS, "n_features": X.shape[1]},
        )


if __name__ == "__main__":
    main()
