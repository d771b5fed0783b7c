"""NgramVectorizer: n-gram counts learned on the fit data only, fast."""

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils.validation import check_is_fitted

from sklearn_mlsd.leakage import LeakageWarning
from sklearn_mlsd.text import _ngram_codes as codes
from sklearn_mlsd.text._documents import (
    check_documents,
    corpus_fingerprint,
    document_hashes,
)
from sklearn_mlsd.utils._compat import (
    HasMethods,
    Interval,
    RealNotInt,
    StrOptions,
    _fit_context,
)

_DF_CONSTRAINT = [
    Interval(RealNotInt, 0, 1, closed="both"),
    Interval(Integral, 1, None, closed="left"),
]


class NgramVectorizer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Count word or character n-grams, learning every statistic from ``fit`` only.

    With ``normalizer=None`` the output equals scikit-learn's
    :class:`~sklearn.feature_extraction.text.CountVectorizer` with the same
    ``ngram_range``, ``analyzer``, ``min_df``, ``max_df``, ``max_features``
    and ``binary`` (its defaults otherwise: lowercase, token pattern
    ``(?u)\\b\\w\\w+\\b``): same vocabulary, same feature order, same matrix.
    It is computed differently, on integer token ids with numpy, which makes
    it several times faster.

    The vocabulary, the document frequencies and the pruning by ``min_df``,
    ``max_df`` and ``max_features`` come from the documents given to ``fit``
    only, and ``transform`` never changes the fitted state: inside a pipeline
    the vocabulary of each cross-validation fold is built on its training part
    (fitting it on all the data first is the lecture's "premature
    featurization" leak). ``transform`` also checks the lecture's other text
    leak, the same document in the training and the test data (see
    ``on_overlap``).

    Parameters
    ----------
    ngram_range : tuple (min_n, max_n), default=(1, 1)
        Lengths of the n-grams counted, both included: (1, 2) counts words
        and pairs of consecutive words.
    analyzer : {'word', 'char'}, default='word'
        'word' n-grams of tokens (two or more word characters); 'char'
        n-grams of characters, spaces included, after collapsing runs of
        whitespace (scikit-learn's 'char').
    normalizer : transformer or None, default=None
        Applied to the documents before counting, e.g. a
        :class:`TextNormalizer`; any object with ``transform`` from a list of
        str to a list of str. A clone is fitted on the fit documents
        (``normalizer_``). Texts are always lowercased after it.
    min_df : float in [0, 1] or int >= 1, default=1
        Drop n-grams found in fewer documents of the fit data than this
        (a float is a fraction of the documents).
    max_df : float in [0, 1] or int >= 1, default=1.0
        Drop n-grams found in more documents of the fit data than this.
    max_features : int or None, default=None
        Keep only the ``max_features`` most frequent n-grams (total count in
        the fit data), after ``min_df`` and ``max_df``.
    binary : bool, default=False
        Output 1 for every n-gram present instead of its count.
    n_features : int or None, default=None
        Use the hashing trick with this many columns instead of a vocabulary:
        an n-gram's column is a stable 64-bit hash of its text modulo
        ``n_features``. Nothing about the n-grams is learned (so nothing can
        leak through them) and colliding n-grams add up; counts are unsigned
        (no alternating sign, unlike ``HashingVectorizer``'s default).
        ``min_df``, ``max_df`` and ``max_features`` need a vocabulary and must
        keep their defaults.
    on_overlap : {'warn', 'raise', 'ignore'}, default='warn'
        What ``transform`` does when some of its documents (exact text) were
        also in the fit data: warn with a
        :class:`~sklearn_mlsd.leakage.LeakageWarning`, raise a ``ValueError``,
        or nothing. Transforming the fit corpus itself again (the same
        documents, in any order, e.g. a grid search's training scores) never
        triggers it.
    dtype : numpy dtype, default=np.float64
        Type of the output matrix.

    Attributes
    ----------
    vocabulary_ : dict
        n-gram -> column, alphabetical (absent in hashing mode). The strings
        are built from the fitted integer tables on first access (as are those
        of ``get_feature_names_out``), which keeps them out of ``fit``.
    document_frequency_ : ndarray of shape (n_features_out,)
        Number of fit documents holding each kept n-gram (absent in hashing
        mode).
    normalizer_ : transformer or None
        The fitted clone of ``normalizer``.
    fit_document_hashes_ : ndarray of uint64 or None
        Sorted distinct 64-bit hashes (blake2b) of the fit documents, used by
        ``on_overlap``: 8 bytes per distinct fit document, whatever their
        length. None when fitted with ``on_overlap='ignore'`` (then switching
        ``on_overlap`` on needs a refit).
    n_fit_documents_ : int
        Number of documents seen in ``fit``.

    See Also
    --------
    TextNormalizer : the lecture's normalisation, usable as ``normalizer``.
    sklearn.feature_extraction.text.CountVectorizer : the same counts, slower.
    sklearn.feature_extraction.text.HashingVectorizer : signed hashing.

    Notes
    -----
    How it works: the documents are lowercased and tokenised a chunk of
    documents at a time (pyarrow splits ASCII text, a regular expression the
    rest), pyarrow's hash tables give every distinct token an integer id (its
    alphabetical rank), an n-gram is coded as an integer from the code of its
    (n-1)-gram prefix and its last token, and counting, document frequencies
    and pruning are numpy operations on those codes.
    ``transform`` finds the fitted n-grams through a hash table of their
    codes (about 32 bytes per kept n-gram). Terms removed by ``min_df``,
    ``max_df`` or ``max_features`` are not stored. Unknown n-grams are
    ignored by ``transform``.

    Examples
    --------
    >>> from sklearn_mlsd.text import NgramVectorizer
    >>> docs = ["I have a dog", "He is sleeping", "the dog is sleeping"]
    >>> vec = NgramVectorizer(ngram_range=(1, 2), min_df=2)
    >>> vec.fit_transform(docs).toarray()
    array([[1., 0., 0., 0.],
           [0., 1., 1., 1.],
           [1., 1., 1., 1.]])
    >>> vec.get_feature_names_out()
    array(['dog', 'is', 'is sleeping', 'sleeping'], dtype=object)

    A test document that was also a training document is a leak (the default
    ``on_overlap='warn'`` emits a ``LeakageWarning``):

    >>> vec.set_params(on_overlap="raise").transform(["the dog is sleeping"])
    Traceback (most recent call last):
    ...
    ValueError: 1 of the 1 documents passed to transform were also in the fit ...
    """

    _parameter_constraints = {
        "ngram_range": [tuple],
        "analyzer": [StrOptions({"word", "char"})],
        "normalizer": [None, HasMethods(["transform"])],
        "min_df": _DF_CONSTRAINT,
        "max_df": _DF_CONSTRAINT,
        "max_features": [Interval(Integral, 1, None, closed="left"), None],
        "binary": ["boolean"],
        "n_features": [
            Interval(Integral, 1, np.iinfo(np.int32).max, closed="both"),
            None,
        ],
        "on_overlap": [StrOptions({"warn", "raise", "ignore"})],
        "dtype": "no_validation",
    }

    def __init__(
        self,
        ngram_range=(1, 1),
        analyzer="word",
        normalizer=None,
        min_df=1,
        max_df=1.0,
        max_features=None,
        binary=False,
        n_features=None,
        on_overlap="warn",
        dtype=np.float64,
    ):
        self.ngram_range = ngram_range
        self.analyzer = analyzer
        self.normalizer = normalizer
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.binary = binary
        self.n_features = n_features
        self.on_overlap = on_overlap
        self.dtype = dtype

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Learn the n-gram vocabulary of the documents ``X``.

        Parameters
        ----------
        X : list, 1-D array or Series of str
            Training documents.
        y : None
            Ignored.

        Returns
        -------
        self : NgramVectorizer
            The fitted vectorizer.
        """
        self._fit(X)
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None):
        """Learn the vocabulary and return the counts of ``X``.

        Parameters
        ----------
        X : list, 1-D array or Series of str
            Training documents.
        y : None
            Ignored.

        Returns
        -------
        counts : scipy.sparse.csr_matrix of shape (n_documents, n_features_out)
            n-gram counts.
        """
        return self._fit(X)

    def transform(self, X):
        """Count the fitted n-grams in the documents ``X``.

        Parameters
        ----------
        X : list, 1-D array or Series of str
            Documents.

        Returns
        -------
        counts : scipy.sparse.csr_matrix of shape (n_documents, n_features_out)
            n-gram counts; n-grams not in the vocabulary are ignored.
        """
        check_is_fitted(self, "n_fit_documents_")
        raw = check_documents(X, type(self).__name__)
        self._check_overlap(raw)
        return self._count(self._normalize(raw))

    def get_feature_names_out(self, input_features=None):
        """The n-grams of the output columns ("hash_<i>" in hashing mode).

        Parameters
        ----------
        input_features : None
            Ignored (documents have no feature names).

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self, "n_fit_documents_")
        if not hasattr(self, "_tables"):
            n_columns = self._config[3]
            return np.asarray([f"hash_{i}" for i in range(n_columns)], dtype=object)
        return self._names()[0].copy()

    @property
    def vocabulary_(self):
        """dict: n-gram -> column (built from the fitted tables on first access)."""
        if not hasattr(self, "_tables"):
            raise AttributeError(
                "NgramVectorizer has no vocabulary_: it is not fitted, or it was "
                "fitted with the hashing trick (n_features), which keeps none."
            )
        return self._names()[1]

    def _names(self):
        if self._names_cache is None:
            separator = " " if self._config[0] == "word" else ""
            names = codes.ngram_strings(
                self._tables.tuples, self._unit_strings, separator
            )
            vocabulary = dict(zip(names.tolist(), range(len(names)), strict=True))
            self._names_cache = (names, vocabulary)
        return self._names_cache

    def _fit(self, X):
        min_n, max_n = _check_ngram_range(self.ngram_range)
        if self.n_features is not None:
            _check_no_pruning(self)
        raw = check_documents(X, type(self).__name__)
        if self.on_overlap == "ignore":
            self.fit_document_hashes_, self._fit_fingerprint = None, None
        else:
            hashes = document_hashes(raw)
            self.fit_document_hashes_ = _sorted_distinct(hashes)
            self._fit_fingerprint = corpus_fingerprint(hashes)
        self.n_fit_documents_ = len(raw)
        self.normalizer_ = None if self.normalizer is None else clone(self.normalizer)
        if self.normalizer_ is not None:
            self.normalizer_.fit(raw)
        docs = self._normalize(raw)
        # what transform needs, fixed at fit time (set_params cannot desync it)
        self._config = (self.analyzer, (min_n, max_n), self.binary, self.n_features)
        if self.n_features is not None:
            for name in ("document_frequency_", "_tables", "_names_cache"):
                self.__dict__.pop(name, None)
            return self._count(docs)
        return self._fit_vocabulary(docs, (min_n, max_n))

    def _fit_vocabulary(self, docs, ngram_range):
        if self.analyzer == "word":
            ids, lengths, unit_strings = codes.word_ids_fit(docs)
        else:
            all_codes, lengths = codes.char_codes(docs)
            units, ids = np.unique(all_codes, return_inverse=True)
            del all_codes
            unit_strings = [chr(c) for c in units.tolist()]
        levels = codes.count_levels(ids, lengths, len(unit_strings), ngram_range)
        del ids, lengths
        if not levels:
            raise ValueError(
                "empty vocabulary: the documents hold no n-gram of lengths "
                f"{ngram_range} (words need two or more word characters)."
            )
        X, padded = codes.sorted_count_matrix(
            levels, len(docs), len(unit_strings), self.dtype
        )
        if self.binary:
            X.data[:] = 1
        keep, dfs = _kept_features(X, *self._df_bounds(len(docs)), self.max_features)
        if not keep.all():
            X, padded, dfs = X[:, np.flatnonzero(keep)], padded[keep], dfs[keep]
        self.document_frequency_ = dfs
        self._tables = codes.NgramTables(padded, ngram_range, len(unit_strings))
        units = self._tables.units.tolist()
        self._unit_strings = [unit_strings[u] for u in units]
        if self.analyzer == "word":
            self._unit_index = codes.token_lookup_table(self._unit_strings)
        else:
            self._unit_index = np.asarray(list(map(ord, self._unit_strings)), np.int64)
        self._names_cache = None
        return X

    def _df_bounds(self, n_docs):
        high = (
            self.max_df if isinstance(self.max_df, Integral) else self.max_df * n_docs
        )
        low = self.min_df if isinstance(self.min_df, Integral) else self.min_df * n_docs
        if high < low:
            raise ValueError(
                f"max_df={self.max_df} allows at most {high:g} documents, fewer than "
                f"the {low:g} that min_df={self.min_df} requires on these {n_docs} "
                "documents; lower min_df or raise max_df."
            )
        return high, low

    def _count(self, docs):
        analyzer, ngram_range, binary, n_hash_columns = self._config
        if n_hash_columns is not None:
            if analyzer == "word":
                unit_hash, lengths = codes.word_hashes(docs)
            else:
                char, lengths = codes.char_codes(docs)
                unit_hash = codes.char_hashes(char)
            X = codes.hashed_count_matrix(
                unit_hash, lengths, ngram_range, n_hash_columns, self.dtype
            )
        else:
            if analyzer == "word":
                ids, lengths = codes.word_ids_lookup(docs, self._unit_index)
            else:
                char, lengths = codes.char_codes(docs)
                ids = _lookup_codes(self._unit_index, char)
            X = self._tables.count_matrix(ids, lengths, self.dtype)
        if binary:
            X.data[:] = 1
        return X

    def _normalize(self, raw):
        if self.normalizer_ is None:
            return raw
        return check_documents(
            self.normalizer_.transform(raw), "the normalizer's output", allow_empty=True
        )

    def _check_overlap(self, raw):
        if self.on_overlap == "ignore":
            return
        if self.fit_document_hashes_ is None:
            raise ValueError(
                f"on_overlap={self.on_overlap!r} needs the fingerprint of the fit "
                "documents, which is not kept when fitting with "
                "on_overlap='ignore'; refit with this setting."
            )
        hashes = document_hashes(raw)
        if corpus_fingerprint(hashes) == self._fit_fingerprint:
            return  # the fit corpus itself, transformed again
        fitted = self.fit_document_hashes_
        where = np.minimum(np.searchsorted(fitted, hashes), len(fitted) - 1)
        seen = np.flatnonzero(fitted[where] == hashes)
        if len(seen) == 0:
            return
        message = (
            f"{len(seen)} of the {len(raw)} documents passed to transform were "
            f"also in the fit data (first: document {seen[0]}, "
            f"{raw[seen[0]][:40]!r}): test documents seen in training inflate "
            "scores. Deduplicate before splitting, or set on_overlap='ignore'."
        )
        if self.on_overlap == "raise":
            raise ValueError(message)
        warnings.warn(message, LeakageWarning, stacklevel=3)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def _check_ngram_range(ngram_range):
    if (
        len(ngram_range) != 2
        or not all(isinstance(n, Integral) for n in ngram_range)
        or ngram_range[0] < 1
        or ngram_range[0] > ngram_range[1]
    ):
        raise ValueError(
            f"ngram_range={ngram_range!r} is invalid: it must be a pair of "
            "integers (min_n, max_n) with 1 <= min_n <= max_n, e.g. (1, 2)."
        )
    return int(ngram_range[0]), int(ngram_range[1])


def _check_no_pruning(vectorizer):
    changed = [
        f"{name}={getattr(vectorizer, name)!r}"
        for name, default in (("min_df", 1), ("max_df", 1.0), ("max_features", None))
        if getattr(vectorizer, name) != default
    ]
    if changed:
        raise ValueError(
            f"{', '.join(changed)} need a vocabulary, which the hashing trick "
            f"(n_features={vectorizer.n_features}) does not build; keep their "
            "defaults or set n_features=None."
        )


def _kept_features(X, high, low, limit):
    """Mask of n-grams kept by document frequency and ``max_features``, and
    the document frequency of every n-gram.

    The same rule as CountVectorizer, tie-breaking included (features must be
    in alphabetical order).
    """
    dfs = np.bincount(X.indices, minlength=X.shape[1])
    mask = (dfs <= high) & (dfs >= low)
    if limit is not None and mask.sum() > limit:
        # integer totals, as CountVectorizer's, so that ties break the same way
        tfs = np.rint(np.bincount(X.indices, X.data, X.shape[1])).astype(np.int64)
        mask_inds = (-tfs[mask]).argsort()[:limit]
        new_mask = np.zeros(len(dfs), dtype=bool)
        new_mask[np.where(mask)[0][mask_inds]] = True
        mask = new_mask
    if not mask.any():
        raise ValueError(
            "After pruning, no terms remain. Try a lower min_df or a higher max_df."
        )
    return mask, dfs


def _sorted_distinct(values):
    """``np.unique(values)`` by a plain sort (faster for uint64 hashes)."""
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _lookup_codes(units, values):
    """Position of each value in the sorted ``units`` array, -1 when absent."""
    if len(units) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    where = np.minimum(np.searchsorted(units, values), len(units) - 1)
    return np.where(units[where] == values, where, -1)
