from collections import Counter, defaultdict

import numpy as np
import pytest

from sklearn_mlsd.baselines import NgramLookupClassifier
from sklearn_mlsd.utils.estimator_checks import check_text_estimator

TEXT = (
    "the cat sat on the mat. the dog sat on the log. a cat and a dog met on "
    "the road and the cat ran to the mat while the dog ran to the log."
)


def _next_char_data(text=TEXT):
    return [text[:i] for i in range(1, len(text))], list(text[1:])


def _reference_trigram(contexts, labels, query):
    """Back-off lookup recomputed with Counters: longest known suffix wins."""
    tables = [defaultdict(Counter) for _ in range(3)]
    for context, label in zip(contexts, labels, strict=True):
        for k in range(3):
            if k <= len(context):
                tables[k][context[len(context) - k :] if k else ""][label] += 1
    for k in (2, 1, 0):
        key = query[len(query) - k :] if k else ""
        if k <= len(query) and key in tables[k]:
            counts = tables[k][key]
            best = max(counts.values())
            return min(c for c, v in counts.items() if v == best), counts
    raise AssertionError


def test_trigram_table_matches_reference():
    contexts, labels = _next_char_data()
    lookup = NgramLookupClassifier(n=3).fit(contexts, labels)
    queries = ["on th", "the c", "ran t", "qq", "xa", "", "zzd", "a"]
    pred = lookup.predict(queries)
    proba = lookup.predict_proba(queries)
    for query, label, row in zip(queries, pred, proba, strict=True):
        expected, counts = _reference_trigram(contexts, labels, query)
        assert label == expected, query
        total = sum(counts.values())
        expected_row = [counts.get(c, 0) / total for c in lookup.classes_]
        np.testing.assert_allclose(row, expected_row, err_msg=query)


def test_back_off_levels():
    contexts, labels = _next_char_data()
    lookup = NgramLookupClassifier(n=3).fit(contexts, labels)
    prior = lookup.class_count_ / lookup.class_count_.sum()
    np.testing.assert_allclose(lookup.predict_proba(["###"])[0], prior)
    # "qt" is unseen, "t" is known: the bigram table answers
    t_counts = lookup.tables_[1]["t"]
    np.testing.assert_allclose(
        lookup.predict_proba(["qt"])[0], t_counts / t_counts.sum()
    )
    assert lookup.predict(["on th"])[0] == "e"
    assert lookup.predict(["###"])[0] == " "


def test_n_one_is_the_prior():
    contexts, labels = _next_char_data()
    lookup = NgramLookupClassifier(n=1).fit(contexts, labels)
    most_common = Counter(labels).most_common(1)[0][0]
    assert set(lookup.predict(["the", "x", ""])) == {most_common}


def test_fit_is_order_independent(rng):
    contexts, labels = _next_char_data()
    perm = rng.permutation(len(contexts))
    one = NgramLookupClassifier().fit(contexts, labels)
    two = NgramLookupClassifier().fit(
        [contexts[i] for i in perm], np.array(labels)[perm]
    )
    queries = contexts[::7]
    np.testing.assert_allclose(one.predict_proba(queries), two.predict_proba(queries))


def test_word_analyzer_next_word():
    sentence = "i like green tea . i like black coffee . you like green tea ."
    words = sentence.split()
    contexts = [" ".join(words[:i]) for i in range(1, len(words))]
    lookup = NgramLookupClassifier(n=3, analyzer="word").fit(contexts, words[1:])
    pred = lookup.predict(["we like green", "so you like", "unknown words"])
    assert pred.tolist() == ["tea", "green", "."]


def test_document_classification_votes_over_ngrams():
    docs = ["free money now", "meeting at noon", "free prize money", "lunch at noon"]
    y = np.array([1, 0, 1, 0])
    lookup = NgramLookupClassifier(n=2, analyzer="word", context="all").fit(docs, y)
    # "free" seen twice with class 1; "noon" twice with 0; "tomorrow" never
    proba = lookup.predict_proba(["free lunch", "at noon tomorrow", "xyz"])
    # 'free' -> [0, 1], 'lunch' -> [1, 0]: mean [0.5, 0.5]
    np.testing.assert_allclose(proba[0], [0.5, 0.5])
    np.testing.assert_allclose(proba[1], [1.0, 0.0])
    np.testing.assert_allclose(proba[2], [0.5, 0.5])  # the prior
    assert lookup.predict(["free money"])[0] == 1


def test_char_classification_recomputed(rng):
    docs = ["aab", "abb", "bba", "baa"]
    y = ["x", "x", "y", "y"]
    lookup = NgramLookupClassifier(n=3, context="all").fit(docs, y)
    # bigrams per class, each counted once per document:
    # x: aa, ab (doc 1); ab, bb (doc 2). y: bb, ba (doc 3); ba, aa (doc 4)
    np.testing.assert_allclose(lookup.tables_[2]["ab"], [2, 0])
    np.testing.assert_allclose(lookup.tables_[2]["aa"], [1, 1])
    proba = lookup.predict_proba(["aab"])[0]  # mean of aa [.5,.5] and ab [1, 0]
    np.testing.assert_allclose(proba, [0.75, 0.25])


@pytest.mark.parametrize(
    "params",
    [{}, {"analyzer": "word"}, {"context": "all"}, {"n": 1}, {"n": 5}],
)
def test_text_checks(params):
    check_text_estimator(NgramLookupClassifier(**params))


def test_bad_input():
    with pytest.raises(ValueError, match="'n' parameter"):
        NgramLookupClassifier(n=0).fit(["ab"], ["c"])
    with pytest.raises(TypeError, match="single string"):
        NgramLookupClassifier().fit("abc", ["c"])
    with pytest.raises(TypeError, match="only strings; found None"):
        NgramLookupClassifier().fit(["ab", None], ["c", "d"])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        NgramLookupClassifier().fit(["ab", "cd"], ["c"])
    fitted = NgramLookupClassifier().fit(["ab"], ["c"])
    with pytest.raises(TypeError, match="only strings; found 3"):
        fitted.predict(["ab", 3])
