"""The lecture's text normalisation: lowercase, contractions, punctuation,
stop words and lemmatization, as one stateless transformer."""

import re
import string
from collections.abc import Iterator
from functools import lru_cache, partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from sklearn_mlsd.text._documents import check_documents
from sklearn_mlsd.utils._compat import StrOptions, _fit_context

# Whole-word contractions that no suffix rule gets right. "'s" after a pronoun
# or question word is read as "is" (it may also be "has": "he's gone"); "'s"
# after any other word is left alone (possessive: "john's").
_CONTRACTIONS = {
    "can't": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "i'm": "i am",
    "let's": "let us",
    "y'all": "you all",
    "ma'am": "madam",
    "o'clock": "of the clock",
    **{
        f"{word}'s": f"{word} is"
        for word in [
            "he",
            "she",
            "it",
            "that",
            "there",
            "here",
            "what",
            "who",
            "where",
            "when",
            "why",
            "how",
            "this",
        ]
    },
}
# Suffix rules for the regular contractions ("don't", "they're", "we've",
# "you'll", "she'd", ...). "'d" is read as "would" (it may also be "had").
_SUFFIXES = (
    ("n't", " not"),
    ("'re", " are"),
    ("'ve", " have"),
    ("'ll", " will"),
    ("'d", " would"),
    ("'m", " am"),
)
_BOUNDARY = "\x00"
# With punctuation removed, an ASCII chunk is tokenised without the regular
# expression: every ASCII character but word characters, apostrophes and the
# boundary becomes a space, and the text is split at the spaces (by pyarrow).
_KEEP = set(string.ascii_letters + string.digits + "_'" + _BOUNDARY)
_BYTES_TO_SPACE = bytes(i if chr(i) in _KEEP else 32 for i in range(256))
_JOIN_BOUNDARY = f" {_BOUNDARY} ".join
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_WORDS = re.compile(r"\w+(?:['\u2019\u2018\u02bc]\w+)*|\x00")
_WORDS_AND_PUNCTUATION = re.compile(r"\w+(?:['\u2019\u2018\u02bc]\w+)*|[^\w\s]+")


def expand_contraction(word):
    """Expansion of a contracted ``word`` (lowercase), or None if it is not one.

    Examples
    --------
    >>> from sklearn_mlsd.text._normalizer import expand_contraction
    >>> expand_contraction("he's"), expand_contraction("don't")
    ('he is', 'do not')
    >>> print(expand_contraction("john's"))
    None
    """
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for suffix, expansion in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            stem = word[: -len(suffix)]
            if "'" not in stem:
                return stem + expansion
    return None


@lru_cache(maxsize=2**18)
def _lemma(word):
    import simplemma

    return simplemma.lemmatize(word, lang="en")


class _TokenMap(dict):
    """Raw token -> normalised text ('' when dropped), computed once per token."""

    def __init__(self, lowercase, expand, strip_apostrophes, stop_words, lemmatize):
        super().__init__()
        self.lowercase = lowercase
        self.expand = expand
        self.strip_apostrophes = strip_apostrophes
        self.stop_words = stop_words
        self.lemmatize = lemmatize
        self[_BOUNDARY] = _BOUNDARY

    def __missing__(self, token):
        # the ASCII fast path hands over runs of word characters and
        # apostrophes ("'hello'", "rock'n'roll"): split them like _WORDS does
        # (other tokens are one word already)
        if self.strip_apostrophes and "'" in token:
            pieces = _WORDS.findall(token)
        else:
            pieces = [token]
        self[token] = value = " ".join(w for p in pieces for w in self._words(p))
        return value

    def _words(self, token):
        if not token.isascii():
            token = token.translate(_APOSTROPHES)
        if not (token[0].isalnum() or token[0] == "_"):
            return [token]  # a run of punctuation, kept as one token
        lower = token.lower()
        # every contraction holds an apostrophe
        expansion = expand_contraction(lower) if self.expand and "'" in lower else None
        if expansion is not None:
            words = expansion.split()
            if not self.lowercase and token[0].isupper():
                words[0] = words[0].capitalize()
            return [w for w in words if w.lower() not in self.stop_words]
        word = lower if self.lowercase else token
        if self.strip_apostrophes and "'" in word:
            word = word.replace("'", "")
            lower = word.lower()
        if lower in self.stop_words:
            return []
        if self.lemmatize:
            word = _lemma(word)
            word = word.lower() if self.lowercase else word
        return [word]


def _stop_set(stop_words):
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str):
        return ENGLISH_STOP_WORDS
    return frozenset(str(word).lower() for word in stop_words)


