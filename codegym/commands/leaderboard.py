"""``codegym leaderboard [DIR] [--out FILE] [--verify]``.

Example:
    codegym leaderboard baselines/results --out baselines/LEADERBOARD.md
    codegym leaderboard baselines/results --verify
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("leaderboard", help="render LEADERBOARD.md from results files, or --verify them by replay")
    parser.add_argument("dir", nargs="?", default="baselines/results", help="folder of results files (any depth)")
    parser.add_argument("--out", default="baselines/LEADERBOARD.md", help="Markdown file to write (PNGs go beside it)")
    parser.add_argument("--verify", action="store_true",
                        help="replay every stored episode through the env; exit 1 on any difference")
    parser.add_argument("--no-plots", action="store_true", help="skip the learning-curve PNGs")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    import codegym  # noqa: F401  (registers the envs)
    from codegym.errors import ConfigError
    from codegym.evaluation.leaderboard import results_files, write_leaderboard
    from codegym.evaluation.verify import verify_dir

    if not Path(args.dir).is_dir():
        raise ConfigError(f"{args.dir!r} is not a folder; give the folder that `codegym evaluate --out` wrote to")
    if args.verify:
        files = results_files(args.dir)
        if not files:
            print(f"no codegym.results/v1 files under {args.dir}", file=sys.stderr)
            return 1
        report = verify_dir(files)
        bad = {path: problems for path, problems in report.items() if problems}
        for path in report:
            print(f"{'FAIL' if path in bad else 'ok  '} {path}")
            for problem in bad.get(path, [])[:20]:
                print(f"     {problem}")
        print(f"{len(report) - len(bad)} of {len(report)} results files verified")
        return 1 if bad else 0
    board, out = write_leaderboard(args.dir, args.out, plots=not args.no_plots)
    print(f"wrote {out}: {sum(len(a) for a in board.envs.values())} agent rows over {len(board.envs)} env(s) "
          f"from {len(board.files)} results files" + (f"; {len(board.rejected)} rejected" if board.rejected else ""))
    return 0
