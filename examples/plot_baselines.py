"""
The lecture's baseline table
============================

Before any model, the lecture asks what a model has to beat: predicting at
random (uniformly, or following the class distribution), always predicting the
most common class (the zero rule), a simple heuristic, an existing solution, a
human. On a misinformation data set of n = 1,000,000 tweets with 1% positives,
its table reads

=====================  ========  ====
baseline               accuracy  F1
=====================  ========  ====
uniform random         0.50      0.02
distribution random    0.98      0.01
most common            0.99      NaN
=====================  ========  ====

:func:`~sklearn_mlsd.baselines.compare_baselines` computes it, with the spread
over folds and the analytic expectation next to each random baseline. F1 of the
zero rule is NaN, not 0: it never predicts the positive class, so its precision
is 0/0 (scikit-learn would report 0.0 with a warning).
"""

# %%
import matplotlib

matplotlib.use("Agg")
import numpy as np

from sklearn_mlsd.baselines import NgramLookupClassifier, compare_baselines

rng = np.random.default_rng(0)
n = 1_000_000
y = np.zeros(n, dtype=int)
y[rng.choice(n, n // 100, replace=False)] = 1  # exactly 1% positives
X = rng.normal(size=(n, 2))  # the baselines never look at the features

table = compare_baselines(None, X, y, cv=5, random_state=0)
print(table.to_string(float_format=lambda v: f"{v:.4f}"))

# %%
# The expected values are closed forms. With 1% positives (p = 0.01), a uniform
# coin predicts positive half the time (q = 0.5): accuracy 0.5, precision p,
# recall q, F1 = 2pq / (p + q) = 0.0196. The distribution-following coin has
# q = p: accuracy p^2 + (1 - p)^2 = 0.9802, F1 = p = 0.01. Every baseline is a
# :class:`~sklearn_mlsd.baselines.BaselineClassifier`, whose random draws are
# seeded by each row's content, so a row gets the same prediction in any batch.
ax = table.plot()
ax.set_title("Baselines, n = 1,000,000, 1% positive")
ax.figure.tight_layout()
ax.figure.savefig("plot_baselines.png", dpi=100)

# %%
# The lecture's simple heuristic for autocompletion: predict the next
# character from the previous two with a trigram lookup table, backing off to
# shorter contexts (and finally the most frequent character) when a context
# was never seen.
text = (
    "the lecture asks what a model has to beat before any model is trained: "
    "a random guess, the most common class, a simple heuristic, a human."
)
contexts = [text[:i] for i in range(1, len(text))]
lookup = NgramLookupClassifier(n=3).fit(contexts, list(text[1:]))
for prefix in ["the lectu", "a mod", "hum", "xq"]:
    print(f"{prefix!r:12} -> {str(lookup.predict([prefix])[0])!r}")
