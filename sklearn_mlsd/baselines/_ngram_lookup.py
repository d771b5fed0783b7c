"""The lecture's n-gram lookup table (e.g. next-character prediction)."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_consistent_length, check_is_fitted

from sklearn_mlsd.utils._compat import Interval, StrOptions, _fit_context


def _check_documents(X, name="X"):
    """A list of strings from a list / array / Series of strings."""
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{name} must be a list of strings (one per document), got a single "
            "string; wrap it in a list: [text]."
        )
    try:
        docs = list(X)
    except TypeError as exc:
        raise TypeError(
            f"{name} must be a list of strings, got {type(X).__name__}."
        ) from exc
    bad = [i for i, d in enumerate(docs) if not isinstance(d, str)]
    if bad:
        raise TypeError(
            f"{name} must contain only strings; found {docs[bad[0]]!r} of type "
            f"{type(docs[bad[0]]).__name__} at position {bad[0]}. Replace missing "
            "texts with ''."
        )
    if not docs:
        raise ValueError(f"{name} is empty: pass at least one document.")
    return docs


def _tokens(doc, analyzer):
    """Characters (a str, sliceable) or whitespace-separated words (a tuple)."""
    return doc if analyzer == "char" else tuple(doc.split())


def _keys_by_order(tokens, max_order, context):
    """Keys a text contributes to each table: keys[k] has runs of k tokens.

    'last': the last k tokens (texts shorter than k contribute nothing);
    'all': every run of k consecutive tokens. Order 0 is the empty run.
    """
    n_tokens = len(tokens)
    keys = [[tokens[:0]]]
    for order in range(1, max_order + 1):
        if context == "last":
            keys.append([tokens[n_tokens - order :]] if order <= n_tokens else [])
        else:
            keys.append([tokens[i : i + order] for i in range(n_tokens - order + 1)])
    return keys


def _count_tables(docs, labels, n_classes, max_order, context, analyzer):
    """tables[k]: key of k tokens -> label counts (ndarray of n_classes)."""
    tables = [{} for _ in range(max_order + 1)]
    for doc, label in zip(docs, labels, strict=True):
        keys = _keys_by_order(_tokens(doc, analyzer), max_order, context)
        for table, order_keys in zip(tables, keys, strict=True):
            for key in dict.fromkeys(order_keys):  # a text counts once per key
                counts = table.get(key)
                if counts is None:
                    counts = table[key] = np.zeros(n_classes)
                counts[label] += 1
    return tables


def _last_proba(tokens, tables):
    """Distribution of the longest known suffix of the context."""
    keys = _keys_by_order(tokens, len(tables) - 1, "last")
    for order in range(len(tables) - 1, -1, -1):
        counts = tables[order].get(keys[order][0]) if keys[order] else None
        if counts is not None:
            return counts / counts.sum()
    raise AssertionError("the order-0 table always has the empty key")


def _vote_proba(tokens, tables):
    """Mean distribution of the text's runs at the longest order with one known."""
    keys = _keys_by_order(tokens, len(tables) - 1, "all")
    for order in range(len(tables) - 1, -1, -1):
        found = [tables[order][k] for k in keys[order] if k in tables[order]]
        if found:
            return np.mean([c / c.sum() for c in found], axis=0)
    raise AssertionError("the order-0 table always has the empty key")


_PROBA = {"last": _last_proba, "all": _vote_proba}


