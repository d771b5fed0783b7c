import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_mlsd.datasets import _tweets, make_tweets


@pytest.fixture(scope="module")
def tweets():
    return make_tweets(n_samples=50_000, random_state=0)


def test_columns_and_dtypes(tweets):
    assert tweets.columns.tolist() == [
        "tweet_id",
        "user_id",
        "created_at",
        "text",
        "label",
    ]
    assert tweets["tweet_id"].dtype == np.int64
    assert tweets["user_id"].dtype == np.int64
    assert tweets["created_at"].dtype == "datetime64[ns]"
    assert tweets["text"].dtype == pd.Series([""]).dtype
    assert tweets["label"].dtype == np.int8
    np.testing.assert_array_equal(tweets["tweet_id"], np.arange(50_000))
    assert tweets["user_id"].between(0, 9_999).all()
    assert set(np.unique(tweets["label"])) == {0, 1}
    assert tweets.index.equals(pd.RangeIndex(50_000))


def test_text_is_tweet_length(tweets):
    n_words = tweets["text"].str.split(" ").str.len()
    assert n_words.min() == 8
    assert n_words.max() == 26  # 25 words behind "rt "
    assert 15 < n_words.mean() < 18
    assert not tweets["text"].str.contains("  ").any()
    assert not tweets["text"].str.startswith(" ").any()
    assert not tweets["text"].str.endswith(" ").any()


def test_word_frequencies_are_zipfian(tweets):
    counts = tweets["text"].str.split(" ").explode().value_counts().to_numpy()
    ranks = np.arange(1, 101)
    slope = np.polyfit(np.log(ranks), np.log(counts[:100]), 1)[0]
    assert -1.3 < slope < -0.5


@pytest.mark.parametrize("n_samples", [1, 7, 1000])
def test_exact_positive_count(n_samples, seed):
    for rate in (0.01, 0.3, 0.999):
        data = make_tweets(
            n_samples=n_samples, n_users=50, positive_rate=rate, random_state=seed
        )
        assert int(data["label"].sum()) == round(rate * n_samples)
        assert len(data) == n_samples


def test_deterministic_and_seed_dependent():
    first = make_tweets(n_samples=3000, random_state=42)
    pd.testing.assert_frame_equal(first, make_tweets(n_samples=3000, random_state=42))
    pd.testing.assert_frame_equal(
        first, make_tweets(n_samples=3000, random_state=np.random.RandomState(42))
    )
    other = make_tweets(n_samples=3000, random_state=43)
    assert not first["text"].equals(other["text"])
    assert not first["user_id"].equals(other["user_id"])


def test_random_state_none_and_instance_advance():
    rng = np.random.RandomState(0)
    a = make_tweets(n_samples=500, random_state=rng)
    b = make_tweets(n_samples=500, random_state=rng)
    assert not a["text"].equals(b["text"])
    assert len(make_tweets(n_samples=500, random_state=None)) == 500


def test_python_string_path_equals_arrow_path(monkeypatch):
    expected = make_tweets(n_samples=2000, random_state=1)
    monkeypatch.setattr(_tweets, "_uses_arrow", lambda dtype: False)
    pd.testing.assert_frame_equal(make_tweets(n_samples=2000, random_state=1), expected)


def test_long_tail(tweets):
    per_user = tweets["user_id"].value_counts().to_numpy()
    top = np.sort(per_user)[::-1][:100].sum()  # top 1% of the 10,000 ids
    assert top / len(tweets) > 0.10
    all_ids = np.bincount(tweets["user_id"], minlength=10_000)
    assert np.median(all_ids) <= 3
    assert per_user.max() > 50 * np.median(per_user)
    assert (per_user == 1).sum() > 500


def test_month_span(seed):
    data = make_tweets(n_samples=20_000, n_months=24, random_state=seed)
    created = data["created_at"]
    assert created.is_monotonic_increasing
    assert created.min() >= pd.Timestamp("2024-01-01")
    assert created.max() < pd.Timestamp("2026-01-01")
    months = created.dt.to_period("M").value_counts()
    assert len(months) == 24
    # uniform over time: every month holds its share (days in month / 731)
    days = months.index.days_in_month.to_numpy()
    expected = days / days.sum() * len(data)
    assert np.all(np.abs(months.to_numpy() - expected) < 6 * np.sqrt(expected))

    short = make_tweets(n_samples=100, n_months=1, random_state=seed)
    assert short["created_at"].min() >= pd.Timestamp("2025-12-01")


