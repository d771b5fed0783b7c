"""
=========================================================
Premature featurization: a vocabulary built on test data
=========================================================

The lecture's leak "creating n-gram counts / vocabulary from train + test
sets", measured. We predict misinformation in
:func:`~sklearn_mlsd.datasets.make_tweets` from word trigrams that appear in
at least two tweets (``min_df=2``), and cross-validate the same model twice:

* **wrong**: the vectorizer is fitted on all tweets, then the classifier is
  cross-validated on the resulting matrix;
* **right**: the vectorizer is the first step of a pipeline, refitted on the
  training part of every fold.

Retweets repeat (part of) the tweet they copy. With the vocabulary built on
all the data, a trigram seen once in a training fold and once in its test
fold passes ``min_df=2``, and the classifier recognises the test copy of a
training tweet. Built inside the pipeline, that trigram occurs in one
training document and is dropped, as it would be in production.
"""

# %%
# Data: tweets with 5% misinformation
# -----------------------------------
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_mlsd.datasets import make_tweets
from sklearn_mlsd.leakage import LeakageWarning
from sklearn_mlsd.text import NgramVectorizer

tweets = make_tweets(n_samples=10_000, n_users=1_000, positive_rate=0.05)
texts, y = tweets["text"].tolist(), tweets["label"].to_numpy()
print(f"{len(texts)} tweets, {y.mean():.1%} misinformation")
print(f"{len(texts) - len(set(texts))} exact duplicates (retweets)")

cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
classifier = LogisticRegression(C=10.0, max_iter=2000)


def vectorizer():
    return NgramVectorizer(ngram_range=(3, 3), min_df=2)


# %%
# Wrong: vocabulary from all the tweets
# -------------------------------------
X_all = vectorizer().fit_transform(texts)
wrong = cross_val_score(classifier, X_all, y, cv=cv, scoring="average_precision")
print(f"vocabulary on all data:   average precision {wrong.mean():.3f}")

# %%
# Right: vocabulary from each training fold
# -----------------------------------------
# The vectorizer also notices the exact duplicates shared by a training and a
# test fold (``on_overlap='warn'``): that is the lecture's "check for
# duplication between train and test splits". We count the warnings.
model = make_pipeline(vectorizer(), classifier)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", LeakageWarning)
    right = cross_val_score(model, texts, y, cv=cv, scoring="average_precision")
print(f"vocabulary in the pipeline: average precision {right.mean():.3f}")
leaks = [w for w in caught if issubclass(w.category, LeakageWarning)]
print(f"{len(leaks)} of {cv.get_n_splits()} test folds share tweets with training")
if leaks:
    print(str(leaks[0].message)[:100], "...")

# %%
# How much of the wrong vocabulary the training folds never justified
# -------------------------------------------------------------------
# For each fold: n-grams of the all-data vocabulary that a vectorizer fitted
# on the training fold alone does not keep.
extra = []
for train, _ in cv.split(texts, y):
    fold = vectorizer().fit([texts[i] for i in train])
    all_data = vectorizer().fit(texts)
    extra.append(len(set(all_data.vocabulary_) - set(fold.vocabulary_)))
print(f"n-grams kept only thanks to test documents: {np.mean(extra):.0f} per fold")

# %%
# The optimism, fold by fold
# --------------------------
fig, ax = plt.subplots(figsize=(6, 3.5))
folds = np.arange(1, len(wrong) + 1)
ax.bar(folds - 0.2, wrong, width=0.4, label="vocabulary on all data (wrong)")
ax.bar(folds + 0.2, right, width=0.4, label="vocabulary in the pipeline (right)")
ax.axhline(y.mean(), color="gray", linestyle=":", label="chance (positive rate)")
ax.set_xlabel("cross-validation fold")
ax.set_ylabel("average precision")
ax.set_title("Premature featurization inflates the score")
ax.legend(loc="upper right", fontsize="small")
fig.tight_layout()
fig.savefig("plot_premature_featurization.png", dpi=100)
