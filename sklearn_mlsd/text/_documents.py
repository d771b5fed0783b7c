"""Validation and stable hashing of document collections (lists of strings)."""

import hashlib

import numpy as np

from sklearn_mlsd.utils._compat import _is_pandas_df
from sklearn_mlsd.utils._hashing import mix64


def check_documents(raw_documents, name, *, allow_empty=False):
    """Return ``raw_documents`` as a list of str, or raise a clear error.

    Accepts a list, tuple, 1-D array, pandas Series or any other iterable of
    str. A bare string (or bytes), a 2-D array or DataFrame, a non-iterable and
    any element that is not a str (None, NaN, numbers, bytes) are rejected.
    """
    if isinstance(raw_documents, (str, bytes)):
        raise ValueError(
            f"{name} expects an iterable of documents (a list, 1-D array or "
            "Series of str), got a single string; wrap it in a list: [text]."
        )
    if _is_pandas_df(raw_documents) or getattr(raw_documents, "ndim", 1) != 1:
        raise ValueError(
            f"{name} expects a 1-D collection of documents, got an object of "
            f"shape {getattr(raw_documents, 'shape', None)}; pass one text column "
            "(e.g. df['text'])."
        )
    try:
        if hasattr(raw_documents, "tolist"):
            docs = raw_documents.tolist()
        else:
            docs = list(raw_documents)
    except TypeError as exc:
        raise TypeError(
            f"{name} expects an iterable of str documents, got "
            f"{type(raw_documents).__name__}."
        ) from exc
    if not docs and not allow_empty:
        raise ValueError(
            f"{name} got an empty corpus (0 documents); pass at least one document."
        )
    if not set(map(type, docs)) <= {str} and not all(
        isinstance(doc, str) for doc in docs
    ):
        position, bad = next(
            (i, doc) for i, doc in enumerate(docs) if not isinstance(doc, str)
        )
        raise TypeError(
            f"{name} expects every document to be a str; document {position} is "
            f"{type(bad).__name__} ({bad!r}). Drop or fill missing texts first, "
            "e.g. series.fillna('')."
        )
    return docs


def document_hashes(docs):
    """Stable 64-bit hash of each document's exact text (blake2b, 8 bytes).

    Unlike Python's ``hash``, the value does not change between processes, so
    fitted estimators can be pickled and compared.
    """
    blake2b = hashlib.blake2b
    digests = b"".join(
        [
            blake2b(doc.encode("utf-8", "surrogatepass"), digest_size=8).digest()
            for doc in docs
        ]
    )
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def corpus_fingerprint(hashes):
    """Order-free fingerprint of a multiset of document hashes.

    Two corpora holding the same documents the same number of times (in any
    order) get the same value; different corpora collide with probability
    about 2**-64.
    """
    with np.errstate(over="ignore"):
        total = mix64(hashes).sum(dtype=np.uint64)
    return int(total), len(hashes)
