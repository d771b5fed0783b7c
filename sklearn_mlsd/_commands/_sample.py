"""``sklearn-mlsd sample``: a random, stratified, weighted or reservoir sample.

Reads a CSV, Parquet or JSON-lines file (or CSV on standard input, ``-``) in
chunks, draws the sample and writes it in the format of the output file's
suffix (or ``--format``). ``--reservoir K`` streams the input and keeps only
K rows in memory, so it works on a stream of unknown length.
"""

import argparse
import contextlib
import io
import sys
from itertools import chain
from pathlib import Path

import pandas as pd

from sklearn_mlsd._commands._io import check_columns, table_format, write_table

_CHUNK_ROWS = 100_000


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "sample",
        help="draw a random, stratified, weighted or reservoir sample of a table",
        description="Draw a sample of the rows of a CSV, Parquet or JSON-lines "
        "file, or of standard input (INPUT '-', CSV unless --input-format).",
    )
    parser.add_argument("input", metavar="INPUT", help="input file, or - for stdin")
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--stratify",
        nargs="+",
        metavar="COL",
        help="stratify by these columns (their combinations are the strata)",
    )
    how.add_argument(
        "--reservoir",
        type=int,
        metavar="K",
        help="uniform sample of K rows, streaming (memory O(K))",
    )
    how.add_argument(
        "--weights", metavar="COL", help="draw rows proportionally to this column"
    )
    parser.add_argument("-n", "--n-samples", type=int, help="rows to draw")
    parser.add_argument("--fraction", type=float, help="share of the rows to draw")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "-o", "--output", default="-", help="output file (default: CSV on stdout)"
    )
    parser.add_argument(
        "--format",
        choices=["csv", "parquet", "jsonl"],
        help="output format (default: from the output file's suffix)",
    )
    parser.add_argument(
        "--input-format",
        choices=["csv", "parquet", "jsonl"],
        help="input format (default: from the input file's suffix; stdin: csv)",
    )
    parser.add_argument(
        "--allocation",
        choices=["proportional", "equal"],
        default="proportional",
        help="with --stratify: how rows are shared among strata",
    )
    parser.add_argument(
        "--min-per-stratum",
        type=int,
        default=1,
        help="with --stratify: rows every stratum gets at least (default 1)",
    )
    parser.add_argument(
        "--replace",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw with replacement (default: no, yes for --weights)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args):
    _check_size_arguments(args)
    chunks = _progress(_read_chunks(args.input, args.input_format), args.quiet)
    if args.reservoir is not None:
        sample = _reservoir(chunks, args.reservoir, args.seed)
    else:
        frame = _concat(chunks)
        sample = _build_sampler(args, frame).fit_resample(frame)[0]
    _write(sample, args.output, args.format)
    return 0


def _write(frame, output, fmt):
    """Write the sample; standard output honours ``--format`` too."""
    if output not in (None, "-") or fmt in (None, "csv"):
        write_table(frame, output, fmt)
    elif fmt == "jsonl":
        frame.to_json(sys.stdout, orient="records", lines=True)
    else:
        sys.stdout.flush()
        frame.to_parquet(sys.stdout.buffer, index=False)


def _check_size_arguments(args):
    if args.reservoir is not None:
        if args.reservoir <= 0:
            raise ValueError(f"--reservoir K must be positive, got {args.reservoir}")
        if args.n_samples is not None or args.fraction is not None:
            raise ValueError("--reservoir K sets the sample size; drop -n/--fraction")
        return
    if (args.n_samples is None) == (args.fraction is None):
        raise ValueError("give the sample size: either -n N or --fraction F")
    if args.n_samples is not None and args.n_samples <= 0:
        raise ValueError(f"-n must be positive, got {args.n_samples}")
    if args.fraction is not None and not 0 < args.fraction <= 1:
        raise ValueError(f"--fraction must be in (0, 1], got {args.fraction}")
    if args.min_per_stratum < 0:
        raise ValueError(f"--min-per-stratum must be >= 0, got {args.min_per_stratum}")


