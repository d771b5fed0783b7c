"""
=========================================
Tomek links removed, SMOTE rows generated
=========================================

Two ways to deal with a rare class, on a two-dimensional data set where we can
see what happens:

* :class:`~sklearn_mlsd.imbalance.TomekUndersampler` finds Tomek links, pairs
  of rows of different classes that are each other's nearest neighbour, and
  removes the majority end of each: the class boundary gets cleaner.
* :class:`~sklearn_mlsd.imbalance.SMOTEOversampler` adds synthetic minority
  rows, each on the segment between a minority row and one of its nearest
  minority neighbours.
"""

# %%
# Data: 600 rows, 10% minority, two overlapping clusters.

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from sklearn.datasets import make_classification

from sklearn_mlsd.imbalance import SMOTEOversampler, TomekUndersampler

X, y = make_classification(
    n_samples=600,
    n_features=2,
    n_informative=2,
    n_redundant=0,
    n_clusters_per_class=1,
    weights=[0.9],
    class_sep=0.8,
    random_state=3,
)
print("class counts:", np.bincount(y))

# %%
# Tomek links. With ``sampling_strategy='all'`` both ends of every link go, so
# ``sample_indices_`` tells us every row in a link; the default removes only
# the majority end.
links = TomekUndersampler(sampling_strategy="all")
links.fit_resample(X, y)
in_link = np.setdiff1d(np.arange(len(y)), links.sample_indices_)
tomek = TomekUndersampler()
X_tomek, y_tomek = tomek.fit_resample(X, y)
removed = np.setdiff1d(np.arange(len(y)), tomek.sample_indices_)
print(f"{len(in_link) // 2} Tomek links; {len(removed)} majority rows removed")

# Pair each minority end with its majority partner for drawing.
minority_ends = in_link[y[in_link] == 1]
majority_ends = in_link[y[in_link] == 0]
distances = np.linalg.norm(X[minority_ends, None] - X[None, majority_ends], axis=2)
pairs = [
    (X[i], X[majority_ends[j]])
    for i, j in zip(minority_ends, distances.argmin(1), strict=True)
]

# %%
# SMOTE. ``synthetic_parents_`` records the two rows each synthetic row lies
# between, so the segments can be drawn.
smote = SMOTEOversampler(k_neighbors=5, random_state=0)
X_smote, y_smote = smote.fit_resample(X, y)
new = X_smote[len(y) :]
print(f"{len(new)} synthetic minority rows; class counts now {np.bincount(y_smote)}")
shown = np.arange(0, len(new), 12)
segments = [(X[a], X[b]) for a, b in smote.synthetic_parents_[shown]]

# %%
# The pictures.
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.5), sharex=True, sharey=True)
for ax in (left, right):
    ax.scatter(*X[y == 0].T, s=10, c="tab:blue", alpha=0.35, label="majority")
    ax.scatter(*X[y == 1].T, s=16, c="tab:red", label="minority")
left.add_collection(LineCollection(pairs, colors="black", linewidths=1.2))
left.scatter(
    *X[removed].T,
    s=80,
    facecolors="none",
    edgecolors="black",
    label="removed (majority end of a link)",
)
left.set_title(f"TomekUndersampler: {len(pairs)} links, {len(removed)} rows removed")
right.add_collection(LineCollection(segments, colors="grey", linewidths=0.8))
right.scatter(*new.T, s=14, marker="x", c="darkorange", label="synthetic (SMOTE)")
right.set_title(f"SMOTEOversampler: {len(new)} synthetic rows (some segments drawn)")
for ax in (left, right):
    ax.legend(loc="lower left", fontsize=8)
fig.tight_layout()

fig.savefig("plot_tomek_smote.png", dpi=110)
