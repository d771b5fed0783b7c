import numpy as np
import pandas as pd
import pytest
import simplemma
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from sklearn_mlsd.text import TextNormalizer
from sklearn_mlsd.text._normalizer import expand_contraction
from sklearn_mlsd.utils.estimator_checks import check_text_estimator

LECTURE = "I have a dog. He's sleeping."


def test_lecture_example():
    normalizer = TextNormalizer(stop_words={"a"})
    assert normalizer.fit_transform([LECTURE]) == ["i have dog he is sleep"]


def test_simplemma_facts_the_lecture_example_relies_on():
    # "sleeping" -> "sleep" is what the lecture shows; simplemma also maps
    # "is" -> "be" and "i" -> "I", which is why words coming out of a
    # contraction are not lemmatized and lemmas are lowercased again.
    assert simplemma.lemmatize("sleeping", lang="en") == "sleep"
    assert simplemma.lemmatize("is", lang="en") == "be"
    assert simplemma.lemmatize("i", lang="en") == "I"
    written_out = TextNormalizer(stop_words=None).transform(["He is sleeping"])
    assert written_out == ["he be sleep"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, "dog sleep"),
        ({"stop_words": None}, "i have a dog he is sleep"),
        ({"stop_words": None, "lemmatize": False}, "i have a dog he is sleeping"),
        ({"stop_words": None, "lowercase": False}, "I have a dog He is sleep"),
        (
            {"stop_words": None, "expand_contractions": False, "lemmatize": False},
            "i have a dog hes sleeping",
        ),
        (
            {"stop_words": None, "remove_punctuation": False, "lemmatize": False},
            "i have a dog . he is sleeping .",
        ),
        (
            {
                "lowercase": False,
                "expand_contractions": False,
                "remove_punctuation": False,
                "stop_words": None,
                "lemmatize": False,
            },
            "I have a dog . He's sleeping .",
        ),
    ],
)
def test_each_step_can_be_switched_off(params, expected):
    assert TextNormalizer(**params).transform([LECTURE]) == [expected]


@pytest.mark.parametrize(
    "word, expansion",
    [
        ("he's", "he is"),
        ("don't", "do not"),
        ("can't", "can not"),
        ("i'm", "i am"),
        ("won't", "will not"),
        ("it's", "it is"),
        ("they're", "they are"),
        ("we've", "we have"),
        ("you'll", "you will"),
        ("she'd", "she would"),
        ("isn't", "is not"),
        ("let's", "let us"),
    ],
)
def test_contraction_table(word, expansion):
    assert expand_contraction(word) == expansion
    plain = TextNormalizer(stop_words=None, lemmatize=False)
    assert plain.transform([word.upper()]) == [expansion]
    curly = word.replace("'", "\u2019")
    assert plain.transform([curly]) == [expansion]


def test_possessive_s_is_not_a_contraction():
    assert expand_contraction("john's") is None
    plain = TextNormalizer(stop_words=None, lemmatize=False)
    assert plain.transform(["John's dog"]) == ["johns dog"]
    kept = TextNormalizer(stop_words=None, lemmatize=False, remove_punctuation=False)
    assert kept.transform(["John's dog!"]) == ["john's dog !"]


def test_english_stop_words_are_removed_also_from_expansions():
    docs = ["They don't want you to know this secret trick", "He's here, isn't he?"]
    out = TextNormalizer(lemmatize=False).transform(docs)
    assert out == ["want know secret trick", ""]
    for text in out:
        assert not set(text.split()) & ENGLISH_STOP_WORDS


def test_custom_stop_words_ignore_case():
    out = TextNormalizer(stop_words=["The", "IS"], lemmatize=False).transform(
        ["The sky is blue"]
    )
    assert out == ["sky blue"]


def test_lemmas_are_simplemma_lowercased(rng):
    words = ["dogs", "running", "cats", "tweets", "better", "does", "news", "went"]
    docs = [" ".join(rng.choice(words, size=6)) for _ in range(20)]
    out = TextNormalizer(stop_words=None).transform(docs)
    expected = [
        " ".join(simplemma.lemmatize(w, lang="en").lower() for w in doc.split())
        for doc in docs
    ]
    assert out == expected


def test_punctuation_symbols_and_hyphens():
    out = TextNormalizer(stop_words=None, lemmatize=False).transform(
        ["state-of-the-art 5G!!! @user_1 #covid \U0001f600 50%"]
    )
    assert out == ["state of the art 5g user_1 covid 50"]