def _build_sampler(args, frame):
    from sklearn_mlsd.sampling import RandomSampler, StratifiedSampler, WeightedSampler

    size = {"n_samples": args.n_samples, "fraction": args.fraction}
    if args.stratify:
        check_columns(frame, args.stratify, "--stratify")
        return StratifiedSampler(
            **size,
            by=list(args.stratify),
            allocation=args.allocation,
            min_per_stratum=args.min_per_stratum,
            replace=bool(args.replace),
            random_state=args.seed,
        )
    if args.weights is not None:
        check_columns(frame, [args.weights], "--weights")
        replace = True if args.replace is None else args.replace
        return WeightedSampler(
            args.weights, **size, replace=replace, random_state=args.seed
        )
    return RandomSampler(**size, replace=bool(args.replace), random_state=args.seed)


def _read_chunks(path, fmt=None):
    """The input as DataFrame chunks of at most ``_CHUNK_ROWS`` rows."""
    if path == "-":
        suffix = table_format("-", fmt) if fmt else ".csv"
        source = sys.stdin
        if suffix in (".parquet", ".pq"):
            return iter([pd.read_parquet(io.BytesIO(sys.stdin.buffer.read()))])
    else:
        suffix = table_format(path, fmt)
        source = path
        if not Path(path).is_file():
            raise FileNotFoundError(f"no such file: {path}")
    if suffix == ".csv":
        try:
            return pd.read_csv(source, chunksize=_CHUNK_ROWS)
        except pd.errors.EmptyDataError:
            raise ValueError(
                "the input is empty (no header, no rows); a sample needs a population"
            ) from None
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(source, lines=True, chunksize=_CHUNK_ROWS)
    import pyarrow.parquet as pq

    batches = pq.ParquetFile(path).iter_batches(batch_size=_CHUNK_ROWS)
    return (batch.to_pandas() for batch in batches)


def _progress(chunks, quiet):
    """Pass the chunks through, counting rows on a progress bar (stderr, TTY)."""
    disable = quiet or not sys.stderr.isatty()
    if disable:
        yield from chunks
        return
    from tqdm import tqdm

    with tqdm(unit=" rows", unit_scale=True, file=sys.stderr, leave=False) as bar:
        for chunk in chunks:
            bar.update(len(chunk))
            yield chunk


def _concat(chunks):
    frames = list(chunks)
    if not frames or sum(map(len, frames)) == 0:
        raise ValueError("the input has no rows; a sample needs a population")
    return pd.concat(frames, ignore_index=True)


def _reservoir(chunks, k, seed):
    """A uniform sample of ``k`` rows of a stream of chunks, memory O(k)."""
    from sklearn_mlsd import sampling  # looked up here: tests can wrap it

    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None or len(first.columns) == 0:
        raise ValueError("the input has no rows; a sample needs a population")
    rows = chain.from_iterable(
        chunk.itertuples(index=False, name=None) for chunk in chain([first], chunks)
    )
    sample = sampling.reservoir_sample(rows, k, random_state=seed)
    frame = pd.DataFrame(list(sample), columns=first.columns)
    if len(frame) == 0:
        raise ValueError("the input has no rows; a sample needs a population")
    return _like(frame, first.dtypes)


def _like(frame, dtypes):
    """Give the sampled rows the column dtypes of the first chunk where lossless.

    The first chunk's dtypes may be narrower than the stream's (a column of
    whole numbers there, decimals later): a cast that would change a value
    (``0.5 -> 0``) is not made.
    """
    for column, dtype in dtypes.items():
        values = frame[column]
        with contextlib.suppress(TypeError, ValueError):
            cast = values.astype(dtype)
            if cast.astype(values.dtype).equals(values):
                frame[column] = cast
    return frame
