"""The ``codegym`` command line. Each command group lives in ``codegym/commands/``."""

from __future__ import annotations

import argparse
import sys

from codegym.errors import CodegymError

#: Command modules; each has ``register(subparsers)`` and sets ``func`` on its parsers.
COMMAND_MODULES = ("run", "demo", "tasks", "rewards", "audit", "sandbox", "doctor", "bench")


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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CodegymError as exc:
        print(f"codegym: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