def test_output_types_follow_input():
    docs = ["I have a dog.", "Dogs are running!"]
    normalizer = TextNormalizer()
    as_list = normalizer.transform(docs)
    assert isinstance(as_list, list)
    assert as_list == ["dog", "dog run"]
    as_array = normalizer.transform(np.array(docs, dtype=object))
    assert isinstance(as_array, np.ndarray)
    assert as_array.dtype == object and as_array.shape == (2,)
    assert as_array.tolist() == as_list
    series = pd.Series(docs, index=[10, 20], name="text")
    as_series = normalizer.transform(series)
    assert isinstance(as_series, pd.Series)
    assert as_series.index.tolist() == [10, 20]
    assert as_series.name == "text"
    assert as_series.tolist() == as_list


def test_stateless_fit_and_transform_without_fit():
    normalizer = TextNormalizer()
    before = dict(vars(normalizer))
    assert normalizer.fit(["one doc"]) is normalizer
    assert vars(normalizer) == before
    assert TextNormalizer().transform(["Dogs!"]) == ["dog"]


def test_fit_transform_reads_a_generator_once():
    docs = ["I have a dog.", "Dogs are running!"]
    out = TextNormalizer().fit_transform(doc for doc in docs)
    assert out == ["dog", "dog run"]


def test_input_not_modified():
    docs = ["I have a dog. He's sleeping."]
    copy = list(docs)
    TextNormalizer().fit_transform(docs)
    assert docs == copy


@pytest.mark.parametrize(
    "bad, error, match",
    [
        ("a single string", ValueError, "got a single string"),
        (["fine", None], TypeError, r"document 1 is NoneType"),
        (["fine", 3.5], TypeError, r"document 1 is float"),
        ([], ValueError, "empty corpus"),
        (np.array([["a", "b"]]), ValueError, "1-D collection"),
        (5, TypeError, "iterable of str"),
    ],
)
def test_bad_documents(bad, error, match):
    with pytest.raises(error, match=match):
        TextNormalizer().fit(bad)
    with pytest.raises(error, match=match):
        TextNormalizer().transform(bad)


def test_bad_stop_words_parameter():
    with pytest.raises(ValueError, match="stop_words"):
        TextNormalizer(stop_words="french").transform(["x"])


def test_text_estimator_checks():
    check_text_estimator(TextNormalizer())
    check_text_estimator(TextNormalizer(stop_words=None, lemmatize=False))


TRICKY_ASCII = [
    "'hello' rock'n'roll a''b don't! __init__ x' 's it's' ''",
    "He's here; they're not. I'm sure we've won't can't",
    "tabs\tand\nnewlines --- 50% @user_1 #tag http://t.co/abc",
    "",
]


@pytest.mark.parametrize("remove_punctuation", [True, False])
@pytest.mark.parametrize("stop_words", [None, "english"])
def test_ascii_fast_path_matches_regular_expression_path(
    remove_punctuation, stop_words
):
    normalizer = TextNormalizer(
        remove_punctuation=remove_punctuation, stop_words=stop_words
    )
    fast = normalizer.transform(TRICKY_ASCII)
    # a non-ASCII document sends its chunk through the regular expression,
    # a NUL character sends it document by document
    slow = normalizer.transform([*TRICKY_ASCII, "\u00e9"])[:-1]
    per_doc = normalizer.transform([*TRICKY_ASCII, "\x00"])[:-1]
    assert fast == slow == per_doc
    assert normalizer.transform(TRICKY_ASCII[:1])[0] == fast[0]


@pytest.mark.parametrize("remove_punctuation", [True, False])
def test_chunks_and_surrogates_match_document_by_document(remove_punctuation):
    from sklearn_mlsd.text._normalizer import (
        _WORDS,
        _WORDS_AND_PUNCTUATION,
        normalize_documents,
    )

    normalizer = TextNormalizer(remove_punctuation=remove_punctuation)
    token_map = normalizer._token_map()
    pattern = _WORDS if remove_punctuation else _WORDS_AND_PUNCTUATION
    docs = [
        *TRICKY_ASCII,
        "Caf\u00e9 na\u00efve \u00dcn\u00efcode dogs",
        "lone \ud800 surrogate's dogs",
        *TRICKY_ASCII[::-1],
        "the a an",
        "",
    ]
    expected = [
        " ".join(filter(None, map(token_map.__getitem__, pattern.findall(doc))))
        for doc in docs
    ]
    # kept as a punctuation token, the surrogate sends its chunk the Python way
    assert ("\ud800" in expected[5]) == (not remove_punctuation)
    assert expected[5].endswith("surrogate dog")
    for chunk_size in (1, 2, 3, 100):
        got = normalize_documents(docs, token_map, remove_punctuation, chunk_size)
        assert got == expected
