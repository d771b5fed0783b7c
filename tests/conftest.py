import os

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

# Every test that uses `seed` runs under several seeds: a statistical claim must
# hold for any seed, not for one lucky one. SKLEARN_MLSD_SEEDS="0-9" widens it.
_spec = os.environ.get("SKLEARN_MLSD_SEEDS", "0-2")
_lo, _, _hi = _spec.partition("-")
_SEEDS = list(range(int(_lo), int(_hi or _lo) + 1))


@pytest.fixture(params=_SEEDS)
def seed(request):
    """An integer seed; tests using it run once per seed."""
    return request.param


@pytest.fixture
def rng(seed):
    """A numpy Generator seeded by ``seed``."""
    return np.random.default_rng(seed)


@pytest.fixture(autouse=True, scope="session")
def _single_threaded_blas():
    """One BLAS thread: on a loaded 2-core machine, OpenBLAS threads busy-wait
    and make small lbfgs fits 50x slower (measured: 7.3 s vs 0.15 s)."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
