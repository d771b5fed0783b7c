"""``sklearn-mlsd demo``: the package end to end on the embedded tweets data.

The demo is a sequence of sections. Each section is a module
``sklearn_mlsd/_commands/_demo_<NN>_<topic>.py`` with ``TITLE`` and
``run(context)``; sections run in file-name order, so a capability adds its
section without touching this file. ``context`` is a dict shared by the
sections: ``data`` (the tweets DataFrame), ``random_state``, ``n_samples`` and
``echo`` (print a line).
"""

import pkgutil
import sys
import time

from threadpoolctl import threadpool_limits
from tqdm import tqdm

import sklearn_mlsd._commands as commands


def _sections():
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(commands.__path__)
        if m.name.startswith("_demo_")
    )
    return [
        __import__(f"{commands.__name__}.{name}", fromlist=["run"]) for name in names
    ]


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "demo", help="run the package end to end on the embedded tweets data"
    )
    parser.add_argument(
        "-n", "--n-samples", type=int, default=200_000, help="tweets to generate"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar on stderr"
    )
    parser.set_defaults(func=run)


def run(args):
    if args.n_samples < 1000:
        raise ValueError(f"--n-samples must be at least 1000, got {args.n_samples}")
    context = {
        "n_samples": args.n_samples,
        "random_state": args.seed,
        # tqdm.write prints above the progress bar instead of through it
        "echo": lambda line="": tqdm.write(line),
    }
    start = time.perf_counter()
    # The demo's models are small: one BLAS thread avoids OpenBLAS threads
    # busy-waiting on a shared machine (50x slower lbfgs fits were measured).
    # (Limits apply to libraries already loaded: import the sections first.)
    sections = _sections()
    progress = tqdm(
        sections,
        desc="demo",
        unit=" section",
        file=sys.stderr,
        disable=args.quiet or not sys.stderr.isatty(),
        leave=False,
    )
    with threadpool_limits(limits=1, user_api="blas"), progress:
        for number, section in enumerate(progress, start=1):
            progress.set_postfix_str(section.TITLE[:40])
            context["echo"](f"\n== {number}. {section.TITLE} ==")
            section.run(context)
    context["echo"](f"\ndemo finished in {time.perf_counter() - start:.1f} s")
    return 0
