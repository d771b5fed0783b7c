"""SMOTE: synthetic minority rows on segments between near neighbours."""

import numbers
import warnings

import numpy as np
from scipy import sparse
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from sklearn_mlsd.base import OverResampler
from sklearn_mlsd.imbalance._nearest import nearest_other_rows, screen_for
from sklearn_mlsd.imbalance._strategy import check_no_removal, check_target
from sklearn_mlsd.utils._compat import ImbOverSampler, Interval

# Above this median ratio (nearest distance / mean distance) the nearest
# neighbour of a row is barely closer than an average row: warn.
CONCENTRATION_THRESHOLD = 0.75
_CHUNK_ROWS = 2048


class HighDimensionalWarning(UserWarning):
    """Distances concentrate: nearest neighbours carry little information.

    Raised by nearest-neighbour resamplers (SMOTE) when, measured on the data,
    the nearest neighbour of a row is almost as far as an average row.
    """


def _pair_distances(X, first, second):
    """Euclidean distances between rows ``first[i]`` and ``second[i]``."""
    diff = X[first] - X[second]
    if sparse.issparse(diff):
        return np.sqrt(np.asarray(diff.multiply(diff).sum(axis=1)).ravel())
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))


def distance_concentration(X, nearest=None, *, n_pairs=2000):
    """Median nearest-neighbour distance over the mean distance between rows.

    Close to 0: a row's nearest neighbour is much closer than a typical row
    (nearest-neighbour methods are meaningful). Close to 1: every row is
    about as far from every other one, which is what happens to distances in
    high dimension (Beyer et al., 1999). The mean distance is estimated on
    ``n_pairs`` pairs of distinct rows drawn with a fixed seed.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Data (at least 2 rows).
    nearest : ndarray of shape (n_samples,), default=None
        Distance from each row to its nearest other row, if already known;
        computed with ``NearestNeighbors`` otherwise.
    n_pairs : int, default=2000
        Pairs of rows used to estimate the mean distance.

    Returns
    -------
    ratio : float
        NaN when it is undefined (all rows equal).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> low = distance_concentration(rng.standard_normal((1000, 2)))
    >>> high = distance_concentration(rng.standard_normal((1000, 500)))
    >>> bool(low < 0.1), bool(high > 0.85)
    (True, True)
    """
    n_rows = X.shape[0]
    if nearest is None:
        search = NearestNeighbors(n_neighbors=2).fit(X)
        nearest = search.kneighbors(X)[0][:, 1]
    draws = np.random.default_rng(0)
    first = draws.integers(0, n_rows, size=n_pairs)
    second = (first + draws.integers(1, n_rows, size=n_pairs)) % n_rows
    mean_distance = _pair_distances(X, first, second).mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.median(nearest) / mean_distance)


def _label_text(label):
    """A class label as the user wrote it (no ``np.int64(...)`` wrapper)."""
    return repr(label.item() if hasattr(label, "item") else label)


def _check_class_sizes(y, targets, k_neighbors):
    """Every class to grow needs more than ``k_neighbors`` rows."""
    for label, n_new in targets.items():
        size = int(np.sum(y == label))
        if n_new == 0 or size > k_neighbors:
            continue
        fix = (
            f"lower k_neighbors to at most {size - 1}"
            if size > 1
            else "a single row cannot be interpolated: use RandomOversampler"
        )
        raise ValueError(
            f"k_neighbors={k_neighbors} must be smaller than the size of every "
            f"class to oversample, but class {_label_text(label)} has {size} "
            f"row(s). To fix: {fix}, or leave the class out of sampling_strategy."
        )


def _warn_if_concentrated(ratio, n_features, label):
    if not ratio > CONCENTRATION_THRESHOLD:
        return
    warnings.warn(
        HighDimensionalWarning(
            f"Distances concentrate in class {_label_text(label)} "
            f"({n_features} features): "
            f"the median distance from a row to its nearest neighbour is "
            f"{ratio:.0%} of the mean distance between rows (relative contrast "
            f"{1 / ratio - 1:.2f}; above {CONCENTRATION_THRESHOLD:.0%} nearest "
            "neighbours carry little information). Synthetic rows will "
            "interpolate between essentially unrelated rows. Reduce the "
            "dimension first (feature selection, PCA), or use RandomOversampler "
            "or class weights."
        ),
        stacklevel=4,
    )


