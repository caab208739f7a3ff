"""``codegym doctor``: engine, image and backends, in plain words."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("doctor", help="report engine, image and backend status")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from codegym import plugins
    from codegym.errors import CodegymError
    from codegym.sandbox import make_sandbox
    from codegym.sandbox.engine import docker_client, resolve_image

    problems = 0

    def line(ok: bool, text: str) -> None:
        nonlocal problems
        problems += 0 if ok else 1
        print(f"[{'ok' if ok else '!!'}] {text}")

    try:
        client = docker_client(timeout=10)
        version = client.version()
        line(True, f"Docker engine answers (server {version.get('Version')}, cgroup v{client.info().get('CgroupVersion', '?')})")
    except CodegymError as exc:
        line(False, str(exc))
        client = None
    if client is not None:
        try:
            image_id = resolve_image(client)
            line(True, f"sandbox image codegym-sandbox:latest is current ({image_id[7:19]})")
        except CodegymError as exc:
            line(False, str(exc))
    for info in plugins.describe("codegym.sandboxes"):
        try:
            with make_sandbox(info.name) as sb:
                result = sb.run_python("import sys; print(sys.version.split()[0])")
            state = "works" if result.ok else f"job failed: {result.stderr or result.infra_message}"
            line(result.ok, f"backend {info.name!r} ({info.package} {info.version}): {state}, python {result.stdout.strip()}"
                 + ("  — UNSAFE, development only" if info.name == "local" else ""))
        except CodegymError as exc:
            line(False, f"backend {info.name!r}: {exc}")
    print("all good" if problems == 0 else f"{problems} problem(s) found")
    return 0 if problems == 0 else 1
