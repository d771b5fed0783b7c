import hashlib
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import make_pipeline

from sklearn_mlsd.leakage import LeakageWarning
from sklearn_mlsd.text import NgramVectorizer, TextNormalizer
from sklearn_mlsd.text._documents import document_hashes
from sklearn_mlsd.utils.estimator_checks import check_text_estimator

WORDS = [
    "the",
    "a",
    "dog",
    "cat",
    "is",
    "sleeping",
    "he",
    "she",
    "have",
    "I",
    "don't",
    "café",
    "naïve",
    "Ünïcode",
    "news",
    "vaccine",
    "5g",
    "truth",
    "share",
    "delete",
    "miracle",
    "cure",
    "trial",
    "x",
    "y",
    "42",
    "run_fast",
]
TRICKY = [
    "",
    "x y z",
    "Tabs\t\tand  double  spaces\nnewline",
    "CAFÉ café Café",
    "punctuation!!! only... ?",
    "it's a dog's life, isn't it?",
    "zz ZZ Zz zZ zzz",
]


def make_corpus(rng, n_docs=60):
    lengths = rng.integers(0, 14, size=n_docs)
    marks = np.array(["", "", ",", ".", "!", "?"])
    return [
        " ".join(w + rng.choice(marks) for w in rng.choice(WORDS, size=k))
        for k in lengths
    ] + TRICKY


def assert_same_as_count_vectorizer(params, fit_docs, other_docs):
    ours = NgramVectorizer(**params, on_overlap="ignore")
    reference = CountVectorizer(**params)
    X_ours, X_ref = ours.fit_transform(fit_docs), reference.fit_transform(fit_docs)
    assert list(ours.get_feature_names_out()) == list(reference.get_feature_names_out())
    assert ours.vocabulary_ == reference.vocabulary_
    assert sparse.isspmatrix_csr(X_ours) and X_ours.dtype == np.float64
    assert X_ours.shape == X_ref.shape
    assert (X_ours != X_ref).nnz == 0
    T_ours, T_ref = ours.transform(other_docs), reference.transform(other_docs)
    assert (T_ours != T_ref).nnz == 0
    assert (ours.transform(fit_docs) != X_ref).nnz == 0


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ngram_range": (1, 2)},
        {"ngram_range": (2, 3)},
        {"ngram_range": (1, 4)},
        {"analyzer": "char", "ngram_range": (2, 4)},
        {"analyzer": "char", "ngram_range": (1, 3)},
        {"ngram_range": (1, 2), "min_df": 3},
        {"ngram_range": (1, 2), "min_df": 0.05},
        {"ngram_range": (1, 2), "max_df": 0.2},
        {"ngram_range": (1, 2), "max_df": 10},
        {"ngram_range": (1, 2), "max_features": 15},
        {"ngram_range": (1, 2), "max_features": 15, "binary": True},
        {"binary": True},
        {"analyzer": "char", "ngram_range": (2, 4), "min_df": 2, "max_features": 40},
    ],
)
def test_identical_to_count_vectorizer(params, rng):
    docs = make_corpus(rng)
    other = make_corpus(rng, n_docs=30)
    assert_same_as_count_vectorizer(params, docs, other)


def test_token_pattern_equivalence_on_unicode():
    docs = ["àé ßß x_y __ a1 1a ﬁne 中文字 ab-cd e'f \u0663\u0664", "AB ab"]
    assert_same_as_count_vectorizer({}, docs, docs[::-1])


def test_example_and_feature_names():
    docs = ["I have a dog", "He is sleeping", "the dog is sleeping"]
    vec = NgramVectorizer(ngram_range=(1, 2), min_df=2)
    X = vec.fit_transform(docs)
    names = vec.get_feature_names_out()
    assert names.dtype == object
    assert names.tolist() == ["dog", "is", "is sleeping", "sleeping"]
    np.testing.assert_array_equal(vec.document_frequency_, [2, 2, 2, 2])
    assert X.toarray().tolist() == [[1, 0, 0, 0], [0, 1, 1, 1], [1, 1, 1, 1]]


def test_dtype_and_series_input(rng):
    docs = make_corpus(rng)
    X_list = NgramVectorizer(dtype=np.int32).fit_transform(docs)
    X_series = NgramVectorizer(dtype=np.int32).fit_transform(pd.Series(docs))
    assert X_list.dtype == np.int32
    assert (X_list != X_series).nnz == 0


def test_normalizer_applied_first_and_cloned(rng):
    docs = make_corpus(rng)
    normalizer = TextNormalizer()
    vec = NgramVectorizer(normalizer=normalizer, ngram_range=(1, 2)).fit(docs)
    assert vec.normalizer_ is not normalizer
    reference = CountVectorizer(ngram_range=(1, 2))
    X_ref = reference.fit_transform(TextNormalizer().transform(docs))
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        X = vec.transform(docs)
    assert vec.vocabulary_ == reference.vocabulary_
    assert (X_ref != X).nnz == 0