def _neighbours(X_class, k_neighbors, n_jobs):
    """The ``k_neighbors`` nearest other rows of each row (those of
    ``NearestNeighbors(k_neighbors + 1).kneighbors``, in its order), and the
    distance from each row to the first of them."""
    search = NearestNeighbors(n_neighbors=k_neighbors + 1, n_jobs=n_jobs)
    search.fit(X_class)
    screen = screen_for(X_class, k_neighbors, n_jobs)
    rows = np.arange(X_class.shape[0])
    neighbours = nearest_other_rows(search, screen, X_class, rows)
    return neighbours, _pair_distances(X_class, rows, neighbours[:, 0])


def _draw_parents(neighbours, n_new, rng):
    """Local positions (base, neighbour) and steps of ``n_new`` synthetic rows."""
    k_neighbors = neighbours.shape[1]
    picks = rng.randint(low=0, high=neighbours.size, size=n_new)
    steps = rng.uniform(size=n_new)
    return picks // k_neighbors, neighbours.ravel()[picks], steps


def _interpolate_dense(X, base, other, steps, out):
    """out = X[base] + steps * (X[other] - X[base]), in chunks of rows."""
    for start in range(0, len(base), _CHUNK_ROWS):
        part = slice(start, start + _CHUNK_ROWS)
        origin = X[base[part]]
        block = out[part]
        np.take(X, other[part], axis=0, out=block)
        block -= origin
        block *= steps[part, None].astype(X.dtype, copy=False)
        block += origin


def _interpolate_sparse(X, base, other, steps):
    """X[base] + steps * (X[other] - X[base]) for a sparse ``X`` (CSR out)."""
    rows = X.tocsr()
    origin = rows[base]
    scale = sparse.diags_array(steps.astype(X.dtype))
    return (origin + scale @ (rows[other] - origin)).tocsr()


