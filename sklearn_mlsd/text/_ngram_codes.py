"""Vectorised n-gram counting on integer unit ids (tokens or characters).

A corpus is turned into one flat int64 array of unit ids plus the number of
units per document. An n-gram starting at position i is coded as
``dense(prefix) * V + id[i + n - 1]``, where ``dense(prefix)`` is the rank of
its (n-1)-gram prefix among the distinct (n-1)-grams (the unit id itself for
n = 2). Codes then stay below (number of positions) * V, and because unit ids
are alphabetical ranks, sorting codes sorts n-grams alphabetically: the same
order as scikit-learn's sorted vocabulary.
"""

import hashlib
import re
import string
from itertools import count, repeat

import numpy as np
from scipy import sparse

from sklearn_mlsd.utils._hashing import GOLDEN, mix64

# CountVectorizer's token pattern is r"(?u)\b\w\w+\b". A greedy \w\w+ finds the
# same tokens (a match starts at the start of a run of word characters and
# takes all of it; runs of one character never match) and runs twice as fast.
TOKEN_PATTERN = re.compile(r"\w\w+")
_WHITE_SPACES = re.compile(r"\s\s+")
_CHUNK = 8192
# Documents of a chunk are lowercased and joined by this separator, then
# tokenised at once. It is a token, and it cannot occur in lowercased text, so
# its occurrences mark the document boundaries.
SEPARATOR = "ZZ"
_JOIN = f"\n{SEPARATOR}\n".join
# An ASCII chunk is tokenised without the regular expression: every ASCII
# character that is not a word character ([A-Za-z0-9_]) becomes a space, and
# str.split gives the runs of word characters, three times faster than
# findall. Runs of one character (at most these 37) are dropped afterwards.
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")
_TO_SPACE = str.maketrans(
    {chr(i): " " for i in range(128) if chr(i) not in _WORD_CHARS}
)
SHORT_TOKENS = tuple(sorted(_WORD_CHARS - set(string.ascii_uppercase)))
_SHORT, _UNKNOWN = -3, -1


def _token_chunks(docs):
    """Lowercased tokens of each chunk of documents, separator-delimited; ASCII
    chunks may also hold one-character tokens (see ``SHORT_TOKENS``)."""
    for start in range(0, len(docs), _CHUNK):
        chunk = docs[start : start + _CHUNK]
        text = _JOIN(map(str.lower, chunk))
        if text.isascii():
            yield len(chunk), text.translate(_TO_SPACE).split()
        else:
            yield len(chunk), TOKEN_PATTERN.findall(text)


def marker_entries(separator_value):
    """Entries to seed a token dict with: the separator and the short tokens."""
    return {SEPARATOR: separator_value, **dict.fromkeys(SHORT_TOKENS, _SHORT)}


def _split_separators(values, marker, n_docs):
    """Drop short tokens and separators (== marker); return the remaining
    values and the number of them in each document."""
    values = values[values != _SHORT]
    is_sep = values == marker
    bounds = np.concatenate([[-1], np.flatnonzero(is_sep), [len(values)]])
    lengths = np.diff(bounds) - 1
    if len(lengths) != n_docs:  # pragma: no cover - the separator is unforgeable
        raise RuntimeError("document boundaries lost while tokenising")
    return values[~is_sep], lengths


def _first_positions(docs):
    """Dict token -> first position, and the first position of every token."""
    index, counter, parts, lengths = marker_entries(-2), count(), [], []
    for n_docs, flat in _token_chunks(docs):
        first = map(index.setdefault, flat, counter)
        values, n_tokens = _split_separators(
            np.fromiter(first, np.int64, len(flat)), -2, n_docs
        )
        parts.append(values)
        lengths.append(n_tokens)
    for key in marker_entries(-2):
        del index[key]
    return index, np.concatenate(parts), np.concatenate(lengths)


def _compact(index, positions, order=None):
    """Map first positions to 0..n-1 (in ``order``, default first occurrence)."""
    first_pos = np.fromiter(index.values(), np.int64, len(index))
    lut = np.empty(int(first_pos[-1]) + 1 if len(first_pos) else 0, dtype=np.int64)
    ranked = first_pos if order is None else first_pos[order]
    lut[ranked] = np.arange(len(index))
    return lut[positions]


