"""
================================================================
"Both SMOTE and Tomek links only work on low-dimensional data!"
================================================================

The lecture's warning, measured. Both methods rest on nearest neighbours:
SMOTE interpolates toward them, Tomek links are pairs of mutual nearest
neighbours. In high dimension distances *concentrate*: the nearest row is
barely closer than an average row, so "nearest" carries no information.

We measure the concentration ratio that
:class:`~sklearn_mlsd.imbalance.SMOTEOversampler` checks (median distance to
the nearest neighbour over the mean distance between rows, see
:func:`~sklearn_mlsd.imbalance._smote.distance_concentration`) as the number
of features grows, and what it does to nearest neighbours: how often the
nearest neighbour of a minority row is itself a minority row.
"""

# %%
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from sklearn_mlsd.imbalance import HighDimensionalWarning, SMOTEOversampler
from sklearn_mlsd.imbalance._smote import (
    CONCENTRATION_THRESHOLD,
    distance_concentration,
)

dimensions = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
rng = np.random.default_rng(0)

# %%
# Distance concentration of 1,000 Gaussian rows, and of the minority class of
# a classification problem with 2 informative features plus noise features.
gaussian = [distance_concentration(rng.standard_normal((1000, d))) for d in dimensions]


def minority_problem(n_features):
    """2 informative features, the rest noise; 10% minority."""
    return make_classification(
        n_samples=3000,
        n_features=n_features,
        n_informative=min(2, n_features),
        n_redundant=0,
        n_clusters_per_class=1,
        weights=[0.9],
        class_sep=1.5,
        random_state=0,
    )


minority_ratio, same_class = [], []
for d in dimensions:
    X, y = minority_problem(d)
    minority_ratio.append(distance_concentration(X[y == 1]))
    nearest = NearestNeighbors(n_neighbors=2).fit(X).kneighbors(X[y == 1])[1][:, 1]
    same_class.append(np.mean(y[nearest] == 1))

for d, g, m, s in zip(dimensions, gaussian, minority_ratio, same_class, strict=True):
    print(
        f"{d:5d} features: concentration gaussian {g:.2f}, minority {m:.2f}; "
        f"nearest neighbour of a minority row is minority {s:.0%}"
    )

# %%
# SMOTEOversampler measures this on the data and warns when the ratio is
# above the threshold.
for d in (2, 200):
    X, y = minority_problem(d)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", HighDimensionalWarning)
        sampler = SMOTEOversampler(random_state=0).fit(X, y)
        sampler.fit_resample(X, y)
    measured = {int(k): round(v, 3) for k, v in sampler.distance_concentration_.items()}
    print(f"\n{d} features: measured concentration per class {measured}")
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")

# %%
# The curves.
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
left.semilogx(dimensions, gaussian, "o-", label="Gaussian rows")
left.semilogx(dimensions, minority_ratio, "s-", label="minority class (2 informative)")
left.axhline(
    CONCENTRATION_THRESHOLD,
    color="tab:red",
    linestyle="--",
    label=f"SMOTEOversampler warns above {CONCENTRATION_THRESHOLD}",
)
left.set_xlabel("number of features")
left.set_ylabel("median nearest distance / mean distance")
left.set_ylim(0, 1)
left.set_title("Distances concentrate as dimension grows")
left.legend(fontsize=8)
right.semilogx(dimensions, same_class, "o-", color="tab:green")
right.axhline(0.1, color="grey", linestyle=":", label="minority share (chance)")
right.set_xlabel("number of features")
right.set_ylabel("share of minority rows")
right.set_ylim(0, 1)
right.set_title("Nearest neighbour of a minority row is minority")
right.legend(fontsize=8)
fig.tight_layout()

fig.savefig("plot_dimensionality.png", dpi=110)
