"""The ``sklearn-mlsd`` command (also ``python -m sklearn_mlsd``).

Each subcommand lives in ``sklearn_mlsd/_commands/_<name>.py`` and exposes
``add_parser(subparsers)``, which registers its parser and sets ``func`` (a
callable taking the parsed arguments and returning an exit code). Bad input
ends with a one-line error and exit code 2, never a traceback.
"""

import argparse
import importlib
import importlib.util
import sys

from sklearn_mlsd import __version__

_COMMANDS = ("demo", "sample", "audit", "baselines")


class UsageError(Exception):
    """Bad input from the command line: printed as one line, exit code 2."""


def build_parser():
    """The argument parser with every subcommand that exists in this install."""
    parser = argparse.ArgumentParser(
        prog="sklearn-mlsd",
        description="Sampling, imbalance, leakage audits and baselines from the "
        "command line.",
    )
    parser.add_argument(
        "--version", action="version", version=f"sklearn-mlsd {__version__}"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        module_name = f"sklearn_mlsd._commands._{name}"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv=None):
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (UsageError, ValueError, TypeError, KeyError, OSError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"sklearn-mlsd {args.command}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sklearn-mlsd: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
