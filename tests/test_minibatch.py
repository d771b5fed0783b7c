"""minibatches: permutations per epoch, a reused cycle, i.i.d. draws."""

import numpy as np
import pytest
from scipy.stats import chisquare

from sklearn_mlsd.sampling import minibatches


def _epochs(n_samples, batch_size, scheme, n_epochs, seed):
    batches = list(minibatches(n_samples, batch_size, scheme, n_epochs, seed))
    per_epoch = -(-n_samples // batch_size)
    assert len(batches) == per_epoch * n_epochs
    assert all(
        len(b) == batch_size for i, b in enumerate(batches) if (i + 1) % per_epoch
    )
    return [
        np.concatenate(batches[i : i + per_epoch])
        for i in range(0, len(batches), per_epoch)
    ]


@pytest.mark.parametrize("scheme", ["reshuffle", "cycle"])
def test_every_epoch_is_a_permutation(scheme, seed):
    epochs = _epochs(23, 5, scheme, 4, seed)
    for order in epochs:
        np.testing.assert_array_equal(np.sort(order), np.arange(23))
    same = [np.array_equal(epochs[0], order) for order in epochs[1:]]
    assert all(same) if scheme == "cycle" else not any(same)


def test_reshuffle_positions_are_uniform(seed):
    # Where row 0 lands in each epoch: uniform over the 10 positions.
    epochs = _epochs(10, 3, "reshuffle", 3000, seed)
    landing = np.array([np.flatnonzero(order == 0)[0] for order in epochs])
    assert chisquare(np.bincount(landing, minlength=10)).pvalue > 0.001


def test_replacement_draws_are_iid_uniform(seed):
    epochs = _epochs(12, 5, "replacement", 500, seed)
    draws = np.concatenate(epochs)
    assert chisquare(np.bincount(draws, minlength=12)).pvalue > 0.001
    # Independence of consecutive draws: pairs uniform over 12 x 12 cells.
    pairs = draws[:-1:2] * 12 + draws[1::2]
    assert chisquare(np.bincount(pairs, minlength=144)).pvalue > 0.001
    # With replacement, an epoch of 12 draws repeats some rows (not a permutation)
    assert np.mean([len(np.unique(order)) < 12 for order in epochs]) > 0.9


def test_reproducible_and_validated():
    first = list(minibatches(7, 3, n_epochs=2, random_state=1))
    second = list(minibatches(7, 3, n_epochs=2, random_state=1))
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    with pytest.raises(ValueError, match="'batch_size' parameter"):
        minibatches(7, 0)
    with pytest.raises(ValueError, match="'scheme' parameter"):
        minibatches(7, 2, scheme="shuffle")
    with pytest.raises(ValueError, match="'n_samples' parameter"):
        minibatches(0, 2)
    with pytest.raises(ValueError, match="'n_epochs' parameter"):
        minibatches(5, 2, n_epochs=0)


def _sgd_slopes(seed, n_samples=300, alpha=1e-2, n_epochs=80, n_repeats=6):
    """Log-log slopes of SGD suboptimality vs epochs (Bottou 2009's setup)."""
    from sklearn.datasets import make_classification
    from sklearn.linear_model import SGDClassifier

    X, y = make_classification(
        n_samples=n_samples,
        n_features=5,
        n_informative=3,
        n_redundant=0,
        flip_y=0.1,
        random_state=seed,
    )
    signs = 2 * y - 1

    def objective(w):
        return np.mean(np.logaddexp(0, -signs * (X @ w))) + alpha / 2 * w @ w

    w_star = np.zeros(5)
    for _ in range(30):  # Newton's method: the optimum to machine precision
        p = 1 / (1 + np.exp(signs * (X @ w_star)))
        gradient = -(X * (signs * p)[:, None]).mean(axis=0) + alpha * w_star
        hessian = (X * (p * (1 - p))[:, None]).T @ X / n_samples + alpha * np.eye(5)
        w_star -= np.linalg.solve(hessian, gradient)
    epochs = np.arange(1, n_epochs + 1)
    slopes = {}
    for scheme in ("reshuffle", "cycle", "replacement"):
        log_error = np.zeros(n_epochs)
        for run in range(n_repeats):
            model = SGDClassifier(
                loss="log_loss", alpha=alpha, fit_intercept=False, shuffle=False
            )
            batches = minibatches(
                n_samples, n_samples, scheme, n_epochs, 100 * seed + run
            )
            for epoch, batch in enumerate(batches):
                model.partial_fit(X[batch], y[batch], classes=[0, 1])
                gap = objective(model.coef_.ravel()) - objective(w_star)
                log_error[epoch] += np.log(gap) / n_repeats
        late = epochs >= 10
        slopes[scheme] = np.polyfit(np.log(epochs[late]), log_error[late], 1)[0]
    return slopes


def test_epochs_converge_faster_than_replacement(seed):
    slopes = _sgd_slopes(seed)
    assert slopes["reshuffle"] < slopes["cycle"] < slopes["replacement"]
    assert -1.3 < slopes["replacement"] < -0.7  # the 1/t rate
    assert slopes["cycle"] < -1.4
