"""``sklearn-mlsd baselines``: the baseline table for a file and a target column.

Prints every baseline (uniform random, stratified random, most frequent) and,
unless ``--model none``, a model fitted on the numeric columns (or on one text
column with ``--text``), each cross-validated the same way.
"""

import numpy as np
from threadpoolctl import threadpool_limits

from sklearn_mlsd._commands._io import check_columns, read_table

_MODELS = ("logreg", "xgboost", "none")


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "baselines",
        help="score a model next to random and zero-rule baselines",
        description="Cross-validate the lecture's baselines (uniform random, "
        "stratified random, most frequent) and a model on a CSV, Parquet or "
        "JSON-lines file, and print the table (mean, spread and the expected "
        "value of each random baseline per metric; NaN where a metric is "
        "undefined).",
    )
    parser.add_argument(
        "data", metavar="DATA", help="input file, or - for CSV on stdin"
    )
    parser.add_argument("--target", required=True, help="the label column")
    parser.add_argument(
        "--model",
        choices=_MODELS,
        default="logreg",
        help="model scored next to the baselines (default: logreg; none: "
        "baselines only)",
    )
    parser.add_argument(
        "--text",
        metavar="COL",
        help="fit the model on this text column (hashed words) instead of the "
        "numeric columns",
    )
    parser.add_argument("--cv", type=int, default=5, help="number of folds (>= 2)")
    parser.add_argument(
        "--scoring",
        default="accuracy,f1",
        help="comma-separated metrics among accuracy, balanced_accuracy, "
        "precision, recall, f1, roc_auc (default: accuracy,f1)",
    )
    parser.add_argument("--plot", metavar="FILE", help="save the bar chart (PNG, SVG)")
    parser.add_argument("--format", help="input format when DATA has no suffix")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.set_defaults(func=run)


HASHED_FEATURES = 2**16


def text_model(name="logreg"):
    """Hashed word counts and a class-balanced classifier."""
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.pipeline import make_pipeline

    vectorizer = HashingVectorizer(n_features=HASHED_FEATURES, alternate_sign=False)
    return make_pipeline(vectorizer, estimator(name))


def _numeric_model(name):
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if name == "xgboost":
        return estimator(name)
    return make_pipeline(SimpleImputer(), StandardScaler(), estimator(name))


def estimator(name):
    """The classifier behind ``--model``: class-balanced logistic regression, or
    XGBoost."""
    if name == "xgboost":
        from xgboost import XGBClassifier

        return XGBClassifier(n_estimators=200, tree_method="hist", n_jobs=2)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(class_weight="balanced", max_iter=1000)


def _features(frame, args):
    """(X, model) for the chosen --model / --text."""
    if args.model == "none":
        return frame.drop(columns=[args.target]), None
    if args.text is not None:
        check_columns(frame, [args.text], "--text")
        return frame[args.text].fillna("").astype(str), text_model(args.model)
    numeric = frame.drop(columns=[args.target]).select_dtypes("number")
    if numeric.shape[1] == 0:
        raise ValueError(
            "DATA has no numeric feature columns for the model; pass --text COL "
            "to use a text column, or --model none for the baselines only"
        )
    return numeric, _numeric_model(args.model)


def run(args):
    from sklearn_mlsd.baselines import compare_baselines

    if args.cv < 2:
        raise ValueError(f"--cv must be at least 2, got {args.cv}")
    frame = read_table(args.data, args.format)
    check_columns(frame, [args.target], "--target")
    if frame[args.target].isna().any():
        raise ValueError(
            f"--target: column {args.target!r} has "
            f"{int(frame[args.target].isna().sum())} missing labels; drop them first"
        )
    X, model = _features(frame, args)
    y = frame[args.target].to_numpy()
    if args.model == "xgboost":
        y = np.unique(y, return_inverse=True)[1].ravel()  # xgboost wants 0..K-1
    scoring = [s.strip() for s in args.scoring.split(",") if s.strip()]
    # One BLAS thread: these models make many small BLAS calls, and OpenBLAS
    # threads busy-waiting on a loaded machine made lbfgs fits ~50x slower.
    # (The limit applies to libraries already loaded: the model is built.)
    with threadpool_limits(limits=1, user_api="blas"):
        table = compare_baselines(
            model, X, y, cv=args.cv, scoring=scoring, random_state=args.seed
        )
    labels, counts = np.unique(frame[args.target].astype(str), return_counts=True)
    shares = ", ".join(
        f"{lab}: {c / len(y):.2%}" for lab, c in zip(labels, counts, strict=True)
    )
    print(f"{len(y):,} rows, {args.cv}-fold stratified CV; classes {shares}")
    print(table.to_string(float_format=lambda v: f"{v:.4f}"))
    if args.plot:
        _save_plot(table, args.plot)
        print(f"plot saved to {args.plot}")
    return 0


def _save_plot(table, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = table.plot()
    ax.figure.tight_layout()
    ax.figure.savefig(path, dpi=100)
    plt.close(ax.figure)
