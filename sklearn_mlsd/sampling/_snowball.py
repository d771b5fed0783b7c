"""Snowball sampling over a graph: waves of neighbours grown from seed nodes."""

import warnings
from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_array, check_random_state

from sklearn_mlsd.utils._compat import Interval, validate_params


def _check_seeds(seeds, n_nodes):
    seeds = np.atleast_1d(np.asarray(seeds))
    if seeds.size == 0:
        raise ValueError("seeds is empty; pass at least one starting node.")
    if seeds.ndim != 1 or not np.issubdtype(seeds.dtype, np.integer):
        raise ValueError(
            f"seeds must be node indices (integers); got dtype {seeds.dtype} with "
            f"shape {seeds.shape}."
        )
    bad = seeds[(seeds < 0) | (seeds >= n_nodes)]
    if bad.size:
        raise ValueError(
            f"seeds must be node indices in [0, {n_nodes}); got {bad[:5].tolist()}."
        )
    return np.unique(seeds)


def _neighbours(adjacency, nodes):
    """Nodes that ``nodes`` point to (out-neighbours), without duplicates."""
    return np.unique(adjacency[nodes].indices)


@validate_params(
    {
        "adjacency": ["array-like", "sparse matrix"],
        "seeds": ["array-like", Integral],
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def snowball_sample(adjacency, seeds, n_samples, random_state=None):
    """Snowball sample of ``n_samples`` nodes of a graph, grown from ``seeds``.

    Wave 0 is the seeds; wave ``t + 1`` is every node not yet sampled that a
    node of wave ``t`` links to (a breadth-first search). Waves are taken
    whole, in order, until ``n_samples`` nodes are reached; the last wave is
    cut at random (each wave is visited in random order). The lecture's use:
    recruiting through contacts when the population cannot be listed. Nodes
    near the seeds are over-represented: the sample is not a random sample of
    the graph.

    Parameters
    ----------
    adjacency : {array-like, sparse matrix} of shape (n_nodes, n_nodes)
        ``adjacency[i, j] != 0`` when node ``i`` links to node ``j``; links are
        followed from row to column (make the matrix symmetric for an
        undirected graph).
    seeds : int or array-like of int
        Starting nodes (duplicates ignored). If there are more than
        ``n_samples``, a random subset of them is returned.
    n_samples : int
        Number of nodes to sample, at most ``n_nodes``.
    random_state : int, RandomState instance or None, default=None
        Controls the order within each wave. Pass an int for reproducible
        output across multiple function calls.

    Returns
    -------
    nodes : ndarray of shape (n_samples,)
        Sampled node indices in the order they were reached (wave by wave).
        Fewer than ``n_samples`` (with a warning) when fewer nodes can be
        reached from the seeds.

    See Also
    --------
    scipy.sparse.csgraph.breadth_first_order : deterministic BFS order.

    References
    ----------
    .. [1] L. A. Goodman, "Snowball sampling", The Annals of Mathematical
       Statistics, 1961.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse import csr_array
    >>> from sklearn_mlsd.sampling import snowball_sample
    >>> path = csr_array(np.eye(6, k=1) + np.eye(6, k=-1))  # 0 - 1 - ... - 5
    >>> nodes = snowball_sample(path, seeds=2, n_samples=3, random_state=0)
    >>> int(nodes[0]), sorted(nodes[1:].tolist())  # the seed, then its wave
    (2, [1, 3])
    >>> snowball_sample(path, seeds=[7], n_samples=3)
    Traceback (most recent call last):
    ...
    ValueError: seeds must be node indices in [0, 6); got [7].
    """
    adjacency = check_array(
        adjacency, accept_sparse="csr", dtype=None, input_name="adjacency"
    )
    adjacency = sp.csr_array(adjacency)
    n_nodes = adjacency.shape[0]
    if adjacency.shape[1] != n_nodes:
        raise ValueError(
            f"adjacency must be square (n_nodes, n_nodes); got {adjacency.shape}."
        )
    if (adjacency.data == 0).any():  # explicit zeros are not links
        adjacency = adjacency.copy()  # eliminate_zeros works in place: not on
        adjacency.eliminate_zeros()  # the caller's matrix, which may share arrays
    seeds = _check_seeds(seeds, n_nodes)
    if n_samples > n_nodes:
        raise ValueError(
            f"n_samples={n_samples} is larger than the graph ({n_nodes} nodes); "
            "lower n_samples."
        )
    rng = check_random_state(random_state)
    sampled = np.zeros(n_nodes, dtype=bool)
    waves, n_taken, wave = [], 0, seeds
    while wave.size and n_taken < n_samples:
        wave = rng.permutation(wave)[: n_samples - n_taken]
        sampled[wave] = True
        waves.append(wave)
        n_taken += wave.size
        wave = _neighbours(adjacency, wave)
        wave = wave[~sampled[wave]]
    if n_taken < n_samples:
        warnings.warn(
            f"Only {n_taken} nodes can be reached from the seeds; returning them "
            f"instead of n_samples={n_samples}. Add seeds in other components.",
            UserWarning,
        )
    return np.concatenate(waves).astype(np.intp)
