"""``sklearn-mlsd demo``: the package end to end on the embedded tweets data.

The demo is a sequence of sections. Each section is a module
``sklearn_mlsd/_commands/_demo_<NN>_<topic>.py`` with ``TITLE`` and
``run(context)``; sections run in file-name order, so a capability adds its
section without touching this file. ``context`` is a dict shared by the
sections: ``data`` (the tweets DataFrame), ``random_state``, ``n_samples`` and
``echo`` (print a line).
"""

import pkgutil
import time

from threadpoolctl import threadpool_limits

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
    parser.set_defaults(func=run)


def run(args):
    if args.n_samples < 1000:
        raise ValueError(f"--n-samples must be at least 1000, got {args.n_samples}")
    context = {
        "n_samples": args.n_samples,
        "random_state": args.seed,
        "echo": lambda line="": print(line, flush=True),
    }
    start = time.perf_counter()
    # The demo's models are small: one BLAS thread avoids OpenBLAS threads
    # busy-waiting on a shared machine (50x slower lbfgs fits were measured).
    # (Limits apply to libraries already loaded: import the sections first.)
    sections = _sections()
    with threadpool_limits(limits=1, user_api="blas"):
        for number, section in enumerate(sections, start=1):
            context["echo"](f"\n== {number}. {section.TITLE} ==")
            section.run(context)
    context["echo"](f"\ndemo finished in {time.perf_counter() - start:.1f} s")
    return 0
