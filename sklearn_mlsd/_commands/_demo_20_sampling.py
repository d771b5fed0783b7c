"""Demo section: stratified vs simple random sampling of the tweets."""

import numpy as np
import pandas as pd

TITLE = "Sampling: 1% of the tweets, stratified by label x month vs simple random"


def _with_month(data):
    """The tweets with a ``month`` column (YYYYMM) derived from ``created_at``."""
    created = pd.to_datetime(data["created_at"])
    return data.assign(month=created.dt.year * 100 + created.dt.month)


def _summary(name, report, sample):
    positives = int((sample["label"] == 1).sum())
    under = report[report["under_represented"]]
    return (
        f"{name:<11} rows={len(sample):>6,}  positives={positives:>4}  "
        f"total variation={report.attrs['total_variation']:.3f}  "
        f"slices missing={report.attrs['n_missing']:>2}  "
        f"under-represented={len(under):>2}"
    )


def run(context):
    from sklearn_mlsd.sampling import (
        RandomSampler,
        StratifiedSampler,
        representation_report,
    )

    echo = context["echo"]
    seed = context["random_state"]
    data = _with_month(context["data"])
    slices = ["label", "month"]
    n_slices = data.groupby(slices).ngroups
    # 1% of the tweets, and at least one row per slice for tiny demo sizes
    n_samples = max(round(0.01 * len(data)), n_slices)
    samplers = {
        "stratified": StratifiedSampler(
            n_samples=n_samples, by=slices, random_state=seed
        ),
        "random": RandomSampler(n_samples=n_samples, random_state=seed),
    }
    echo(
        f"population: {len(data):,} tweets, {int(data['label'].sum()):,} positives, "
        f"{data['month'].nunique()} months -> {n_slices} label x month slices; "
        f"sample size {n_samples:,}"
    )
    reports = {}
    for name, sampler in samplers.items():
        sample = sampler.fit_resample(data)[0]
        reports[name] = representation_report(data, sample, by=slices)
        echo(_summary(name, reports[name], sample))
    worst = reports["random"].query("label == 1").nsmallest(3, "share_ratio")
    echo("random sample, rarest positive slices (share ratio sample/population):")
    for (label, month), row in worst.iterrows():
        echo(
            f"  label={label} month={month}: population {row.population_count:>4}, "
            f"sample {row.sample_count:>2}, ratio {row.share_ratio:.2f}"
        )
    strat = reports["stratified"]
    echo(
        "stratified: every slice present (min_per_stratum=1 gives each rare "
        "positive month at least one row), largest share error "
        f"{np.abs(strat['sample_share'] - strat['population_share']).max():.4f}"
    )
    context["sampling_reports"] = reports
