"""
Resampling before the split is a leak
=====================================

The lecture warns against "oversampling before splits". Here we measure it:
random oversampling of the whole data set before cross-validation, against the
same oversampling done inside the model by
:class:`~sklearn_mlsd.pipeline.ResampledClassifier`, which resamples training
folds only. A flexible model (a decision tree) memorises the duplicated minority
rows, so the leaky protocol reports a score the model never reaches on new data.
"""

# %%
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.datasets import make_classification
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.tree import DecisionTreeClassifier

from sklearn_mlsd.imbalance import RandomOversampler
from sklearn_mlsd.pipeline import ResampledClassifier

X, y = make_classification(
    n_samples=4000,
    n_features=10,
    n_informative=4,
    weights=[0.97],
    flip_y=0.02,
    random_state=0,
)
X_dev, X_new, y_dev, y_new = train_test_split(X, y, stratify=y, random_state=0)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
tree = DecisionTreeClassifier(random_state=0)

# %%
# Wrong: resample, then cross-validate.
X_res, y_res = RandomOversampler(random_state=0).fit_resample(X_dev, y_dev)
leaky = cross_val_score(tree, X_res, y_res, cv=cv, scoring="recall")

# %%
# Right: resampling is part of the model, applied to each training fold.
model = ResampledClassifier(RandomOversampler(), tree, random_state=0)
honest = cross_val_score(model, X_dev, y_dev, cv=cv, scoring="recall")

# %%
# What the model really does on data it has never seen.
model.fit(X_dev, y_dev)
fresh = (model.predict(X_new)[y_new == 1] == 1).mean()
print(f"recall, resample-then-split CV : {leaky.mean():.3f}")
print(f"recall, split-then-resample CV : {honest.mean():.3f}")
print(f"recall on untouched new data   : {fresh:.3f}")

fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(
    ["resample, then split (leak)", "split, then resample", "new data"],
    [leaky.mean(), honest.mean(), fresh],
    color=["tab:red", "tab:green", "tab:gray"],
)
ax.set_xlabel("recall of the minority class")
ax.set_xlim(0, 1)
fig.tight_layout()
fig.savefig("plot_resampling_leak.png", dpi=100)
