"""Vectorised n-gram counting on integer unit ids (tokens or characters).

A corpus is turned into one flat int64 array of unit ids plus the number of
units per document. An n-gram starting at position i is coded as
``dense(prefix) * V + id[i + n - 1]``, where ``dense(prefix)`` is the rank of
its (n-1)-gram prefix among the distinct (n-1)-grams (the unit id itself for
n = 2). Codes then stay below (number of positions) * V, and because unit ids
are alphabetical ranks, sorting codes sorts n-grams alphabetically: the same
order as scikit-learn's sorted vocabulary.

Word tokens never become Python objects one by one: each chunk of documents
is tokenised into a pyarrow binary array, and pyarrow's hash tables give every
token its id (``dictionary_encode`` in fit, ``index_in`` against the fitted
tokens in transform).
"""

import hashlib
import re
import string

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from sklearn_mlsd.utils._hashing import GOLDEN, mix64

# CountVectorizer's token pattern is r"(?u)\b\w\w+\b". A greedy \w\w+ finds the
# same tokens (a match starts at the start of a run of word characters and
# takes all of it; runs of one character never match) and runs twice as fast.
TOKEN_PATTERN = re.compile(r"\w\w+")
_WHITE_SPACES = re.compile(r"\s\s+")
_CHUNK = 8192
# Each document is lowercased and followed by this separator, and a chunk of
# documents is tokenised at once. It is a token, and it cannot occur in
# lowercased text, so its occurrences mark the ends of the documents.
SEPARATOR = "ZZ"
_SEPARATOR_BYTES = SEPARATOR.encode()
_END = f"\n{SEPARATOR}\n"
# An ASCII chunk is tokenised by pyarrow: every byte that is not an ASCII word
# character ([A-Za-z0-9_]) becomes a space, the text is split at the spaces,
# and the pieces shorter than two bytes (empty ones included) are dropped:
# exactly the runs of two or more word characters that the pattern finds.
_WORD_BYTES = frozenset((string.ascii_letters + string.digits + "_").encode())
_TO_SPACE = bytes(i if i in _WORD_BYTES else 32 for i in range(256))
_UNKNOWN = -2  # the separator is -1 once looked up
_LOOKUP_GROUP = 16  # chunks looked up at once by transform (bounds pyarrow's memory)


def _token_arrays(docs):
    """Lowercased tokens of each chunk of documents as pyarrow large_binary
    arrays (UTF-8; 64-bit offsets, so that they can be concatenated whatever
    the corpus size), every document followed by the separator token."""
    for start in range(0, len(docs), _CHUNK):
        text = _END.join(map(str.lower, docs[start : start + _CHUNK])) + _END
        if text.isascii():
            data = text.encode("ascii").translate(_TO_SPACE)
            pieces = pc.split_pattern(pa.array([data], pa.large_binary()), " ")
            pieces = pieces.flatten()
            yield pieces.filter(pc.greater_equal(pc.binary_length(pieces), 2))
        else:
            # tokens are runs of \w: never a lone surrogate, always valid UTF-8
            found = TOKEN_PATTERN.findall(text)
            yield pa.array(found, pa.large_string()).cast(pa.large_binary())


def _split_separators(values, is_separator):
    """Drop the separators; return the other values and the number of them in
    each document (each document ends with a separator)."""
    ends = np.flatnonzero(is_separator)
    lengths = np.diff(ends, prepend=-1) - 1
    return values[~is_separator], lengths


def _encoded_corpus(docs):
    """Distinct tokens (UTF-8 bytes, first-occurrence order), the index of
    every token occurrence among them, and the number of tokens per document."""
    # chunk by chunk (pyarrow holds one chunk's tokens at a time): pyarrow
    # numbers the tokens of the chunk, a dict numbers its distinct tokens
    index, parts = {}, []
    for tokens in _token_arrays(docs):
        encoded = pc.dictionary_encode(tokens)
        new = index.setdefault
        to_corpus = [new(token, len(index)) for token in encoded.dictionary.to_pylist()]
        parts.append(np.asarray(to_corpus, dtype=np.int64)[encoded.indices.to_numpy()])
    del tokens, encoded
    dictionary, indices = list(index), np.concatenate(parts)
    del index, parts
    separator = dictionary.index(_SEPARATOR_BYTES)  # there is a document
    del dictionary[separator]
    indices, lengths = _split_separators(indices, indices == separator)
    indices -= indices > separator
    if len(lengths) != len(docs):  # pragma: no cover - the separator is unforgeable
        raise RuntimeError("document boundaries lost while tokenising")
    return dictionary, indices, lengths


