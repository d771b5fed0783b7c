"""snowball_sample: breadth-first waves, random order within a wave, errors."""

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path
from scipy.stats import chisquare

from sklearn_mlsd.sampling import snowball_sample


def _random_graph(rng, n_nodes=60, p=0.06):
    upper = sp.random(n_nodes, n_nodes, density=p, random_state=rng, format="csr")
    return sp.csr_array(((upper + upper.T) > 0).astype(float))


def test_waves_are_breadth_first(rng, seed):
    graph = _random_graph(rng)
    seeds = [0, 7]
    nodes = snowball_sample(graph, seeds, 25, random_state=seed)
    assert len(nodes) == len(np.unique(nodes)) == 25
    distance = shortest_path(graph, unweighted=True, indices=seeds).min(axis=0)
    hops = distance[nodes]
    assert (np.diff(hops) >= 0).all()  # wave after wave
    assert set(nodes[:2]) == set(seeds)
    last = hops[-1]
    # every node closer than the last wave is in the sample
    assert set(np.flatnonzero(distance < last)) <= set(nodes)


def test_last_wave_is_cut_uniformly(seed):
    # A star: centre 0 and 10 leaves; 4 nodes = the centre and 3 random leaves.
    star = sp.csr_array((np.ones(10), (np.zeros(10, int), np.arange(1, 11))), (11, 11))
    star = star + star.T
    counts = np.zeros(11)
    for run in range(2000):
        nodes = snowball_sample(star, 0, 4, random_state=seed * 10**4 + run)
        assert nodes[0] == 0
        counts[nodes[1:]] += 1
    assert chisquare(counts[1:]).pvalue > 0.001


def test_directed_links_are_followed_row_to_column():
    chain = sp.csr_array(np.eye(5, k=1))  # 0 -> 1 -> 2 -> 3 -> 4
    np.testing.assert_array_equal(snowball_sample(chain, 1, 4), [1, 2, 3, 4])
    with pytest.warns(UserWarning, match="Only 2 nodes can be reached"):
        nodes = snowball_sample(chain, 3, 4)
    np.testing.assert_array_equal(nodes, [3, 4])


def test_many_seeds_and_dense_input():
    dense = np.ones((6, 6)) - np.eye(6)
    nodes = snowball_sample(dense, [0, 1, 2, 3], 2, random_state=0)
    assert len(nodes) == 2 and set(nodes) <= {0, 1, 2, 3}
    explicit_zero = sp.csr_array((np.array([0.0, 1.0]), ([0, 0], [1, 2])), (3, 3))
    arrays = [a.copy() for a in (explicit_zero.indptr, explicit_zero.indices)]
    np.testing.assert_array_equal(snowball_sample(explicit_zero, 0, 2), [0, 2])
    # the caller's matrix keeps its explicit zero (eliminate_zeros is in place)
    assert explicit_zero.nnz == 2 and explicit_zero.data.tolist() == [0.0, 1.0]
    np.testing.assert_array_equal(explicit_zero.indptr, arrays[0])
    np.testing.assert_array_equal(explicit_zero.indices, arrays[1])


@pytest.mark.parametrize(
    "seeds, n_samples, match",
    [
        ([9], 2, r"seeds must be node indices in \[0, 5\)"),
        ([-1], 2, "seeds must be node indices"),
        ([], 2, "seeds is empty"),
        ([0.5], 2, "seeds must be node indices"),
        ([0], 6, "n_samples=6 is larger than the graph"),
        ([0], 0, "'n_samples' parameter"),
    ],
)
def test_bad_input(seeds, n_samples, match):
    graph = sp.csr_array(np.ones((5, 5)))
    with pytest.raises(ValueError, match=match):
        snowball_sample(graph, seeds, n_samples)


def test_adjacency_must_be_square():
    with pytest.raises(ValueError, match="adjacency must be square"):
        snowball_sample(np.ones((3, 4)), 0, 2)
