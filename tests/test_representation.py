"""representation_report: counts, shares, flags and divergences, recomputed."""

import numpy as np
import pandas as pd
import pytest

from sklearn_mlsd.sampling import StratifiedSampler, representation_report


def _population(seed=0, n=2000):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "city": rng.choice(
                ["SF", "Phoenix", "Oslo", "Lima"], n, p=[0.6, 0.3, 0.09, 0.01]
            ),
            "rain": rng.integers(0, 2, n),
        }
    )


def test_counts_shares_and_flags():
    population = _population()
    sample = population[population["city"] != "Lima"].iloc[:200]
    report = representation_report(population, sample, by="city")
    pop_counts = population["city"].value_counts()
    sample_counts = (
        sample["city"].value_counts().reindex(pop_counts.index, fill_value=0)
    )
    np.testing.assert_array_equal(report["population_count"], pop_counts)
    np.testing.assert_array_equal(report["sample_count"], sample_counts)
    p, q = pop_counts / len(population), sample_counts / len(sample)
    np.testing.assert_allclose(report["population_share"], p)
    np.testing.assert_allclose(report["sample_share"], q)
    np.testing.assert_allclose(report["share_ratio"], q / p)
    np.testing.assert_allclose(report["expected_count"], 200 * p)
    assert report.loc["Lima", "missing"] and report.loc["Lima", "under_represented"]
    assert report["missing"].sum() == 1
    assert report.attrs["n_missing"] == 1
    assert report.attrs["n_population"] == 2000 and report.attrs["n_sample"] == 200
    np.testing.assert_allclose(
        report.attrs["total_variation"], 0.5 * np.abs(p - q).sum()
    )
    m = (p + q) / 2
    js = (
        0.5 * (p * np.log2(p / m)).sum()
        + 0.5 * (q[q > 0] * np.log2(q[q > 0] / m[q > 0])).sum()
    )
    np.testing.assert_allclose(report.attrs["js_divergence"], js)
    kl = (q[q > 0] * np.log(q[q > 0] / p[q > 0])).sum()
    np.testing.assert_allclose(report.attrs["kl_divergence"], kl)


def test_threshold_flags():
    population = pd.Series(["a"] * 50 + ["b"] * 50, name="g")
    sample = pd.Series(["a"] * 9 + ["b"] * 1, name="g")
    report = representation_report(population, sample)  # labels themselves
    assert report.index.name == "g"
    assert report.loc["b", "share_ratio"] == pytest.approx(0.2)
    assert report.loc["b", "under_represented"] and not report.loc["b", "missing"]
    assert not report.loc["a", "over_represented"]  # 1.8 < 1 / 0.5
    strict = representation_report(population, sample, threshold=0.6)
    assert strict.loc["a", "over_represented"]  # 1.8 > 1 / 0.6
    lenient = representation_report(population, sample, threshold=0.1)
    assert not lenient["under_represented"].any()
    assert not lenient["over_represented"].any()


def test_several_columns_and_label_arrays():
    population = _population()
    sample = population.sample(300, random_state=0)
    report = representation_report(population, sample, by=["city", "rain"])
    assert report.index.names == ["city", "rain"]
    assert report["population_count"].sum() == 2000
    assert report["sample_count"].sum() == 300
    pairs = representation_report(
        population,
        sample,
        by=(population["city"].to_numpy(), sample["city"].to_numpy()),
    )
    single = representation_report(population, sample, by="city")
    np.testing.assert_array_equal(pairs["sample_count"], single["sample_count"])
    called = representation_report(population, sample, by=lambda d: d["city"])
    np.testing.assert_array_equal(
        called["population_count"], single["population_count"]
    )


def test_slices_only_in_sample():
    report = representation_report(np.array([1, 1, 2]), np.array([1, 3]))
    assert report.loc[3, "population_count"] == 0
    assert np.isinf(report.loc[3, "share_ratio"])
    assert report.loc[3, "over_represented"]
    assert np.isinf(report.attrs["kl_divergence"])


def test_stratified_sample_is_representative(seed):
    population = _population(seed, n=20_000)
    sampler = StratifiedSampler(n_samples=1000, by=["city", "rain"], random_state=seed)
    sample = sampler.fit_resample(population)[0]
    report = representation_report(population, sample, by=["city", "rain"])
    assert report.attrs["n_missing"] == 0
    assert np.all(np.abs(report["sample_count"] - report["expected_count"]) < 1)
    assert report.attrs["total_variation"] < 0.005


def test_bad_input():
    population = _population()
    with pytest.raises(ValueError, match="by: no column 'nope' in population"):
        representation_report(population, population, by="nope")
    with pytest.raises(ValueError, match="by: no column 'nope' in sample"):
        representation_report(
            population.rename(columns={"city": "nope"}), population, by="nope"
        )
    with pytest.raises(ValueError, match="population is empty"):
        representation_report(population.iloc[:0], population, by="city")
    with pytest.raises(ValueError, match="not a DataFrame"):
        representation_report(np.zeros(3), np.zeros(2), by="city")
    with pytest.raises(ValueError, match="'threshold' parameter"):
        representation_report(population, population, by="city", threshold=2.0)