def word_ids_fit(docs):
    """Alphabetical token ids of every token, tokens per document, sorted tokens."""
    encoded, indices, lengths = _encoded_corpus(docs)
    tokens = [token.decode("utf-8", "surrogatepass") for token in encoded]
    order = sorted(range(len(tokens)), key=tokens.__getitem__)
    rank = np.empty(len(tokens), dtype=np.int64)
    rank[order] = np.arange(len(tokens))
    return rank[indices], lengths, [tokens[i] for i in order]


def token_lookup_table(tokens):
    """What ``word_ids_lookup`` needs: the separator then ``tokens``, as a
    pyarrow large_binary array."""
    return pa.array([SEPARATOR, *tokens], pa.large_string()).cast(pa.large_binary())


def word_ids_lookup(docs, table):
    """Token ids from a fitted ``token_lookup_table``; -2 for unknown tokens."""
    parts, group = [], []
    for tokens in [*_token_arrays(docs), None]:
        if tokens is not None:
            group.append(tokens)
        if group and (tokens is None or len(group) == _LOOKUP_GROUP):
            # one hash table of the fitted tokens per group of chunks
            chunks = pa.chunked_array(group, pa.large_binary())
            found = pc.index_in(chunks, value_set=table).fill_null(_UNKNOWN + 1)
            parts.extend(chunk.to_numpy() for chunk in found.chunks)
            group = []
    ids = np.concatenate(parts).astype(np.int64)
    del parts
    ids -= 1  # the separator is -1
    ids, lengths = _split_separators(ids, ids == -1)
    if len(lengths) != len(docs):  # pragma: no cover - the separator is unforgeable
        raise RuntimeError("document boundaries lost while tokenising")
    return ids, lengths