def word_ids_fit(docs):
    """Alphabetical token ids of every token, tokens per document, sorted tokens."""
    index, positions, lengths = _first_positions(docs)
    tokens = list(index)
    order = sorted(range(len(tokens)), key=tokens.__getitem__)
    return _compact(index, positions, order), lengths, [tokens[i] for i in order]


def word_ids_lookup(docs, index):
    """Token ids from a fitted ``index`` (token -> id, plus ``marker_entries(-2)``);
    -1 for unknown tokens."""
    parts, lengths = [], []
    get = index.get
    for n_docs, flat in _token_chunks(docs):
        values = np.fromiter(map(get, flat, repeat(_UNKNOWN)), np.int64, len(flat))
        values, n_tokens = _split_separators(values, -2, n_docs)
        parts.append(values)
        lengths.append(n_tokens)
    return np.concatenate(parts), np.concatenate(lengths)


def word_hashes(docs):
    """A stable 64-bit hash of every token, and tokens per document."""
    index, positions, lengths = _first_positions(docs)
    digests = b"".join(
        hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        for t in index
    )
    unit_hash = np.frombuffer(digests, dtype="<u8").astype(np.uint64)
    return unit_hash[_compact(index, positions)], lengths


def char_codes(docs):
    """Unicode code points of the lowercased, whitespace-collapsed documents."""
    texts = [_WHITE_SPACES.sub(" ", doc.lower()) for doc in docs]
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    joined = "".join(texts).encode("utf-32-le", "surrogatepass")
    return np.frombuffer(joined, dtype=np.uint32).astype(np.int64), lengths


def _positions(lengths):
    """Document of each position and units left in its document (itself included)."""
    n_units = int(lengths.sum())
    doc_of = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    ends = np.cumsum(lengths).astype(np.int64)
    remaining = (ends[doc_of] - np.arange(n_units)).astype(np.int32)
    return doc_of, remaining


def count_levels(ids, lengths, n_units, ngram_range):
    """Distinct n-grams of each length in ``ngram_range`` and their occurrences.

    Returns a list of ``(tuples, docs, local)``: the unit ids of each distinct
    n-gram (alphabetical), and for each occurrence its document and the row
    of its n-gram in ``tuples``.
    """
    min_n, max_n = ngram_range
    doc_of, remaining = _positions(lengths)
    levels, dense, n_prefixes = [], ids, n_units
    for k in range(1, max_n + 1):
        m = len(ids) - k + 1
        if m <= 0:
            break
        pos = np.flatnonzero(remaining[:m] >= k)
        if k == 1:
            tuples, local = np.arange(n_units)[:, None], ids.astype(np.int32)
        else:
            code = dense[pos] * n_units + ids[pos + k - 1]
            uniques, local = _unique_inverse(code, n_prefixes * n_units)
            n_prefixes = len(uniques)
            first = np.empty(len(uniques), dtype=np.int64)
            first[local] = pos  # any occurrence of each n-gram will do
            tuples = ids[first[:, None] + np.arange(k)]
            dense = np.zeros(m, dtype=np.int64)
            dense[pos] = local
            local = local.astype(np.int32)
        if k >= min_n:
            levels.append((tuples, doc_of[pos], local))
    return levels


def _unique_inverse(code, bound):
    """``np.unique(code, return_inverse=True)`` for codes in [0, bound).

    When the bound is small (character n-grams: the alphabet is small) a
    presence table replaces the sort.
    """
    if bound > max(4 * len(code), 1 << 16):
        return np.unique(code, return_inverse=True)
    present = np.zeros(bound, dtype=bool)
    present[code] = True
    rank = np.cumsum(present, dtype=np.int64) - 1
    return np.flatnonzero(present), rank[code]


