"""Demo section: the lecture's baseline table for the tweets, next to a model."""

from sklearn_mlsd._commands._baselines import text_model

TITLE = "Baselines: random, zero rule and a text model (compare_baselines)"

_MAX_ROWS = 20_000


def run(context):
    from sklearn_mlsd.baselines import compare_baselines

    data, echo = context["data"], context["echo"]
    if len(data) > _MAX_ROWS:
        data = data.sample(n=_MAX_ROWS, random_state=context["random_state"])
        echo(f"(a random subsample of {_MAX_ROWS:,} tweets, to keep the demo fast)")
    X, y = data["text"], data["label"].to_numpy()
    echo(f"{len(y):,} tweets, {y.mean():.2%} positive, 3-fold stratified CV")
    table = compare_baselines(
        text_model("logreg", binary=True),
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