def word_hashes(docs):
    """A stable 64-bit hash of every token, and tokens per document."""
    tokens, indices, lengths = _encoded_corpus(docs)
    digests = b"".join(hashlib.blake2b(t, digest_size=8).digest() for t in tokens)
    unit_hash = np.frombuffer(digests, dtype="<u8").astype(np.uint64)
    return unit_hash[indices], lengths


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
    index_dtype = np.int32 if n_units < 2**31 else np.int64
    remaining = np.cumsum(lengths).astype(index_dtype)[doc_of]
    remaining -= np.arange(n_units, dtype=index_dtype)
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
            code = dense[pos]  # in place from here: fewer big temporaries
            code *= n_units
            code += ids[k - 1 :][pos]
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
    presence table replaces the sort. Otherwise each code is packed with its
    position into one int64 and the packed values are sorted (a plain sort
    is several times faster than the ``argsort`` that ``np.unique`` does).
    """
    if bound <= max(4 * len(code), 1 << 16):
        present = np.zeros(bound, dtype=bool)
        present[code] = True
        rank = np.cumsum(present, dtype=np.int64) - 1
        return np.flatnonzero(present), rank[code]
    shift = max(len(code) - 1, 1).bit_length()
    if (bound - 1).bit_length() + shift > 63:
        return np.unique(code, return_inverse=True)
    packed = np.left_shift(code, shift, dtype=np.int64)
    packed |= np.arange(len(code))
    packed.sort()
    ordered = packed >> shift
    first = np.empty(len(code), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    packed &= (1 << shift) - 1  # the positions
    rank = np.cumsum(first)
    rank -= 1
    inverse = np.empty(len(code), dtype=np.int64)
    inverse[packed] = rank
    return ordered[first], inverse


def sorted_count_matrix(levels, n_docs, n_units, dtype):
    """Document-term counts (CSR of ``dtype``), n-grams in alphabetical order.

    Alphabetical order of n-gram strings is the lexicographic order of their
    unit-id tuples, a shorter tuple before the longer ones it prefixes.
    Returns the matrix and the sorted tuples (rows padded with -1). The list
    ``levels`` is consumed (emptied).
    """
    width = max(t.shape[1] for t, _, _ in levels)
    padded = np.concatenate(
        [
            np.pad(t, ((0, 0), (0, width - t.shape[1])), constant_values=-1)
            for t, _, _ in levels
        ]
    )
    offsets = np.cumsum([0] + [len(t) for t, _, _ in levels])
    if (n_units + 1.0) ** width < 2.0**62:
        key = np.zeros(len(padded), dtype=np.int64)
        for j in range(width):
            key = key * (n_units + 1) + (padded[:, j] + 1)
        new_id = _merged_ranks(np.split(key, offsets[1:-1]))
    else:
        order = np.lexsort(padded.T[::-1])
        new_id = np.empty(len(order), dtype=np.int64)
        new_id[order] = np.arange(len(order))
    new_id = new_id.astype(np.int32)
    rows = [docs for _, docs, _ in levels]
    cols = [
        new_id[off + loc] for off, (_, _, loc) in zip(offsets[:-1], levels, strict=True)
    ]
    levels.clear()  # consumed: _csr frees each level's occurrences once packed
    ordered = np.empty(padded.shape, dtype=np.int32)  # unit ids fit in 32 bits
    ordered[new_id] = padded
    return _csr(rows, cols, (n_docs, len(padded)), dtype), ordered


def _merged_ranks(keys):
    """Rank of every key in the merge of sorted arrays of distinct keys.

    A key's rank is its position in its own array plus the number of smaller
    keys in each other array: a binary search per key and per other array,
    much cheaper than sorting them all again.
    """
    ranks = []
    for i, own in enumerate(keys):
        rank = np.arange(len(own), dtype=np.int64)
        for j, other in enumerate(keys):
            if j != i:
                rank += np.searchsorted(other, own)
        ranks.append(rank)
    return np.concatenate(ranks)


def ngram_strings(padded, unit_strings, separator):
    """The text of each n-gram (rows of unit ids, -1 padded), an object array.

    One vectorised concatenation per position (object arrays: numpy calls
    ``str.__add__`` in C), and the unigrams reuse the unit strings.
    """
    out = np.empty(len(padded), dtype=object)
    units = np.empty(len(unit_strings), dtype=object)
    units[:] = unit_strings
    prefixes = units + separator if separator else units
    lengths = (padded >= 0).sum(axis=1)
    for k in np.unique(lengths).tolist():
        rows = np.flatnonzero(lengths == k)
        text = units[padded[rows, k - 1]]
        for j in range(k - 2, -1, -1):
            text = prefixes[padded[rows, j]] + text
        out[rows] = text
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
        order = np.argsort(home)  # any order among equal home slots will do
        position = home[order]  # in place from here: fewer big temporaries
        del home
        rank = np.arange(len(keys))
        position -= rank
        np.maximum.accumulate(position, out=position)
        position += rank
        del rank
        end = int(position[-1]) + 2 if len(keys) else 2
        self.table = np.full((max(size, end), 2), -1, dtype=np.int64)
        self.table[:, 0][position] = keys[order]
        self.table[:, 1][position] = values[order]

    def _home(self, keys):
        with np.errstate(over="ignore"):
            return (mix64(keys.astype(np.uint64)) & self.mask).astype(np.int64)

    def get(self, queries, ok):
        """Value of each query where ``ok`` and found, else -1."""
        slot = self._home(queries)
        # np.take: several times faster than fancy indexing of the rows
        entry = np.take(self.table, slot, axis=0)
        hit = ok & (entry[:, 0] == queries)
        result = np.where(hit, entry[:, 1], -1)
        active = np.flatnonzero(ok & ~hit & (entry[:, 0] != -1))
        slot = slot[active] + 1
        while len(active):
            entry = np.take(self.table, slot, axis=0)
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
        new_id = np.append(np.cumsum(used, dtype=np.int32) - 1, np.int32(-1))
        self.tuples = tuples = new_id[padded]
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
        code = tuples[:, 0].astype(np.int64)
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
    """CSR matrix of ``dtype`` counting the (row, column) pairs (canonical).

    ``rows`` and ``cols`` are lists of arrays, emptied as they are read. Each
    pair is packed into one int64 (row high, column low) and the packed values
    are sorted: runs of equal values are the counts, and their order is CSR
    order (rows, then columns within a row).
    """
    n_rows, n_cols = shape
    index_dtype = np.int32 if max(shape) < 2**31 else np.int64
    shift = max(n_cols - 1, 1).bit_length()
    if max(n_rows - 1, 1).bit_length() + shift > 63:  # pragma: no cover - huge
        rows = np.concatenate(rows).astype(index_dtype) if rows else []
        cols = np.concatenate(cols).astype(index_dtype) if cols else []
        data = np.ones(len(rows), dtype=dtype)
        X = sparse.csr_matrix((data, (rows, cols)), shape=shape, dtype=dtype)
        X.sum_duplicates()
        return X
    key = np.empty(sum(map(len, rows)), dtype=np.int64)
    start = 0
    while rows:
        part_rows, part_cols = rows.pop(0), cols.pop(0)
        part = key[start : start + len(part_rows)]
        part[:] = part_rows
        part <<= shift
        part |= part_cols
        start += len(part_rows)
    del part_rows, part_cols, part
    key.sort()
    first = np.empty(len(key), dtype=bool)
    first[:1] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    del first
    counts = np.empty(len(starts), dtype=dtype)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1], casting="unsafe")
    counts[-1:] = len(key) - starts[-1:]
    key = key[starts]
    del starts
    indices = np.empty(len(key), dtype=index_dtype)
    np.bitwise_and(key, (1 << shift) - 1, out=indices, casting="unsafe")
    key >>= shift
    indptr = np.searchsorted(key, np.arange(n_rows + 1)).astype(index_dtype)
    del key
    X = sparse.csr_matrix((counts, indices, indptr), shape=shape)
    X.has_canonical_format = True
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
