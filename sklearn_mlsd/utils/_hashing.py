"""Content-derived random keys.

A row's key depends only on its values (and a seed), never on its position,
so a procedure that ranks rows by key gives the same answer for any row order,
for any subset containing the row, and for dense and sparse copies of the data.
Duplicated rows get equal keys, which is what makes "a row with weight 2"
behave exactly like "the row twice".
"""

import zlib

import numpy as np
from scipy import sparse

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(h):
    """splitmix64 finaliser, vectorised (uint64 arithmetic wraps modulo 2**64)."""
    h = h ^ (h >> np.uint64(30))
    h = h * _M1
    h = h ^ (h >> np.uint64(27))
    h = h * _M2
    return h ^ (h >> np.uint64(31))


def _value_bits(values):
    """uint64 bit patterns of float values, with -0.0 mapped to +0.0."""
    values = np.asarray(values, dtype=np.float64) + 0.0
    return values.view(np.uint64)


def _seed_word(seed):
    return _mix(np.uint64(seed % (2**64)) + _GOLDEN)


def _entry_hash(columns, bits):
    """Hash of (column index, value) pairs; summed per row it is order-free."""
    return _mix(bits ^ _mix(np.asarray(columns, dtype=np.uint64) + _GOLDEN))


def row_hashes(X, seed=0, *, labels=None, chunk_rows=1024):
    """64-bit hash of each row of a numeric matrix, independent of row order.

    Zero entries contribute nothing, so a dense array and its sparse copy hash
    identically. ``labels`` (one per row) are folded in when given.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Numeric data.
    seed : int, default=0
        Seed mixed into every hash.
    labels : array-like of shape (n_samples,), default=None
        Extra per-row values (e.g. class labels) folded into the hash.
    chunk_rows : int, default=1024
        Rows hashed at once for dense input (small blocks stay in cache).

    Returns
    -------
    hashes : ndarray of shape (n_samples,), dtype uint64

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.utils._hashing import row_hashes
    >>> X = np.array([[1.0, 2.0], [3.0, 0.0], [1.0, 2.0]])
    >>> h = row_hashes(X, seed=7)
    >>> bool(h[0] == h[2]), bool(h[0] == h[1])
    (True, False)
    """
    with np.errstate(over="ignore"):
        if sparse.issparse(X):
            hashes = _sparse_row_sums(sparse.csr_array(X))
        else:
            hashes = _dense_row_sums(np.asarray(X), chunk_rows)
        hashes = _mix(hashes ^ _seed_word(seed))
        if labels is not None:
            hashes = _mix(hashes ^ _label_words(labels))
    return hashes


def _label_words(labels):
    """A stable 64-bit word per label (crc32 of its text, so no process salt)."""
    labels = np.asarray(labels).ravel()
    uniques = np.unique(labels)
    inverse = np.searchsorted(uniques, labels)
    words = np.array([zlib.crc32(str(u).encode()) for u in uniques], dtype=np.uint64)
    return _mix(words[inverse] + _GOLDEN)


def _mix_inplace(h, scratch):
    """:func:`_mix` computed in place (``scratch``: a buffer of ``h``'s shape)."""
    for shift, multiplier in ((30, _M1), (27, _M2)):
        np.right_shift(h, np.uint64(shift), out=scratch)
        h ^= scratch
        h *= multiplier
    np.right_shift(h, np.uint64(31), out=scratch)
    h ^= scratch


def _dense_row_sums(X, chunk_rows):
    """Sum over columns of the entry hashes of each row, zero entries skipped.

    Rows are hashed a small block at a time, transposed (so that the sum over
    columns adds contiguous vectors) and in place, so the temporaries stay in
    the processor cache (1,024 rows of 20 float64 are 160 kB).
    """
    n_rows, n_cols = X.shape
    out = np.empty(n_rows, dtype=np.uint64)
    column_words = _mix(np.arange(n_cols, dtype=np.uint64) + _GOLDEN)[:, None]
    block_rows = max(1, min(chunk_rows, 2**18 // max(n_cols, 1)))
    h = np.empty((n_cols, block_rows), dtype=np.uint64)
    scratch = np.empty_like(h)
    nonzero = np.empty((n_cols, block_rows), dtype=bool)
    for start in range(0, n_rows, block_rows):
        block = X[start : start + block_rows].T
        m = block.shape[1]
        bits, tmp, kept = h[:, :m], scratch[:, :m], nonzero[:, :m]
        np.add(block, 0.0, out=bits.view(np.float64), casting="unsafe")
        np.not_equal(bits, 0, out=kept)
        bits ^= column_words
        _mix_inplace(bits, tmp)
        np.multiply(bits, kept, out=bits)
        np.add.reduce(bits, axis=0, dtype=np.uint64, out=out[start : start + m])
    return out


def _sparse_row_sums(X):
    X.sum_duplicates()
    entries = _entry_hash(X.indices, _value_bits(X.data))
    entries[X.data == 0] = 0
    row_of_entry = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    out = np.zeros(X.shape[0], dtype=np.uint64)
    np.add.at(out, row_of_entry, entries)
    return out


def uniform_keys(X, seed=0, *, labels=None):
    """Uniform(0, 1) keys derived from row content (see :func:`row_hashes`)."""
    hashes = row_hashes(X, seed, labels=labels)
    return (hashes >> np.uint64(11)).astype(np.float64) * 2.0**-53