def sorted_count_matrix(levels, n_docs, n_units, dtype):
    """Document-term counts (CSR of ``dtype``), n-grams in alphabetical order.

    Alphabetical order of n-gram strings is the lexicographic order of their
    unit-id tuples, a shorter tuple before the longer ones it prefixes.
    Returns the matrix and the sorted tuples (rows padded with -1).
    """
    width = max(t.shape[1] for t, _, _ in levels)
    padded = np.concatenate(
        [
            np.pad(t, ((0, 0), (0, width - t.shape[1])), constant_values=-1)
            for t, _, _ in levels
        ]
    )
    if (n_units + 1.0) ** width < 2.0**62:
        key = np.zeros(len(padded), dtype=np.int64)
        for j in range(width):
            key = key * (n_units + 1) + (padded[:, j] + 1)
        order = np.argsort(key, kind="stable")  # merges the sorted levels
    else:
        order = np.lexsort(padded.T[::-1])
    new_id = np.empty(len(order), dtype=np.int32)
    new_id[order] = np.arange(len(order))
    offsets = np.cumsum([0] + [len(t) for t, _, _ in levels])
    rows = np.concatenate([docs for _, docs, _ in levels])
    cols = np.concatenate(
        [new_id[off + loc] for off, (_, _, loc) in zip(offsets, levels, strict=False)]
    )
    return _csr([rows], [cols], (n_docs, len(order)), dtype), padded[order]


def ngram_strings(padded, unit_strings, separator):
    """The text of each n-gram (rows of unit ids, -1 padded)."""
    out = np.empty(len(padded), dtype=object)
    lengths = (padded >= 0).sum(axis=1)
    get = unit_strings.__getitem__
    for k in np.unique(lengths).tolist():
        rows = np.flatnonzero(lengths == k)
        columns = [map(get, padded[rows, j].tolist()) for j in range(k)]
        out[rows] = list(map(separator.join, zip(*columns, strict=True)))
    return out


class HashIndex:
    """A read-only int64 -> int64 map for many queries at once.

    Open addressing with linear probing in one numpy array of (key, value)
    rows, about half full: a lookup costs one or two vectorised gathers of one
    cache line each, where a binary search (``np.searchsorted``) costs about
    log2(n) cache misses per query. Built without a Python loop: inserting the
    keys in order of their home slot puts the i-th one at
    ``i + max(home[j] - j for j <= i)``; the table does not wrap around but
    ends with empty rows, so every probe sequence meets an empty row.
    """

    def __init__(self, keys, values):
        size = 1 << max(4, int(2 * len(keys) - 1).bit_length())
        self.mask = np.uint64(size - 1)
        home = self._home(keys)
        order = np.argsort(home, kind="stable")
        rank = np.arange(len(keys))
        position = rank + np.maximum.accumulate(home[order] - rank)
        end = int(position[-1]) + 2 if len(keys) else 2
        self.table = np.full((max(size, end), 2), -1, dtype=np.int64)
        self.table[position, 0] = keys[order]
        self.table[position, 1] = values[order]

    def _home(self, keys):
        with np.errstate(over="ignore"):
            return (mix64(keys.astype(np.uint64)) & self.mask).astype(np.int64)

    def get(self, queries, ok):
        """Value of each query where ``ok`` and found, else -1."""
        slot = self._home(queries)
        entry = self.table[slot]
        hit = ok & (entry[:, 0] == queries)
        result = np.where(hit, entry[:, 1], -1)
        active = np.flatnonzero(ok & ~hit & (entry[:, 0] != -1))
        slot = slot[active] + 1
        while len(active):
            entry = self.table[slot]
            hit = entry[:, 0] == queries[active]
            result[active[hit]] = entry[hit, 1]
            more = ~hit & (entry[:, 0] != -1)
            active, slot = active[more], slot[more] + 1
        return result