class SMOTEOversampler(OverResampler):
    """Add synthetic rows between minority rows and their near minority neighbours.

    For each class to grow, SMOTE [1]_ draws a row of the class and one of its
    ``k_neighbors`` nearest rows of the same class (uniformly among all
    row-neighbour pairs) and places a new row at a uniform random point of the
    segment between them. Class counts are those of imbalanced-learn's
    ``SMOTE`` for the same ``sampling_strategy``, and the synthetic rows are
    drawn the same way: with one class to grow (binary data) and the same
    integer ``random_state`` they are the very rows ``SMOTE`` makes; with
    several classes to grow they differ, since ``SMOTE`` restarts its random
    generator from the seed for every class where we draw on with one.

    Nearest neighbours only mean something in low dimension: as the number of
    features grows, all distances become alike (the lecture: "Both SMOTE and
    Tomek links only work on low-dimensional data!"). This is measured on the
    data of every class to grow: when the median distance from a row to its
    nearest neighbour exceeds 0.75 times the mean distance between rows, a
    :class:`HighDimensionalWarning` says so.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Target class sizes, with imbalanced-learn's meaning: a float is the
        desired minority / majority ratio after resampling (binary only);
        'minority', 'not minority', 'not majority', 'all' and 'auto' (= 'not
        majority') name the classes brought up to the majority size; a dict
        maps a class to its final size; a callable maps ``y`` to such a dict.
        Class sizes are row counts (``sample_weight`` does not change them).
    k_neighbors : int, default=5
        Number of nearest rows of the same class a synthetic row may be drawn
        toward. Must be smaller than the size of every class to grow.
    random_state : int, RandomState instance or None, default=None
        Controls the draws of rows, neighbours and positions on the segments.
        Pass an int for reproducible output across multiple function calls.
    n_jobs : int, default=None
        Number of parallel jobs of the neighbour search. For a class of
        50,000 rows or more with more than 15 features the search is a
        single-precision scan with a certified rounding bound (near ties go
        to scikit-learn's search, so the neighbours and their order are
        scikit-learn's), about twice as fast at 1,000,000 x 20; there
        ``None`` means OpenMP's number of threads, as for scikit-learn's
        brute-force search. Otherwise ``None`` means 1 unless in a
        :obj:`joblib.parallel_backend` context. ``-1`` means all processors.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of rows added to each class.
    synthetic_parents_ : ndarray of shape (n_synthetic, 2)
        For every synthetic row (in output order, after the original rows),
        the positions in ``X`` of the row it starts from and of the neighbour
        it moves toward.
    synthetic_steps_ : ndarray of shape (n_synthetic,)
        Position of every synthetic row on its segment: ``x_new = x_base +
        step * (x_neighbour - x_base)``, ``0 <= step < 1``.
    distance_concentration_ : dict
        For each class grown (with at least 20 rows): median distance to the
        nearest neighbour over mean distance between rows of the class; see
        :func:`distance_concentration`.
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit_resample``, for DataFrame input.

    See Also
    --------
    RandomOversampler : duplicate rows instead (no neighbour search).
    TomekUndersampler : remove boundary rows.
    imblearn.over_sampling.SMOTE : the imbalanced-learn implementation.

    Notes
    -----
    Output: the original rows first, then the synthetic rows class by class
    (in ``sampling_strategy_`` order). Sparse input stays sparse (same
    format); float32 stays float32; other numeric input becomes float64, so
    that synthetic rows really lie on their segments. A DataFrame keeps its
    columns and gets a fresh ``RangeIndex``, since synthetic rows have no index
    of their own; imbalanced-learn casts the columns back to their dtypes, so
    integer columns get truncated synthetic values.

    Weights: with ``sample_weight``, original rows keep their weight and a
    synthetic row gets the weight interpolated like its features,
    ``w_base + step * (w_neighbour - w_base)`` (the mean of its parents'
    weights on average).

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE:
       synthetic minority over-sampling technique", Journal of Artificial
       Intelligence Research, 16, 321-357, 2002.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlsd.imbalance import SMOTEOversampler
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(30, 2))
    >>> y = np.array([0] * 24 + [1] * 6)
    >>> sampler = SMOTEOversampler(k_neighbors=3, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res)
    array([24, 24])
    >>> sampler.synthetic_parents_.shape
    (18, 2)

    A class too small for ``k_neighbors`` is refused:

    >>> SMOTEOversampler(k_neighbors=6).fit_resample(X, y)
    Traceback (most recent call last):
    ...
    ValueError: k_neighbors=6 must be smaller than the size of every class ...
    """

    _parameter_constraints = {
        **ImbOverSampler._parameter_constraints,
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self, *, sampling_strategy="auto", k_neighbors=5, random_state=None, n_jobs=None
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.k_neighbors = k_neighbors
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _check_X_y(self, X, y, accept_sparse=None):
        y, binarize_y = check_target(y)
        X, y = validate_data(
            self,
            X,
            y,
            reset=True,
            accept_sparse=["csr", "csc"],
            dtype=[np.float64, np.float32],
        )
        check_no_removal(self.sampling_strategy, y)
        return X, y, binarize_y

    def _fit_resample(self, X, y, sample_weight=None):
        rng = check_random_state(self.random_state)
        _check_class_sizes(y, self.sampling_strategy_, self.k_neighbors)
        parents, steps, labels, self.distance_concentration_ = [], [], [], {}
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            rows = np.flatnonzero(y == label)
            X_class = X[rows]
            neighbours, nearest = _neighbours(X_class, self.k_neighbors, self.n_jobs)
            if X_class.shape[0] >= 20:
                ratio = distance_concentration(X_class, nearest)
                self.distance_concentration_[label] = ratio
                _warn_if_concentrated(ratio, X.shape[1], label)
            base, other, step = _draw_parents(neighbours, n_new, rng)
            parents.append(np.column_stack([rows[base], rows[other]]))
            steps.append(step)
            labels.append((label, n_new))
        self.synthetic_parents_ = np.concatenate(
            [np.empty((0, 2), dtype=np.intp), *parents]
        ).astype(np.intp, copy=False)
        self.synthetic_steps_ = np.concatenate([np.empty(0), *steps])
        del parents, steps  # keep the peak memory low while assembling
        return self._assemble(X, y, sample_weight, labels)

    def _assemble(self, X, y, sample_weight, labels):
        base, other = self.synthetic_parents_.T
        steps = self.synthetic_steps_
        grown = np.array([label for label, _ in labels], dtype=y.dtype)
        y_res = np.concatenate([y, np.repeat(grown, [n for _, n in labels])])
        if sparse.issparse(X):
            new = _interpolate_sparse(X, base, other, steps)
            X_res = sparse.vstack([X, new], format=X.format)
        else:
            X_res = np.empty((len(y_res), X.shape[1]), dtype=X.dtype)
            X_res[: len(y)] = X
            _interpolate_dense(X, base, other, steps, X_res[len(y) :])
        if sample_weight is None:
            return X_res, y_res
        w_base, w_other = sample_weight[base], sample_weight[other]
        w_new = w_base + steps * (w_other - w_base)
        return X_res, y_res, np.concatenate([sample_weight, w_new])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
