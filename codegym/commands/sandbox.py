"""``codegym sandbox build|prune``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sandbox", help="build the sandbox image, reap leftover containers")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="build the sandbox image (only when its inputs changed)")
    build.add_argument("--base", default="auto", help="base image; 'auto' uses a local python:3.x-slim or bootstraps Debian")
    build.add_argument("--force", action="store_true", help="rebuild even when up to date")
    build.set_defaults(func=_build)
    prune = actions.add_parser("prune", help="remove codegym containers whose owning process is gone")
    prune.add_argument("--all", action="store_true", help="remove every codegym container, live owners included")
    prune.set_defaults(func=_prune)


def _build(args: argparse.Namespace) -> int:
    from codegym.sandbox.engine import docker_client
    from codegym.sandbox.image import build_image

    build_image(docker_client(timeout=600), base=args.base, force=args.force)
    return 0


def _prune(args: argparse.Namespace) -> int:
    from codegym.sandbox.engine import docker_client, prune

    removed = prune(docker_client(), everything=args.all)
    print(f"removed {len(removed)} container(s){': ' + ', '.join(removed) if removed else ''}")
    return 0
