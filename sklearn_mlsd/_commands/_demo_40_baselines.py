"""Demo section: the lecture's baseline table for the tweets, next to a model."""

from sklearn.feature_extraction.text import HashingVectorizer

from sklearn_mlsd._commands._baselines import HASHED_FEATURES, estimator

TITLE = "Baselines: random, zero rule and a text model (compare_baselines)"

_MAX_ROWS = 50_000


def run(context):
    from sklearn_mlsd.baselines import compare_baselines

    data, echo = context["data"], context["echo"]
    if len(data) > _MAX_ROWS:
        data = data.sample(n=_MAX_ROWS, random_state=context["random_state"])
        echo(f"(a random subsample of {_MAX_ROWS:,} tweets, to keep the demo fast)")
    # The hashing trick learns nothing from the data: featurising once before
    # the folds leaks nothing and saves hashing every fold again.
    hasher = HashingVectorizer(n_features=HASHED_FEATURES, alternate_sign=False)
    X, y = hasher.transform(data["text"]), data["label"].to_numpy()
    echo(
        f"{len(y):,} tweets, {y.mean():.2%} positive, 3-fold stratified CV; "
        "model: hashed words + class-balanced LogisticRegression"
    )
    table = compare_baselines(
        estimator("logreg"),
        X,
        y,
        cv=3,
        scoring=("accuracy", "f1", "recall"),
        random_state=context["random_state"],
    )
    shown = table[[c for c in table.columns if not c.endswith("_std")]]
    for line in shown.to_string(float_format=lambda v: f"{v:.3f}").splitlines():
        echo(line)
    accuracy = table.loc["most_frequent", "accuracy_mean"]
    echo(
        f"Always predicting 'not misinformation' scores {accuracy:.1%} accuracy "
        "and an undefined (NaN) F1: on 1%-positive data accuracy says little, and "
        "the model has to beat the random baselines' F1, not their accuracy."
    )