def test_learnable_but_not_trivially(seed):
    data = make_tweets(n_samples=20_000, random_state=seed)
    X_train, X_test, y_train, y_test = train_test_split(
        data["text"],
        data["label"],
        test_size=0.25,
        stratify=data["label"],
        random_state=seed,
    )
    model = make_pipeline(
        TfidfVectorizer(), LogisticRegression(class_weight="balanced", max_iter=1000)
    )
    model.fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    assert 0.8 < auc < 0.99


def test_misinformation_vocabulary_is_label_dependent(tweets):
    misinfo = set(_tweets._MISINFO) - set(_tweets._COMMON) - set(_tweets._NEUTRAL)
    words = tweets["text"].str.split(" ")
    share = words.map(lambda ws: sum(w in misinfo for w in ws) / len(ws))
    by_label = share.groupby(tweets["label"]).mean()
    assert by_label[1] > 5 * by_label[0]
    assert by_label[0] > 0  # ordinary tweets use these words too


def test_user_level_dependence(tweets):
    # misinformation concentrates on some users: far more than chance
    positives = tweets.loc[tweets["label"] == 1, "user_id"].value_counts()
    rate = tweets.groupby("user_id")["label"].mean()
    active = tweets["user_id"].value_counts()
    active = active[active >= 20].index
    assert rate[active].max() > 0.1
    assert positives.iloc[: max(1, len(positives) // 20)].sum() > 0.2 * positives.sum()


def test_duplicates_share(tweets):
    text = tweets["text"]
    retweets = text.str.startswith("rt ")
    duplicated = text.duplicated()
    # 2% of ordinary and 8% of misinformation tweets are retweets, half "rt "
    assert 0.007 < retweets.mean() < 0.015
    assert 0.007 < duplicated.mean() < 0.015
    # every "rt " tweet repeats an earlier original of the same label
    first_row = pd.Series(tweets.index, index=text).groupby(level=0).min()
    first_label = tweets.groupby("text")["label"].first()
    sources = text[retweets].str.slice(3)
    assert sources.isin(text[~retweets]).all()
    assert (sources.map(first_row) < sources.index).all()
    assert (sources.map(first_label) == tweets.loc[retweets, "label"]).all()
    # duplicates never contradict: one label per distinct text
    assert tweets.groupby("text")["label"].nunique().max() == 1
    # misinformation is retweeted more often
    dup_rate = (retweets | duplicated).groupby(tweets["label"]).mean()
    assert dup_rate[1] > 2 * dup_rate[0]


def test_fewer_samples_than_users():
    data = make_tweets(n_samples=10, n_users=1000, random_state=0)
    assert len(data) == 10
    assert data["user_id"].between(0, 999).all()
    one = make_tweets(n_samples=5, n_users=1, random_state=0)
    assert (one["user_id"] == 0).all()


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_samples": 0}, "'n_samples' parameter of make_tweets must be an int"),
        ({"n_samples": 2.5}, "'n_samples' parameter"),
        ({"n_users": 0}, "'n_users' parameter of make_tweets must be an int in the"),
        ({"n_months": -1}, "'n_months' parameter of make_tweets must be an int"),
        ({"positive_rate": 0.0}, r"'positive_rate' .* range \(0.0, 1.0\)"),
        ({"positive_rate": 1.0}, r"'positive_rate' .* range \(0.0, 1.0\)"),
        ({"positive_rate": 1}, "'positive_rate' parameter"),
        ({"random_state": "seed"}, "'random_state' parameter"),
    ],
)
def test_validation_errors(params, match):
    with pytest.raises(ValueError, match=match):
        make_tweets(**params)


def test_guide_table_search_equals_searchsorted(rng):
    cdf = _tweets._word_cdf()
    guide = _tweets._guide_table(cdf)
    values = np.concatenate(
        [rng.uniform(0, 3, 200_000), cdf[:-1], np.nextafter(cdf[:-1], 0), [0.0]]
    )
    np.testing.assert_array_equal(
        _tweets._search(cdf, guide, values),
        np.searchsorted(cdf, values, side="right"),
    )
