"""The ``codegym`` command line. Each command group lives in ``codegym/commands/``."""

from __future__ import annotations

import argparse
import os
import sys

from codegym.errors import CodegymError

#: Command modules; each has ``register(subparsers)`` and sets ``func`` on its parsers.
COMMAND_MODULES = ("run", "demo", "tasks", "rewards", "audit", "sandbox", "doctor", "bench", "evaluate", "leaderboard")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    import codegym

    parser = argparse.ArgumentParser(prog="codegym", description="RL environments for coding agents.")
    parser.add_argument("--version", action="version", version=f"codegym {codegym.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"codegym.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"codegym.commands.{name}":
                continue  # a command group not built yet
            raise
        module.register(sub)
    return parser


#: Exit status when the reader of stdout went away (``codegym tasks show X | head``): what a
#: process killed by SIGPIPE reports in a shell (128 + 13), without a traceback.
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests)
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one ``codegym`` command; returns its exit status.

    Example:
        >>> main(["--help"])  # doctest: +SKIP
    """
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit:  # --help, --version, a usage error: argparse has printed its text
            sys.stdout.flush()
            raise
        if not getattr(args, "func", None):
            parser.print_help()
            sys.stdout.flush()
            return 2
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, while we can still handle it
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except CodegymError as exc:
        print(f"codegym: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
