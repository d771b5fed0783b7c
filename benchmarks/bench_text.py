"""sklearn_mlsd.text against scikit-learn's vectorizers, same process, same data.

100,000 synthetic tweet-length documents (8-30 words drawn from a Zipfian
vocabulary of 50,000 words, with punctuation, capitals and contractions).
Run: cd benchmarks && /tmp/venv/bin/python bench_text.py
"""

import gc
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from _harness import compare, peak_memory_mb
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn_mlsd.text import NgramVectorizer, TextNormalizer  # noqa: E402
from sklearn_mlsd.text._normalizer import _lemma  # noqa: E402

N_DOCS = 100_000
N_WORDS = 50_000


def make_documents(n_docs=N_DOCS, n_words=N_WORDS, seed=0):
    """Tweet-like documents with a Zipfian (s=1.1) word distribution."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(3, 10, size=n_words)
    words = ["".join(rng.choice(letters, size=k)) for k in lengths]
    words[:12] = ["I", "the", "He's", "don't", "dogs", "sleeping", "is", "a"] + [
        "we've",
        "running",
        "can't",
        "news",
    ]
    suffix = np.array(["", "", "", "", ",", ".", "!", "?", "!!!"])
    words = np.array(words, dtype=object)
    weights = 1.0 / np.arange(1, n_words + 1) ** 1.1
    doc_lengths = rng.integers(8, 31, size=n_docs)
    tokens = words[
        rng.choice(n_words, size=doc_lengths.sum(), p=weights / weights.sum())
    ]
    tails = suffix[rng.integers(0, len(suffix), size=doc_lengths.sum())]
    tokens = tokens + tails
    bounds = np.concatenate([[0], np.cumsum(doc_lengths)])
    return [" ".join(tokens[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _fit_transform_with_vocabulary(docs):
    vectorizer = NgramVectorizer(ngram_range=(1, 2))
    X = vectorizer.fit_transform(docs)
    # vocabulary_ builds the n-gram strings and the dict on first access
    return X, vectorizer.vocabulary_, vectorizer.get_feature_names_out()


_RSS_CASES = {
    "ours": lambda docs: NgramVectorizer(ngram_range=(1, 2)).fit_transform(docs),
    "ours_with_vocabulary": lambda docs: _fit_transform_with_vocabulary(docs),
    "anchor": lambda docs: CountVectorizer(ngram_range=(1, 2)).fit_transform(docs),
}


def _status_mb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def _rss_child(case):
    """In a fresh process: peak resident memory added by one call (MB).

    Unlike tracemalloc this also sees pyarrow's allocator and scipy's C++
    buffers. The kernel's high-water mark is reset after building the data.
    """
    docs = make_documents()
    gc.collect()
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset VmHWM to the current RSS
    before = _status_mb("VmRSS")
    result = _RSS_CASES[case](docs)
    print(json.dumps(round(_status_mb("VmHWM") - before, 1)))
    del result


def peak_rss_mb(case):
    out = subprocess.run(
        [sys.executable, __file__, "--rss", case],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    docs = make_documents()
    train, test = docs[:80_000], docs[80_000:]
    sizes = {"n_docs": N_DOCS, "vocabulary": N_WORDS}
    records = []

    records.append(
        compare(
            "ngram_fit_transform_1_2",
            ours=lambda: NgramVectorizer(ngram_range=(1, 2)).fit_transform(docs),
            anchor=lambda: CountVectorizer(ngram_range=(1, 2)).fit_transform(docs),
            repeats=3,
            sizes=sizes,
        )
    )
    ours = NgramVectorizer(ngram_range=(1, 2)).fit(train)
    anchor = CountVectorizer(ngram_range=(1, 2)).fit(train)
    records.append(
        compare(
            "ngram_transform_1_2_20k_after_fit_80k",
            ours=lambda: ours.transform(test),
            anchor=lambda: anchor.transform(test),
            repeats=5,
            sizes={"n_fit": 80_000, "n_transform": 20_000},
        )
    )
    records.append(
        compare(
            "ngram_transform_1_2_100k",
            ours=lambda: ours.transform(docs[:100_000:2] + docs[1:100_000:2]),
            anchor=lambda: anchor.transform(docs[:100_000:2] + docs[1:100_000:2]),
            repeats=3,
            sizes={"n_fit": 80_000, "n_transform": N_DOCS},
            extra={"note": "on_overlap='warn' checks 100k documents; 80k overlap"},
        )
    )
    records.append(
        compare(
            "ngram_fit_transform_1_2_with_vocabulary",
            ours=lambda: _fit_transform_with_vocabulary(docs),
            anchor=lambda: CountVectorizer(ngram_range=(1, 2)).fit_transform(docs),
            repeats=3,
            sizes=sizes,
            extra={
                "note": "ours also builds vocabulary_ and get_feature_names_out "
                "(lazy, first access); CountVectorizer builds vocabulary_ in fit"
            },
        )
    )
    new_docs = make_documents(seed=1)
    full = NgramVectorizer(ngram_range=(1, 2)).fit(docs)
    full_anchor = CountVectorizer(ngram_range=(1, 2)).fit(docs)
    records.append(
        compare(
            "ngram_transform_1_2_100k_new_after_fit_100k",
            ours=lambda: full.transform(new_docs),
            anchor=lambda: full_anchor.transform(new_docs),
            repeats=3,
            sizes={"n_fit": N_DOCS, "n_transform": N_DOCS},
            extra={"note": "on_overlap='warn' checks 100k unseen documents"},
        )
    )
    ignoring = clone(ours).set_params(on_overlap="ignore").fit(train)
    records.append(
        compare(
            "ngram_transform_1_2_100k_on_overlap_ignore",
            ours=lambda: ignoring.transform(docs[:100_000:2] + docs[1:100_000:2]),
            anchor=lambda: anchor.transform(docs[:100_000:2] + docs[1:100_000:2]),
            repeats=3,
            sizes={"n_fit": 80_000, "n_transform": N_DOCS},
            extra={"note": "the 80k-overlap case without the duplicate check"},
        )
    )
    mem = {
        "name": "ngram_fit_transform_1_2_peak_memory_mb",
        "ours_mb": round(
            peak_memory_mb(
                lambda: NgramVectorizer(ngram_range=(1, 2)).fit_transform(docs)
            ),
            1,
        ),
        "anchor_mb": round(
            peak_memory_mb(
                lambda: CountVectorizer(ngram_range=(1, 2)).fit_transform(docs)
            ),
            1,
        ),
        "ours_with_vocabulary_mb": round(
            peak_memory_mb(lambda: _fit_transform_with_vocabulary(docs)), 1
        ),
        "note": "tracemalloc (Python and numpy allocations; not pyarrow's pool)",
    }
    print(json.dumps(mem), flush=True)
    records.append(mem)
    mem = {
        "name": "ngram_fit_transform_1_2_peak_rss_mb",
        **{f"{case}_mb": peak_rss_mb(case) for case in _RSS_CASES},
        "note": "VmHWM - VmRSS in a fresh process per case (everything, pyarrow "
        "included)",
    }
    print(json.dumps(mem), flush=True)
    records.append(mem)
    records.append(
        compare(
            "hashing_fit_transform_1_2",
            ours=lambda: NgramVectorizer(
                ngram_range=(1, 2), n_features=2**20, on_overlap="ignore"
            ).fit_transform(docs),
            anchor=lambda: HashingVectorizer(
                ngram_range=(1, 2), n_features=2**20, alternate_sign=False, norm=None
            ).fit_transform(docs),
            repeats=3,
            sizes=sizes,
        )
    )
    records.append(
        compare(
            "hashing_fit_transform_1_2_on_overlap_warn",
            ours=lambda: NgramVectorizer(
                ngram_range=(1, 2), n_features=2**20
            ).fit_transform(docs),
            anchor=lambda: HashingVectorizer(
                ngram_range=(1, 2), n_features=2**20, alternate_sign=False, norm=None
            ).fit_transform(docs),
            repeats=3,
            sizes=sizes,
            extra={"note": "ours also fingerprints the fit documents"},
        )
    )
    normalizer = TextNormalizer()
    timings = {}
    start = time.perf_counter()
    normalizer.transform(docs)
    timings["first_call_s"] = time.perf_counter() - start  # loads simplemma data
    _lemma.cache_clear()
    start = time.perf_counter()
    normalizer.transform(docs)
    timings["cold_cache_s"] = time.perf_counter() - start
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        normalizer.transform(docs)
        warm.append(time.perf_counter() - start)
    timings["warm_median_s"] = float(np.median(warm))
    norm = {"name": "text_normalizer_lemmatize", "sizes": sizes}
    for key, seconds in timings.items():
        norm[key] = round(seconds, 3)
        norm[key.replace("_s", "_docs_per_s")] = round(N_DOCS / seconds)
    norm["note"] = (
        "first call loads simplemma's English data; cold = lemma cache emptied"
    )
    print(json.dumps(norm), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rss"]:
        _rss_child(sys.argv[2])
    else:
        main()