class TextNormalizer(TransformerMixin, BaseEstimator):
    """Normalise raw texts the way the lecture's feature engineering does.

    Each document is split into words (letters, digits and underscores, with
    inner apostrophes: ``he's``) and, unless ``remove_punctuation``, runs of
    punctuation. Every word then goes through the enabled steps, in this
    order: lowercase, expand contractions, remove punctuation, remove stop
    words, lemmatize. The words left are joined by single spaces.

    A word produced by a contraction is not lemmatized: the lecture expands
    contractions after lemmatizing, which keeps "He's sleeping" as
    "he is sleep". A written-out "is" is lemmatized by simplemma to "be", so
    "he is sleeping" becomes "he be sleep" while "he's sleeping" becomes
    "he is sleep"; switch ``expand_contractions`` or ``lemmatize`` off if this
    matters for your data.

    The transformer is stateless: ``fit`` only validates its input, and
    ``transform`` works without it. Lemmas come from simplemma (its English
    dictionary ships with the package, nothing is downloaded) and are cached
    per distinct word, in one bounded module-level cache shared by all
    instances.

    Parameters
    ----------
    lowercase : bool, default=True
        Lowercase every word (also the lemmas: simplemma returns "I" for "i").
    expand_contractions : bool, default=True
        Replace contractions by their long form using a small table owned by
        this module: "he's" -> "he is", "don't" -> "do not", "can't" -> "can
        not", "won't" -> "will not", "I'm" -> "i am", "they're" -> "they are",
        "we've" -> "we have", "you'll" -> "you will", "she'd" -> "she would".
        "'s" is ambiguous: after a pronoun or question word ("he", "it",
        "that", "what", ...) it is read as "is" (it may be "has"); after any
        other word it is a possessive and left alone ("john's"). "'d" is read
        as "would" (it may be "had"). Curly apostrophes count as straight ones.
    remove_punctuation : bool, default=True
        Drop every character that is not a letter, digit, underscore or
        whitespace (punctuation, symbols, emoji). Apostrophes inside a word
        that is not expanded are deleted ("john's" -> "johns"), other
        punctuation separates words ("state-of-the-art" -> "state of the
        art"). When False, runs of punctuation are kept as separate tokens.
    stop_words : {"english"}, list, tuple, set or frozenset of str, or None, \
            default="english"
        Words to drop: 'english' is scikit-learn's ``ENGLISH_STOP_WORDS``, a
        collection is used as given, None keeps every word. Matching ignores
        case and applies to the words of an expanded contraction too.
    lemmatize : bool, default=True
        Replace each word by its dictionary form with simplemma ("sleeping"
        -> "sleep", "dogs" -> "dog").

    See Also
    --------
    NgramVectorizer : n-gram counts learned on the fit data only; takes a
        TextNormalizer as its ``normalizer``.

    Notes
    -----
    Output type: a pandas Series in gives a Series with the same index and
    name; a numpy array gives a 1-D object array; anything else gives a list
    of str.

    Examples
    --------
    The lecture's example:

    >>> from sklearn_mlsd.text import TextNormalizer
    >>> TextNormalizer(stop_words={"a"}).transform(["I have a dog. He's sleeping."])
    ['i have dog he is sleep']

    With the English stop list and without lemmatization:

    >>> TextNormalizer(lemmatize=False).transform(["They don't like RAINY days!!"])
    ['like rainy days']

    A bare string is not a list of documents:

    >>> TextNormalizer().transform("I have a dog.")
    Traceback (most recent call last):
    ...
    ValueError: TextNormalizer expects an iterable of documents ...
    """

    _parameter_constraints = {
        "lowercase": ["boolean"],
        "expand_contractions": ["boolean"],
        "remove_punctuation": ["boolean"],
        "stop_words": [StrOptions({"english"}), list, tuple, set, frozenset, None],
        "lemmatize": ["boolean"],
    }

    def __init__(
        self,
        lowercase=True,
        expand_contractions=True,
        remove_punctuation=True,
        stop_words="english",
        lemmatize=True,
    ):
        self.lowercase = lowercase
        self.expand_contractions = expand_contractions
        self.remove_punctuation = remove_punctuation
        self.stop_words = stop_words
        self.lemmatize = lemmatize

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the documents; nothing is learned.

        Parameters
        ----------
        X : list, 1-D array or Series of str
            Documents.
        y : None
            Ignored.

        Returns
        -------
        self : TextNormalizer
            The transformer itself.
        """
        check_documents(X, type(self).__name__)
        return self

    def fit_transform(self, X, y=None):
        """Check the documents and normalise each one (``fit`` then ``transform``).

        Parameters
        ----------
        X : iterable of str (list, 1-D array, Series, generator)
            Documents. A one-shot iterator is read once.
        y : None
            Ignored.

        Returns
        -------
        texts : list of str, 1-D object ndarray or Series
            One normalised text per document (see Notes for the type).
        """
        if isinstance(X, Iterator):
            X = list(X)
        return self.fit(X, y).transform(X)

    def transform(self, X):
        """Normalise each document.

        Parameters
        ----------
        X : list, 1-D array or Series of str
            Documents.

        Returns
        -------
        texts : list of str, 1-D object ndarray or Series
            One normalised text per document (see Notes for the type).
        """
        self._validate_params()
        docs = check_documents(X, type(self).__name__)
        texts = normalize_documents(docs, self._token_map(), self.remove_punctuation)
        if hasattr(X, "iloc") and hasattr(X, "index"):
            return type(X)(texts, index=X.index, name=X.name, dtype=object)
        if isinstance(X, np.ndarray):
            out = np.empty(len(texts), dtype=object)
            out[:] = texts
            return out
        return texts

    def _token_map(self):
        return _TokenMap(
            lowercase=self.lowercase,
            expand=self.expand_contractions,
            strip_apostrophes=self.remove_punctuation,
            stop_words=_stop_set(self.stop_words),
            lemmatize=self.lemmatize,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags


def normalize_documents(docs, token_map, remove_punctuation, chunk_size=8192):
    """Normalised text of each document, mapping tokens through ``token_map``.

    A chunk of documents is joined by a boundary token (NUL) and tokenised at
    once (pyarrow splits ASCII chunks; ``findall`` the others) into a pyarrow
    array; ``token_map`` is asked once per distinct token of the corpus, and
    pyarrow gathers the mapped texts and joins them per document. A chunk
    whose texts contain NUL (or lone surrogates, which pyarrow cannot hold)
    is done in Python.
    """
    findall = (_WORDS if remove_punctuation else _WORDS_AND_PUNCTUATION).findall
    lookup = token_map.__getitem__
    join = " ".join
    parts = []  # per chunk: its texts (done in Python) or its number of documents
    arrays = []  # token arrays of the chunks done by pyarrow
    for start in range(0, len(docs), chunk_size):
        chunk = docs[start : start + chunk_size]
        text = _JOIN_BOUNDARY(chunk)
        if text.count(_BOUNDARY) != len(chunk) - 1:
            parts.append([join(filter(None, map(lookup, findall(d)))) for d in chunk])
        elif remove_punctuation and text.isascii():
            data = text.encode("ascii").translate(_BYTES_TO_SPACE)
            pieces = pa.array([data], pa.large_binary())
            pieces = pc.split_pattern(pieces, " ").flatten()
            arrays.append(pieces.filter(pc.greater(pc.binary_length(pieces), 0)))
            parts.append(len(chunk))
        else:
            tokens = findall(text)
            try:
                array = pa.array(tokens, pa.large_string())
            except UnicodeEncodeError:  # lone surrogates: the Python way
                mapped = join(filter(None, map(lookup, tokens)))
                parts.append(list(map(str.strip, mapped.split(_BOUNDARY))))
            else:
                arrays.append(array.cast(pa.large_binary()))
                parts.append(len(chunk))
    mapped = _mapped_chunks(arrays, lookup)
    out = []
    for part in parts:
        out.extend(part if isinstance(part, list) else next(mapped)(part))
    return out


def _mapped_chunks(arrays, lookup):
    """For each token array (UTF-8, documents separated by the boundary
    token), a function of its number of documents that returns their texts:
    each document's non-empty mapped tokens joined by spaces."""
    if not arrays:
        return
    encoded = pc.dictionary_encode(pa.concat_arrays(arrays))
    distinct = [token.decode() for token in encoded.dictionary.to_pylist()]
    mapped = [lookup(token) for token in distinct]
    kept = np.array([bool(m) and m != _BOUNDARY for m in mapped], dtype=bool)
    is_boundary = np.zeros(len(distinct), dtype=bool)
    if _BOUNDARY in distinct:
        is_boundary[distinct.index(_BOUNDARY)] = True
    values = pa.array(mapped, pa.large_string())
    indices = encoded.indices.to_numpy()
    ends = np.cumsum([len(array) for array in arrays]).tolist()
    for start, end in zip([0, *ends[:-1]], ends, strict=True):
        yield partial(_joined, values, indices[start:end], is_boundary, kept)


def _joined(values, indices, is_boundary, kept, n_docs):
    keep = kept[indices]
    doc_of = np.cumsum(is_boundary[indices])[keep]
    if len(doc_of) and doc_of[-1] >= n_docs:  # pragma: no cover - unforgeable
        raise RuntimeError("document boundaries lost while normalising")
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc_of, minlength=n_docs), out=offsets[1:])
    lists = pa.LargeListArray.from_arrays(
        pa.array(offsets), values.take(pa.array(indices[keep]))
    )
    return pc.binary_join(lists, pa.scalar(" ", pa.large_string())).to_pylist()
