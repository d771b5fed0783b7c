"""Time sklearn_mlsd.datasets.make_tweets (no anchor: rows per second).

Run from the benchmarks directory::

    python bench_make_tweets.py              # 1e5 and 1e6 rows, median of 3
    python bench_make_tweets.py --rows 1e7 --repeats 1   # under /usr/bin/time -v

Prints one JSON line per size.
"""

import argparse
import json
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import time_median  # noqa: E402

from sklearn_mlsd.datasets import make_tweets  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, nargs="+", default=[1e5, 1e6])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for rows in map(int, args.rows):
        seconds = time_median(
            lambda rows=rows: make_tweets(n_samples=rows, random_state=0),
            repeats=args.repeats,
            warmup=0,
        )
        record = {
            "name": f"make_tweets_{rows:.0e}".replace("+0", ""),
            "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds),
            "repeats": args.repeats,
            "sizes": {"n_samples": rows, "n_users": 10_000, "n_months": 24},
            "load_avg_1m": round(os.getloadavg()[0], 2),
            "machine": f"{platform.machine()} {os.cpu_count()} cores",
        }
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