def test_fit_transform_equals_fit_then_transform_without_warning(rng):
    docs = make_corpus(rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        X1 = NgramVectorizer(ngram_range=(1, 3)).fit_transform(docs)
        vec = NgramVectorizer(ngram_range=(1, 3)).fit(docs)
        X2 = vec.transform(docs)
        # the same corpus in another order is still the fit corpus
        order = rng.permutation(len(docs))
        X3 = vec.transform([docs[i] for i in order])
    assert (X1 != X2).nnz == 0
    assert (X1[order] != X3).nnz == 0


def test_overlap_warns_raises_or_is_ignored():
    train = ["the dog sleeps", "a cat runs", "news about vaccines", "the dog sleeps"]
    test = ["a cat runs", "brand new text", "the dog sleeps"]
    vec = NgramVectorizer().fit(train)
    with pytest.warns(LeakageWarning, match=r"2 of the 3 documents .* document 0"):
        vec.transform(test)
    vec.set_params(on_overlap="raise")
    with pytest.raises(ValueError, match="2 of the 3 documents"):
        vec.transform(test)
    vec.set_params(on_overlap="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        vec.transform(test)
        NgramVectorizer().fit(train).transform(["brand new text"])


def test_only_the_whole_fit_corpus_is_exempt_from_the_overlap_check():
    # the exemption is for the same multiset of documents: a part of the fit
    # corpus, or the fit corpus with one document repeated, is a leak
    train = ["the dog sleeps", "a cat runs", "news about vaccines", "the dog sleeps"]
    vec = NgramVectorizer().fit(train)
    with pytest.warns(LeakageWarning, match="3 of the 3 documents"):
        vec.transform(train[:3])
    with pytest.warns(LeakageWarning, match="5 of the 5 documents"):
        vec.transform([*train, "a cat runs"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        vec.transform(train[::-1])


def test_fingerprint_is_compact_and_stable():
    docs = ["aa bb", "cc dd", "aa bb", "ee ff"]
    vec = NgramVectorizer().fit(docs)
    hashes = vec.fit_document_hashes_
    assert hashes.dtype == np.uint64 and hashes.nbytes == 8 * 3
    assert np.all(np.diff(hashes.astype(np.float64)) >= 0)
    expected = int.from_bytes(
        hashlib.blake2b(b"aa bb", digest_size=8).digest(), "little"
    )
    assert int(document_hashes(["aa bb"])[0]) == expected
    assert expected in set(hashes.tolist())


def test_transform_never_changes_state(rng):
    docs = make_corpus(rng)
    vec = NgramVectorizer(ngram_range=(1, 2), min_df=2).fit(docs[:40])
    before = pickle.dumps(vec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LeakageWarning)
        vec.transform(docs[20:])
    assert pickle.dumps(vec) == before


def test_vocabulary_from_training_folds_only(rng):
    docs = make_corpus(rng, n_docs=120)
    y = np.array([i % 2 for i in range(len(docs))])
    pipe = make_pipeline(NgramVectorizer(ngram_range=(1, 2)), LogisticRegression())
    cv = KFold(n_splits=4, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LeakageWarning)  # the corpus has repeats
        result = cross_validate(
            pipe, docs, y, cv=cv, return_estimator=True, return_indices=True
        )
    analyze = CountVectorizer(ngram_range=(1, 2)).build_analyzer()
    n_test_only = 0
    for estimator, train, test in zip(
        result["estimator"],
        result["indices"]["train"],
        result["indices"]["test"],
        strict=True,
    ):
        train_ngrams = {g for i in train for g in analyze(docs[i])}
        test_ngrams = {g for i in test for g in analyze(docs[i])}
        vocabulary = set(estimator[0].vocabulary_)
        assert vocabulary == train_ngrams
        n_test_only += len(test_ngrams - train_ngrams)
        assert not (test_ngrams - train_ngrams) & vocabulary
    assert n_test_only > 0  # the check above is not vacuous


def test_grid_search_train_scores_do_not_warn(rng):
    docs = sorted(set(make_corpus(rng, n_docs=150)) - {""})
    y = np.array([i % 2 for i in range(len(docs))])
    grid = GridSearchCV(
        make_pipeline(NgramVectorizer(), LogisticRegression()),
        {"ngramvectorizer__ngram_range": [(1, 1), (1, 2)]},
        cv=3,
        return_train_score=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        grid.fit(docs, y)
    assert np.all(np.isfinite(grid.cv_results_["mean_train_score"]))


def test_hashing_mode_counts_and_statelessness(rng):
    docs = make_corpus(rng)
    reference = CountVectorizer(ngram_range=(1, 2))
    X_ref = reference.fit_transform(docs)
    vec = NgramVectorizer(ngram_range=(1, 2), n_features=2**30)
    X = vec.fit_transform(docs)
    assert X.shape == (len(docs), 2**30)
    assert not hasattr(vec, "vocabulary_")
    # the column of each n-gram: a bigram's is the one its unigrams do not use
    names = reference.get_feature_names_out()
    vec.set_params(on_overlap="ignore")
    column = {}
    for name in sorted(names, key=lambda n: n.count(" ")):
        used = set(vec.transform([name]).indices.tolist())
        own = used - {column[word] for word in name.split(" ") if " " in name}
        assert len(own) == 1, name
        column[name] = own.pop()
    columns = [column[name] for name in names]
    assert len(set(columns)) == len(names)  # no collision at 2**30 columns
    position = {c: i for i, c in enumerate(columns)}
    assert set(X.indices.tolist()) <= set(position)
    X_named = sparse.csr_matrix(
        (X.data, [position[c] for c in X.indices.tolist()], X.indptr),
        shape=X_ref.shape,
    )
    np.testing.assert_array_equal(X_named.toarray(), X_ref.toarray())
    # nothing is learned: another fit gives the same transform
    other = NgramVectorizer(ngram_range=(1, 2), n_features=2**30).fit(["zzz"])
    assert (other.transform(docs) != X).nnz == 0


def test_hashing_collisions_add_up(rng):
    docs = make_corpus(rng)
    X = NgramVectorizer(
        analyzer="char", ngram_range=(1, 3), n_features=7
    ).fit_transform(docs)
    analyze = CountVectorizer(analyzer="char", ngram_range=(1, 3)).build_analyzer()
    np.testing.assert_array_equal(
        np.asarray(X.sum(axis=1)).ravel(), [len(analyze(d)) for d in docs]
    )
    assert X.shape[1] == 7


@pytest.mark.parametrize(
    "params, docs, error, match",
    [
        ({}, "one string", ValueError, "single string"),
        ({}, ["ok", None], TypeError, "document 1 is NoneType"),
        ({}, ["ok", 12], TypeError, "document 1 is int"),
        ({}, [], ValueError, "empty corpus"),
        ({"ngram_range": (2, 1)}, ["a b"], ValueError, r"ngram_range=\(2, 1\)"),
        ({"ngram_range": (0, 1)}, ["a b"], ValueError, "1 <= min_n <= max_n"),
        ({"min_df": 3, "max_df": 2}, ["aa bb"] * 4, ValueError, "max_df=2 allows"),
        ({"min_df": 0.9, "max_df": 0.5}, ["aa bb"] * 4, ValueError, "min_df=0.9"),
        ({"n_features": 16, "min_df": 2}, ["aa"], ValueError, "hashing trick"),
        ({}, ["a b c", "! ?"], ValueError, "empty vocabulary"),
        ({"max_df": 1}, ["aa bb", "bb aa"], ValueError, "no terms remain"),
    ],
)
def test_bad_input(params, docs, error, match):
    with pytest.raises(error, match=match):
        NgramVectorizer(**params).fit(docs)


def test_transform_rejects_bad_documents():
    vec = NgramVectorizer().fit(["aa bb"])
    with pytest.raises(TypeError, match="document 0 is NoneType"):
        vec.transform([None])
    with pytest.raises(ValueError, match="single string"):
        vec.transform("aa bb")


@pytest.mark.parametrize(
    "params",
    [
        {"analyzer": "char", "ngram_range": (2, 4)},
        {"ngram_range": (1, 2), "n_features": 2**10},
        {"normalizer": TextNormalizer(), "ngram_range": (1, 2), "min_df": 1},
    ],
)
def test_text_estimator_checks(params):
    check_text_estimator(NgramVectorizer(**params, on_overlap="ignore"))


def test_set_params_after_fit_does_not_desync_transform(rng):
    docs = make_corpus(rng)
    vec = NgramVectorizer(ngram_range=(1, 2), on_overlap="ignore").fit(docs)
    X = vec.transform(docs)
    vec.set_params(analyzer="char", ngram_range=(3, 3), n_features=8, binary=True)
    assert (vec.transform(docs) != X).nnz == 0
    assert vec.get_feature_names_out().shape == (X.shape[1],)


@pytest.mark.parametrize("n_keys", [0, 1, 7, 5000])
def test_hash_index_matches_a_dict(n_keys, rng):
    from sklearn_mlsd.text._ngram_codes import HashIndex

    keys = np.unique(rng.integers(0, 10**12, size=n_keys))
    values = rng.integers(0, 10**6, size=len(keys))
    index = HashIndex(keys, values)
    queries = np.concatenate([keys, rng.integers(0, 10**12, size=500), keys[:3]])
    ok = rng.random(len(queries)) < 0.9
    mapping = dict(zip(keys.tolist(), values.tolist(), strict=True))
    expected = [
        mapping.get(q, -1) if o else -1 for q, o in zip(queries, ok, strict=True)
    ]
    np.testing.assert_array_equal(index.get(queries, ok), expected)


def test_no_fingerprint_when_fitted_with_ignore():
    vec = NgramVectorizer(on_overlap="ignore").fit(["aa bb", "cc dd"])
    assert vec.fit_document_hashes_ is None
    vec.transform(["aa bb"])
    vec.set_params(on_overlap="warn")
    with pytest.raises(ValueError, match="refit with this setting"):
        vec.transform(["aa bb"])


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 3)])
def test_ascii_corpus_identical_to_count_vectorizer(ngram_range, rng):
    ascii_words = [w for w in WORDS if w.isascii()]
    docs = [
        " ".join(w + rng.choice(["", ",", "!", "'", "''", "-"]) for w in words)
        for words in (rng.choice(ascii_words, size=12) for _ in range(50))
    ] + ["a b c", "x_y z9 9z __", "'quoted' rock'n'roll", ""]
    assert all(doc.isascii() for doc in docs)
    assert_same_as_count_vectorizer({"ngram_range": ngram_range}, docs, docs[::-1])


@pytest.mark.parametrize("bound", [50, 10**6, 10**12, 2**62])
def test_unique_inverse_matches_numpy(bound, rng):
    from sklearn_mlsd.text._ngram_codes import _unique_inverse

    code = rng.integers(0, bound, size=2000)
    uniques, inverse = _unique_inverse(code, bound)
    expected_uniques, expected_inverse = np.unique(code, return_inverse=True)
    np.testing.assert_array_equal(uniques, expected_uniques)
    np.testing.assert_array_equal(inverse, expected_inverse)


def _zipf_corpus(rng, n_docs, n_words):
    """Tweet-like documents over a Zipfian vocabulary of random words."""
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzé"))
    words = np.array(
        ["".join(rng.choice(letters, size=k)) for k in rng.integers(1, 8, n_words)]
    )
    weights = 1.0 / np.arange(1, n_words + 1) ** 1.1
    marks = np.array(["", "", "", ",", ".", "!", " 5G", "'s"])
    lengths = rng.integers(0, 25, size=n_docs)
    picked = words[rng.choice(n_words, size=lengths.sum(), p=weights / weights.sum())]
    tokens = np.char.add(picked, marks[rng.integers(0, len(marks), len(picked))])
    bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
    return [" ".join(tokens[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


@pytest.mark.parametrize(
    "params",
    [
        {"ngram_range": (1, 3)},
        {"ngram_range": (2, 3), "min_df": 2, "max_df": 0.5},
        {"ngram_range": (1, 2), "max_features": 500, "binary": True},
    ],
)
def test_identical_to_count_vectorizer_on_a_zipfian_corpus(params, rng):
    # thousands of distinct n-grams: the hash tables, the prefix ranks used by
    # transform for n >= 3 and the alphabetical merge of the levels all matter
    docs = _zipf_corpus(rng, 1500, 800)
    fit_docs, other_docs = docs[:1000], docs[1000:]
    reference = CountVectorizer(**params).fit(fit_docs)
    assert len(reference.vocabulary_) > 400
    assert_same_as_count_vectorizer(params, fit_docs, other_docs)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 3)])
def test_many_chunks_mixing_ascii_and_unicode(ngram_range, rng, monkeypatch):
    # chunks of 3 documents: ASCII chunks go through pyarrow, the others
    # through the regular expression; token ids must agree across chunks
    from sklearn_mlsd.text import _ngram_codes

    monkeypatch.setattr(_ngram_codes, "_CHUNK", 3)
    monkeypatch.setattr(_ngram_codes, "_LOOKUP_GROUP", 4)
    docs = make_corpus(rng, n_docs=40) + ["lone \ud800surrogate ok", "", "ab"]
    other = make_corpus(rng, n_docs=20) + ["ab \udfffab café"]
    assert sum(doc.isascii() for doc in docs) > 10
    params = {"ngram_range": ngram_range}
    assert_same_as_count_vectorizer(params, docs, other)
    hashed = NgramVectorizer(**params, n_features=64, on_overlap="ignore")
    monkeypatch.setattr(_ngram_codes, "_CHUNK", 8192)
    expected = hashed.fit_transform(docs)
    monkeypatch.setattr(_ngram_codes, "_CHUNK", 3)
    assert (hashed.fit_transform(docs) != expected).nnz == 0
