"""Demo section: generate the lecture's tweets and describe them."""

import time

import numpy as np

from sklearn_mlsd.datasets import make_tweets

TITLE = "Data: make_tweets"


def run(context):
    """Generate ``context["data"]`` and print its shape, labels and long tail."""
    echo = context["echo"]
    start = time.perf_counter()
    data = make_tweets(
        n_samples=context["n_samples"], random_state=context["random_state"]
    )
    context["data"] = data
    echo(f"generated {len(data):,} tweets in {time.perf_counter() - start:.1f} s")
    per_user = data["user_id"].value_counts().to_numpy()
    first, last = data["created_at"].min(), data["created_at"].max()
    n_months = (last.year - first.year) * 12 + last.month - first.month + 1
    text = data["text"]
    echo(
        f"users: {per_user.size:,} posted (of user ids 0-{data['user_id'].max():,}); "
        f"months: {n_months} ({first:%Y-%m-%d} to {last:%Y-%m-%d})"
    )
    echo(
        f"misinformation: {int(data['label'].sum()):,} tweets "
        f"({data['label'].mean():.2%})"
    )
    top = np.sort(per_user)[::-1][: max(1, per_user.size // 100)].sum()
    echo(
        f"tweets per user: median {np.median(per_user):g}, "
        f"99th percentile {np.percentile(per_user, 99):.0f}, max {per_user.max():,}; "
        f"top 1% of users post {top / len(data):.0%}"
    )
    echo(
        f"retweets ('rt ' prefix): {text.str.startswith('rt ').mean():.2%}; "
        f"exact duplicate texts: {text.duplicated().mean():.2%}"
    )
