"""
Stratified sampling keeps the black swans
=========================================

You can label 1% of the tweets. A simple random sample
(:class:`~sklearn_mlsd.sampling.RandomSampler`) gives every tweet the same
chance, but no guarantee: the number of positive tweets (1% of the population)
in a 2,000-row sample varies from draw to draw, and rare slices — here the
positive tweets of one month — are often missing altogether.
:class:`~sklearn_mlsd.sampling.StratifiedSampler` draws exactly the right
number from every slice (label x month), with at least one row per slice, and
:func:`~sklearn_mlsd.sampling.representation_report` measures what each sample
got wrong. pandas ``groupby().sample(frac=)`` stratifies too, but rounds each
group on its own and misses the requested total.
"""

# %%
# A population of 200,000 tweets: 1% positive, 24 months
# ------------------------------------------------------
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sklearn_mlsd.sampling import (
    RandomSampler,
    StratifiedSampler,
    representation_report,
)

rng = np.random.default_rng(0)
n_population = 200_000
population = pd.DataFrame(
    {
        "label": (rng.random(n_population) < 0.01).astype(int),
        "month": rng.integers(0, 24, n_population),
    }
)
slices = ["label", "month"]
print(population.groupby(slices).size().describe())

# %%
# 200 samples of 1% each way
# --------------------------
samplers = {
    "random": lambda seed: RandomSampler(fraction=0.01, random_state=seed),
    "stratified": lambda seed: StratifiedSampler(
        fraction=0.01, by=slices, random_state=seed
    ),
}
results = {name: {"positives": [], "missing": [], "tv": []} for name in samplers}
for seed in range(200):
    for name, make in samplers.items():
        sample = make(seed).fit_resample(population)[0]
        report = representation_report(population, sample, by=slices)
        results[name]["positives"].append(int(sample["label"].sum()))
        results[name]["missing"].append(report.attrs["n_missing"])
        results[name]["tv"].append(report.attrs["total_variation"])

for name, result in results.items():
    positives = np.array(result["positives"])
    print(
        f"{name:>10}: positives {positives.mean():5.1f} +- {positives.std():4.1f}, "
        f"missing slices {np.mean(result['missing']):4.1f}, "
        f"total variation {np.mean(result['tv']):.3f}"
    )

# %%
# The stratified sample always has 24 positive slices with at least one row
# (``min_per_stratum=1``, which lifts the 20 expected positives to 24) and no
# missing slice; the random one loses several positive months per draw.
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
bins = np.arange(0, 45)
for name, result in results.items():
    axes[0].hist(result["positives"], bins=bins, alpha=0.6, label=name)
    axes[1].hist(result["missing"], bins=np.arange(0, 20), alpha=0.6, label=name)
axes[0].set_xlabel("positive tweets in a 2,000-row sample")
axes[1].set_xlabel("label x month slices missing from the sample")
for ax in axes:
    ax.set_ylabel("samples")
    ax.legend()
fig.tight_layout()
output = Path("plot_stratified_sampling.png")
fig.savefig(output, dpi=100)
print(f"figure saved to {output}")

# %%
# Exact totals, also with 20,000 strata
# -------------------------------------
# Stratifying by user as well gives thousands of tiny strata. pandas rounds
# every group on its own; the largest-remainder allocation of
# :class:`~sklearn_mlsd.sampling.StratifiedSampler` hits the total exactly.
population["user"] = np.floor(20_000 * rng.random(n_population) ** 3).astype(int)
keys = ["label", "user"]
n_strata = population.groupby(keys).ngroups
pandas_total = len(population.groupby(keys).sample(frac=0.2, random_state=0))
ours = StratifiedSampler(fraction=0.2, by=keys, random_state=0)
ours_total = len(ours.fit_resample(population)[0])
print(f"{n_strata} strata: pandas drew {pandas_total}, StratifiedSampler {ours_total}")
