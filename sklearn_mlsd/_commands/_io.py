"""Reading and writing tables for the command line: CSV, Parquet, JSON lines."""

import sys
from pathlib import Path

import pandas as pd

_READERS = {
    ".csv": pd.read_csv,
    ".parquet": pd.read_parquet,
    ".pq": pd.read_parquet,
    ".jsonl": lambda path, **kw: pd.read_json(path, lines=True, **kw),
    ".ndjson": lambda path, **kw: pd.read_json(path, lines=True, **kw),
}


def table_format(path, explicit=None):
    """The file format: an explicit ``--format``, else the file suffix."""
    if explicit:
        return explicit if explicit.startswith(".") else f".{explicit}"
    suffix = Path(str(path)).suffix.lower()
    if suffix not in _READERS:
        raise ValueError(
            f"cannot tell the format of {path!r}: use a .csv, .parquet or .jsonl "
            "file, or pass --format"
        )
    return suffix


def read_table(path, fmt=None):
    """Read a CSV / Parquet / JSON-lines file (``-``: CSV on standard input)."""
    if path == "-":
        return pd.read_csv(sys.stdin)
    if not Path(path).exists():
        raise FileNotFoundError(f"no such file: {path}")
    return _READERS[table_format(path, fmt)](path)


def write_table(frame, path, fmt=None):
    """Write ``frame`` to ``path`` in its format (``-`` or None: CSV on stdout)."""
    if path in (None, "-"):
        frame.to_csv(sys.stdout, index=False)
        return
    suffix = table_format(path, fmt)
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix in (".parquet", ".pq"):
        frame.to_parquet(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True)


def check_columns(frame, columns, option):
    """Raise a clear error when a named column is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{option}: no column named {', '.join(map(repr, missing))}; "
            f"the columns are {', '.join(map(str, frame.columns))}"
        )
