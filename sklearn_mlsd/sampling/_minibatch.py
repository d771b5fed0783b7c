"""Index batches for ``partial_fit``: epochs with and without replacement."""

from numbers import Integral

from sklearn.utils import check_random_state

from sklearn_mlsd.utils._compat import Interval, StrOptions, validate_params


def _reshuffle(n_samples, n_epochs, rng):
    for _ in range(n_epochs):
        yield rng.permutation(n_samples)


def _cycle(n_samples, n_epochs, rng):
    order = rng.permutation(n_samples)
    for _ in range(n_epochs):
        yield order.copy()  # the caller may modify a batch in place


def _replacement(n_samples, n_epochs, rng):
    for _ in range(n_epochs):
        yield rng.randint(0, n_samples, size=n_samples)


_SCHEMES = {"reshuffle": _reshuffle, "cycle": _cycle, "replacement": _replacement}


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "scheme": [StrOptions(set(_SCHEMES))],
        "n_epochs": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def minibatches(
    n_samples, batch_size, scheme="reshuffle", n_epochs=1, random_state=None
):
    """Row indices of mini-batches, epoch after epoch, for ``partial_fit``.

    Every epoch visits ``n_samples`` rows in order of a sequence that the
    scheme decides, cut into batches of ``batch_size`` (the last batch of an
    epoch may be smaller; batches never straddle two epochs):

    - ``'reshuffle'``: a new random permutation each epoch (sampling without
      replacement, epoch by epoch: the usual practice);
    - ``'cycle'``: one random permutation drawn once and reused every epoch;
    - ``'replacement'``: ``n_samples`` i.i.d. uniform draws per epoch (some
      rows repeat, some are missed: the textbook stochastic gradient).

    Bottou (2009) measured that for strongly convex objectives SGD converges
    faster with epochs (reshuffle, then cycle) than with draws with
    replacement, whose error falls like 1 / t.

    Parameters
    ----------
    n_samples : int
        Number of rows in the training set.
    batch_size : int
        Rows per batch.
    scheme : {'reshuffle', 'cycle', 'replacement'}, default='reshuffle'
        How each epoch's sequence is drawn.
    n_epochs : int, default=1
        Number of epochs.
    random_state : int, RandomState instance or None, default=None
        Controls the permutations and draws. Pass an int for reproducible
        output across multiple function calls.

    Yields
    ------
    batch : ndarray of shape (batch_size,) or smaller
        Row positions of one batch.

    See Also
    --------
    sklearn.utils.gen_batches : contiguous slices, without shuffling.

    References
    ----------
    .. [1] L. Bottou, "Curiously fast convergence of some stochastic gradient
       descent algorithms", Symposium on Learning and Data Science, 2009.
    .. [2] M. Gurbuzbalaban, A. Ozdaglar and P. Parrilo, "Why random
       reshuffling beats stochastic gradient descent", Mathematical
       Programming, 2021.

    Examples
    --------
    >>> from sklearn_mlsd.sampling import minibatches
    >>> batches = list(minibatches(5, 2, scheme="cycle", n_epochs=2, random_state=0))
    >>> [len(batch) for batch in batches]
    [2, 2, 1, 2, 2, 1]
    >>> import numpy as np
    >>> first, second = np.concatenate(batches[:3]), np.concatenate(batches[3:])
    >>> sorted(first.tolist()), bool((first == second).all())
    ([0, 1, 2, 3, 4], True)

    Use it with any estimator that has ``partial_fit``:

    >>> from sklearn.linear_model import SGDClassifier
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    >>> model = SGDClassifier(random_state=0)
    >>> for batch in minibatches(10, 4, n_epochs=3, random_state=0):
    ...     model = model.partial_fit(X[batch], y[batch], classes=[0, 1])
    """
    rng = check_random_state(random_state)
    epochs = _SCHEMES[scheme](n_samples, n_epochs, rng)
    return _batches(epochs, n_samples, batch_size)


def _batches(epochs, n_samples, batch_size):
    for order in epochs:
        for start in range(0, n_samples, batch_size):
            yield order[start : start + batch_size]
