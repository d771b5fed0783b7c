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
from sklearn.utils.validation import assert_all_finite

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_FOLD_SHIFT = np.uint64(29)
# entries per dense block: two uint64 blocks of 256 KiB stay in L2 cache
_BLOCK_ENTRIES = 2**15


def mix64(h):
    """splitmix64 finaliser, vectorised (uint64 arithmetic wraps modulo 2**64).

    The one copy of the package's 64-bit mixer (row keys, document hashes,
    n-gram codes all use it). ``h`` is not modified.
    """
    if isinstance(h, np.ndarray) and h.dtype == np.uint64:
        return _mix64_inplace(h.copy())
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * _M1
        h = h ^ (h >> np.uint64(27))
        h = h * _M2
        return h ^ (h >> np.uint64(31))


def _mix64_inplace(h):
    """:func:`mix64` of a uint64 array, computed in place in ``h`` (returned).

    One scratch array instead of a fresh temporary per operation: at a million
    rows the temporaries' page faults cost as much as the arithmetic.
    """
    tmp = np.empty_like(h)
    with np.errstate(over="ignore"):
        for shift, multiplier in ((30, _M1), (27, _M2), (31, None)):
            np.right_shift(h, np.uint64(shift), out=tmp)
            h ^= tmp
            if multiplier is not None:
                h *= multiplier
    return h


def _value_bits(values):
    """uint64 bit patterns of float values, with -0.0 mapped to +0.0."""
    values = np.asarray(values, dtype=np.float64) + 0.0
    return values.view(np.uint64)


def _seed_word(seed):
    return mix64(np.uint64(seed % (2**64)) + GOLDEN)


def row_hashes(
    X,
    seed=0,
    *,
    labels=None,
    chunk_rows=None,
    ensure_all_finite=False,
    estimator_name=None,
):
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
    chunk_rows : int, default=None
        Rows hashed at once for dense input (small blocks stay in cache);
        None: about 32,768 entries per block. The hashes do not depend on it.
    ensure_all_finite : bool, default=False
        Raise scikit-learn's error ("Input X contains NaN", "... infinity")
        when ``X`` holds a non-finite value. The check sums each block while
        it is in cache, which is cheaper than a separate pass over ``X``
        (``check_array(X)``); use it with ``validate_data(...,
        ensure_all_finite=False)``.
    estimator_name : str, default=None
        Estimator named in that error message.

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
    with np.errstate(over="ignore", invalid="ignore"):
        if sparse.issparse(X):
            X = sparse.csr_array(X)
            total = X.data.sum() if ensure_all_finite else 0.0
            hashes = _sparse_row_sums(X)
        else:
            X = np.asarray(X)
            hashes, total = _dense_row_sums(X, chunk_rows, ensure_all_finite)
    if not np.isfinite(total):
        # NaN or inf somewhere (or an overflowing sum of finite values, which
        # the element-wise check lets through)
        assert_all_finite(X, input_name="X", estimator_name=estimator_name)
    with np.errstate(over="ignore"):
        hashes ^= _seed_word(seed)
        _mix64_inplace(hashes)
        if labels is not None:
            hashes ^= _label_words(labels)
            _mix64_inplace(hashes)
    return hashes


def _label_words(labels):
    """A stable 64-bit word per label (crc32 of its text, so no process salt)."""
    labels = np.asarray(labels).ravel()
    uniques = np.unique(labels)
    inverse = np.searchsorted(uniques, labels)
    words = np.array([zlib.crc32(str(u).encode()) for u in uniques], dtype=np.uint64)
    return mix64(words[inverse] + GOLDEN)


def _column_multipliers(n_cols):
    """One odd 64-bit multiplier per column (odd: multiplication is a bijection)."""
    return mix64(np.arange(n_cols, dtype=np.uint64) + GOLDEN) | np.uint64(1)


def _dense_row_sums(X, chunk_rows, sum_values=False):
    """Per row, the sum over columns of ``fold(bits) * multiplier[column]``.

    A zero entry has bits 0 and adds nothing, so the dense and sparse sums
    agree. The entry hash is cheap (shift, xor, multiply) because the final
    splitmix of the row sum does the mixing. Rows are processed a block at a
    time, in place, so the temporaries stay in the processor cache; the block
    keeps the memory layout of ``X`` (rows of a C-ordered array, columns of a
    Fortran-ordered one) so that its copy reads memory sequentially, and the
    multiply and the sum over columns are one ``einsum`` pass (uint64
    arithmetic, wrapping modulo 2**64 exactly like the separate operations).
    With ``sum_values``, also returns the sum of all values (a non-finite sum
    flags NaN or inf), else 0.0.
    """
    n_rows, n_cols = X.shape
    out = np.empty(n_rows, dtype=np.uint64)
    multipliers = _column_multipliers(n_cols)
    block_rows = max(1, _BLOCK_ENTRIES // max(n_cols, 1))
    if chunk_rows is not None:
        block_rows = max(1, min(chunk_rows, block_rows))
    by_column = X.flags.f_contiguous and not X.flags.c_contiguous
    shape = (n_cols, block_rows) if by_column else (block_rows, n_cols)
    bits = np.empty(shape, dtype=np.uint64)
    scratch = np.empty_like(bits)
    total = 0.0
    for start in range(0, n_rows, block_rows):
        block = X[start : start + block_rows]
        m = block.shape[0]
        if by_column:
            block = block.T
            b, tmp = bits[:, :m], scratch[:, :m]
        else:
            b, tmp = bits[:m], scratch[:m]
        # + 0.0 maps -0.0 to +0.0 (and casts integers and float32 to float64)
        np.add(block, 0.0, out=b.view(np.float64), casting="unsafe")
        if sum_values:
            total += np.einsum("ij->", b.view(np.float64))  # faster than sum()
        np.right_shift(b, _FOLD_SHIFT, out=tmp)
        b ^= tmp
        if by_column:
            np.einsum("j,ji->i", multipliers, b, out=out[start : start + m])
        else:
            np.einsum("ij,j->i", b, multipliers, out=out[start : start + m])
    return out, total


def _sparse_row_sums(X):
    if not X.has_canonical_format:
        # sum_duplicates sorts the index arrays in place, and csr_array(X)
        # shares them with the caller's matrix
        X = X.copy()
        X.sum_duplicates()
    bits = _value_bits(X.data)
    entries = (bits ^ (bits >> _FOLD_SHIFT)) * _column_multipliers(X.shape[1])[
        X.indices
    ]
    cumulative = np.concatenate([[np.uint64(0)], np.cumsum(entries, dtype=np.uint64)])
    return cumulative[X.indptr[1:]] - cumulative[X.indptr[:-1]]


def uniform_keys(X, seed=0, *, labels=None):
    """Uniform(0, 1) keys derived from row content (see :func:`row_hashes`)."""
    hashes = row_hashes(X, seed, labels=labels)
    return (hashes >> np.uint64(11)).astype(np.float64) * 2.0**-53
