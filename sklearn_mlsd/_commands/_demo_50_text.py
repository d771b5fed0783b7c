"""Demo section: the lecture's text features, and two text leaks they avoid."""

import time
import warnings

import numpy as np

from sklearn_mlsd.leakage import LeakageWarning
from sklearn_mlsd.text import NgramVectorizer, TextNormalizer

TITLE = "Text features: TextNormalizer, NgramVectorizer, premature featurization"
_LECTURE = "I have a dog. He's sleeping."
_MAX_DOCS = 50_000


def run(context):
    """Normalise the lecture's sentence, vectorise the tweets, show the leaks."""
    echo = context["echo"]
    normalized = TextNormalizer(stop_words={"a"}).transform([_LECTURE])[0]
    echo(f"TextNormalizer: {_LECTURE!r} -> {normalized!r}")
    texts = context["data"]["text"].tolist()[:_MAX_DOCS]
    start = time.perf_counter()
    TextNormalizer().transform(texts)
    echo(
        f"normalised {len(texts):,} tweets (lemmatized) in "
        f"{time.perf_counter() - start:.2f} s"
    )
    rng = np.random.default_rng(context["random_state"])
    in_test = rng.random(len(texts)) < 0.2
    train = [t for t, test in zip(texts, in_test, strict=True) if not test]
    test = [t for t, is_test in zip(texts, in_test, strict=True) if is_test]
    start = time.perf_counter()
    honest = NgramVectorizer(ngram_range=(1, 2), min_df=2).fit(train)
    seconds = time.perf_counter() - start
    echo(
        f"NgramVectorizer(ngram_range=(1, 2), min_df=2) on {len(train):,} training "
        f"tweets: {len(honest.document_frequency_):,} n-grams in {seconds:.2f} s"
    )
    leaky = NgramVectorizer(ngram_range=(1, 2), min_df=2).fit(texts)
    extra = len(leaky.document_frequency_) - len(honest.document_frequency_)
    echo(
        f"premature featurization: fitted on train + test it keeps {extra:,} more "
        "n-grams, which only the test tweets justify"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LeakageWarning)
        honest.transform(test)
    leaks = [w for w in caught if issubclass(w.category, LeakageWarning)]
    if leaks:
        echo(f"LeakageWarning on transform(test): {str(leaks[0].message)[:70]}...")
    else:
        echo("no test tweet was also a training tweet")