class NgramTables:
    """Lookup tables that find fitted n-grams in new documents.

    Built from the kept n-grams only (as unit-id tuples, alphabetical): the
    units they use; the column of each kept unigram (an array indexed by
    unit); for each length k >= 2 a hash index from the code of a kept
    k-gram to its column; and for the k-grams that prefix a longer kept one,
    a hash index from their code to their rank (the ``dense`` prefix id).
    """

    def __init__(self, padded, ngram_range, n_units):
        self.ngram_range = ngram_range
        used = np.zeros(n_units + 1, dtype=bool)
        used[padded.ravel()] = True  # -1 (padding) marks the extra last slot
        used = used[:-1]
        self.units = np.flatnonzero(used)
        new_id = np.append(np.cumsum(used) - 1, -1)
        tuples = new_id[padded]
        self.tuples = tuples.astype(np.int32)
        lengths = (tuples >= 0).sum(axis=1)
        self.n_units = len(self.units)
        prefixes, self.prefix_index = {}, {}
        for k in range(2, ngram_range[1]):
            prefixes[k] = np.unique(self._codes(tuples[lengths > k], k, prefixes))
            self.prefix_index[k] = HashIndex(prefixes[k], np.arange(len(prefixes[k])))
        self.unigrams = np.full(self.n_units, -1, dtype=np.int64)
        self.feature_index = {}
        for k in range(ngram_range[0], ngram_range[1] + 1):
            rows = np.flatnonzero(lengths == k)
            if k == 1:
                self.unigrams[tuples[rows, 0]] = rows
            else:
                codes = self._codes(tuples[rows], k, prefixes)
                self.feature_index[k] = HashIndex(codes, rows)

    def _codes(self, tuples, k, prefixes):
        code = tuples[:, 0]
        for j in range(2, k + 1):
            if j > 2:
                code = np.searchsorted(prefixes[j - 1], code)
            code = code * self.n_units + tuples[:, j - 1]
        return code

    def count_matrix(self, ids, lengths, dtype):
        """Counts (int64 CSR) of the fitted n-grams; ``ids`` -1 for unknown units."""
        min_n, max_n = self.ngram_range
        doc_of, remaining = _positions(lengths)
        rows, cols, dense = [], [], ids
        for k in range(1, max_n + 1):
            m = len(ids) - k + 1
            if m <= 0:
                break
            if k == 1:
                ok, code = ids >= 0, ids
            else:
                ok = (remaining[:m] >= k) & (dense[:m] >= 0) & (ids[k - 1 :] >= 0)
                code = np.where(ok, dense[:m] * self.n_units + ids[k - 1 :], -1)
            if k >= min_n:
                if k == 1:
                    column = np.where(ok, self.unigrams[ids], -1)
                else:
                    column = self.feature_index[k].get(code, ok)
                hit = column >= 0
                rows.append(doc_of[:m][hit])
                cols.append(column[hit])
            if 2 <= k < max_n:
                dense = self.prefix_index[k].get(code, ok)
        return _csr(rows, cols, (len(lengths), len(self.tuples)), dtype)


def _csr(rows, cols, shape, dtype):
    """CSR matrix of ``dtype`` counting the (row, column) pairs (canonical)."""
    index_dtype = np.int32 if max(shape) < 2**31 else np.int64
    rows = np.concatenate(rows).astype(index_dtype, copy=False) if rows else []
    cols = np.concatenate(cols).astype(index_dtype, copy=False) if cols else []
    data = np.ones(len(rows), dtype=dtype)
    X = sparse.csr_matrix((data, (rows, cols)), shape=shape, dtype=dtype)
    X.sum_duplicates()
    return X


def hashed_count_matrix(unit_hash, lengths, ngram_range, n_features, dtype):
    """Counts (int64 CSR) of n-grams hashed into ``n_features`` columns."""
    min_n, max_n = ngram_range
    doc_of, remaining = _positions(lengths)
    rows, cols, h = [], [], unit_hash
    with np.errstate(over="ignore"):
        for k in range(1, max_n + 1):
            m = len(unit_hash) - k + 1
            if m <= 0:
                break
            if k > 1:
                h = mix64(h[:m] * GOLDEN + unit_hash[k - 1 :])
            if k >= min_n:
                valid = remaining[:m] >= k
                rows.append(doc_of[:m][valid])
                cols.append(_column(h[valid], n_features))
    return _csr(rows, cols, (len(lengths), n_features), dtype)


def _column(h, n_features):
    if n_features & (n_features - 1) == 0:  # a power of two: a mask will do
        return (h & np.uint64(n_features - 1)).astype(np.int64)
    return (h % np.uint64(n_features)).astype(np.int64)


def char_hashes(codes):
    """A 64-bit hash of every code point."""
    with np.errstate(over="ignore"):
        return mix64(codes.astype(np.uint64) + GOLDEN)