class NgramLookupClassifier(ClassifierMixin, BaseEstimator):
    """The lecture's n-gram lookup table, with back-off, as a classifier.

    The simple-heuristic baseline for autocompletion: "predict the character
    most likely to appear based on a trigram lookup table". ``fit`` counts, for
    every context of ``n - 1`` tokens (characters or words), how often each
    label followed it; ``predict`` looks up the last ``n - 1`` tokens of a
    context and returns the most frequent label. A context never seen backs
    off to its last ``n - 2`` tokens, and so on down to the class prior.
    Only the last ``n - 1`` tokens of a context matter, so for a long text
    ``[text[max(0, i - n + 1):i] for i in range(1, len(text))]`` are enough
    contexts (the full prefixes give the same table).

    With ``context='all'`` the same table is a text-classification baseline:
    every run of ``n - 1`` tokens of a training document counts once for the
    document's class, and a document's class distribution is the mean of the
    distributions of its known runs (backing off to shorter runs when none is
    known, then to the prior).

    Parameters
    ----------
    n : int, default=3
        Order of the n-grams: contexts have ``n - 1`` tokens and the label is
        the n-th. ``n=1`` is the class prior.
    analyzer : {'char', 'word'}, default='char'
        Tokens are characters, or words split on whitespace.
    context : {'last', 'all'}, default='last'
        'last': the label follows the end of the text (next-token prediction).
        'all': the label is a property of the whole text (classification);
        every n-gram of the text votes.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Labels seen in ``fit`` (e.g. the next characters).
    class_count_ : ndarray of shape (n_classes,)
        Number of training texts per label.
    tables_ : list of dict
        ``tables_[k]`` maps a context of ``k`` tokens (a str for characters, a
        tuple for words) to its label counts; ``tables_[0]`` holds the prior.

    See Also
    --------
    HeuristicClassifier : any hand-written rule as a baseline.
    BaselineClassifier : random and zero-rule baselines.

    Notes
    -----
    ``predict_proba`` is the count distribution of the context used (the
    longest one seen in training), so ``predict`` is its argmax; ties go to
    the first class in ``classes_``.

    References
    ----------
    .. [1] D. Jurafsky and J. H. Martin, "N-gram Language Models", chapter 3 of
       *Speech and Language Processing*, 3rd ed. draft.

    Examples
    --------
    Next-character prediction from the two previous characters:

    >>> from sklearn_mlsd.baselines import NgramLookupClassifier
    >>> text = "the cat sat on the mat with the hat"
    >>> contexts = [text[:i] for i in range(1, len(text))]
    >>> next_chars = list(text[1:])
    >>> lookup = NgramLookupClassifier(n=3).fit(contexts, next_chars)
    >>> lookup.predict(["on th", "a c", "zz"]).tolist()
    ['e', 'a', ' ']

    "th" was always followed by "e"; "zz" was never seen, nor "z": the prior
    (the space is the most frequent character) answers.

    >>> NgramLookupClassifier(n=0)
    NgramLookupClassifier(n=0)
    >>> NgramLookupClassifier(n=0).fit(contexts, next_chars)
    Traceback (most recent call last):
    ...
    sklearn.utils._param_validation.InvalidParameterError: The 'n' parameter ...
    """

    _parameter_constraints = {
        "n": [Interval(Integral, 1, None, closed="left")],
        "analyzer": [StrOptions({"char", "word"})],
        "context": [StrOptions({"last", "all"})],
    }

    def __init__(self, n=3, analyzer="char", context="last"):
        self.n = n
        self.analyzer = analyzer
        self.context = context

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Count the labels that follow (or belong to) every context.

        Parameters
        ----------
        X : list of str of length n_samples
            Contexts (text before the label) or documents.
        y : array-like of shape (n_samples,)
            The label of each text (next character, next word or class).

        Returns
        -------
        self : NgramLookupClassifier
            The fitted estimator.
        """
        docs = _check_documents(X)
        if y is None:
            raise ValueError("y is required: the label of each text.")
        y = np.asarray(y)
        check_consistent_length(docs, y)
        check_classification_targets(y)
        self.classes_, encoded = np.unique(y, return_inverse=True)
        self.class_count_ = np.bincount(encoded, minlength=len(self.classes_))
        self.tables_ = _count_tables(
            docs, encoded, len(self.classes_), self.n - 1, self.context, self.analyzer
        )
        return self

    def predict_proba(self, X):
        """Label distribution of each text from the counts (with back-off).

        Parameters
        ----------
        X : list of str of length n_samples
            Contexts or documents.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Relative counts of the longest known context.
        """
        check_is_fitted(self)
        docs = _check_documents(X)
        proba = _PROBA[self.context]
        return np.array(
            [proba(_tokens(doc, self.analyzer), self.tables_) for doc in docs]
        ).reshape(len(docs), len(self.classes_))

    def predict(self, X):
        """The most frequent label of each text's longest known context.

        Parameters
        ----------
        X : list of str of length n_samples
            Contexts or documents.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
