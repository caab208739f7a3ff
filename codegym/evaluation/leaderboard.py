"""``codegym leaderboard``: one table per env from every results file in a folder, plus learning curves.

Any ``codegym.results/v1`` file dropped into the folder (any depth) appears in the table;
a file that claims the schema but is broken is listed under "Rejected files".

Example:
    >>> board = collect("baselines/results")  # doctest: +SKIP
    >>> print(render_markdown(board))  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegym.evaluation.schema import SCHEMA, ResultsError, read_results, run_seed, slug
from codegym.evaluation.stats import BOOTSTRAP, DDOF, bootstrap_ci, mean_std, normalised

REFERENCE_AGENTS = ("random", "oracle")


@dataclass
class Board:
    """Results grouped as ``{env id: {agent name: [results documents]}}``, plus rejected files."""

    envs: dict[str, dict[str, list[dict]]] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def results_files(folder: str | Path) -> list[Path]:
    """Every JSON file under ``folder`` whose ``schema`` is ``codegym.results/v1``."""
    found = []
    for path in sorted(Path(folder).rglob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(doc, dict) and doc.get("schema") == SCHEMA:
            found.append(path)
    return found


def collect(folder: str | Path) -> Board:
    """Read every results file under ``folder``."""
    board = Board()
    for path in results_files(folder):
        try:
            doc, _ = read_results(path)
        except ResultsError as exc:
            board.rejected[str(path)] = str(exc)
            continue
        doc["_path"] = str(path)
        board.files.append(path)
        board.envs.setdefault(doc["env"]["id"], {}).setdefault(doc["agent"]["name"], []).append(doc)
    return board


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _pm(mean: float, std: float, digits: int = 2) -> str:
    return f"{_fmt(mean, digits)} ± {_fmt(std, digits)}"


def _train_steps(training: dict) -> str:
    """The training steps of one run, with the expert demonstrations of a warm start beside them.

    Example:
        >>> _train_steps({"steps": 6144}), _train_steps({"steps": 6144, "warm_start": {"env_steps": 451}})
        ('6144', '6144 + 451 demo')
    """
    demo = (training.get("warm_start") or {}).get("env_steps")
    return f"{training['steps']}" + (f" + {demo} demo" if demo else "")


def agent_row(docs: list[dict], random_return: float | None, oracle_return: float | None) -> dict[str, Any]:
    """One table row: stats over the agent's seeds."""
    solve = [d["metrics"]["solve_rate"] for d in docs]
    returns = [d["metrics"]["return_mean"] for d in docs]
    solve_mean, solve_std = mean_std(solve)
    ret_mean, ret_std = mean_std(returns)
    devices = sorted({str(d["training"].get("device") or d["hardware"].get("device") or "cpu") for d in docs})
    commits = sorted({(d["provenance"].get("git_commit") or "?")[:8] + ("*" if d["provenance"].get("git_dirty") else "")
                      for d in docs})
    steps = sorted({_train_steps(d["training"]) for d in docs if d["training"].get("steps") is not None})
    return {
        "agent": docs[0]["agent"]["name"],
        "solve_mean": solve_mean, "solve_std": solve_std, "solve_ci": bootstrap_ci(solve),
        "return_mean": ret_mean, "return_std": ret_std, "return_ci": bootstrap_ci(returns),
        "normalised": normalised(ret_mean, random_return, oracle_return) if not math.isnan(ret_mean) else None,
        "episodes": sum(d["metrics"]["episodes"] for d in docs),
        "seeds": sorted(run_seed(d) for d in docs),
        "train_steps": steps,
        "devices": devices,
        "commits": commits,
        "invalid": sum(d["metrics"]["invalid_reward_episodes"] for d in docs),
    }


def compare_ci(ci: tuple[float, float] | None, reference: tuple[float, float] | None) -> str:
    """``above`` / ``below`` when the two 95 % CIs do not overlap, else ``overlaps``; ``—`` without both.

    Example:
        >>> compare_ci((0.1, 0.2), (0.0, 0.05)), compare_ci((0.1, 0.2), (0.15, 0.3)), compare_ci(None, (0, 1))
        ('above', 'overlaps', '—')
    """
    if ci is None or reference is None:
        return "—"
    return "above" if ci[0] > reference[1] else "below" if ci[1] < reference[0] else "overlaps"


def env_rows(agents: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """Rows of one env's table, best solve rate first."""
    ref = {name: mean_std([d["metrics"]["return_mean"] for d in agents[name]])[0] if name in agents else None
           for name in REFERENCE_AGENTS}
    rows = [agent_row(docs, ref["random"], ref["oracle"]) for docs in agents.values()]
    random_row = next((r for r in rows if r["agent"] == "random"), None)
    for r in rows:
        for key, ci in (("solve_vs_random", "solve_ci"), ("vs_random", "return_ci")):
            r[key] = compare_ci(r[ci], random_row[ci] if random_row and r is not random_row else None)
    return sorted(rows, key=lambda r: (-(r["solve_mean"] if not math.isnan(r["solve_mean"]) else -1), r["agent"]))


def _ci(ci: tuple[float, float] | None) -> str:
    return "—" if ci is None else f"[{ci[0]:.2f}, {ci[1]:.2f}]"


def render_markdown(board: Board, plots: dict[str, str] | None = None) -> str:
    """The leaderboard as Markdown."""
    lines = ["# codegym leaderboard", "",
             "Generated by `codegym leaderboard`; check every entry with `codegym leaderboard --verify`. "
             f"Solve rate and return: mean ± sample std over seeds (ddof={DDOF}); 95 % CI: "
             f"{BOOTSTRAP['library']} {BOOTSTRAP['method']} bootstrap of the mean over seeds "
             f"(reps={BOOTSTRAP['reps']}, random_state={BOOTSTRAP['random_state']}; {BOOTSTRAP['unit']}); "
             "— where fewer than two seeds exist. Normalised = (R − random) / (oracle − random) on mean returns. "
             "CI vs random (solve rate, return): above when the agent's 95 % CI lies entirely above random's, "
             "below when entirely below. "
             "Commits marked * had uncommitted changes.", ""]
    if not board.envs:
        lines += ["No results yet: `bash baselines/run_all.sh` makes the reference rows; "
                  "`codegym evaluate ... --out baselines/results` adds one.", ""]
    for env_id in sorted(board.envs):
        agents = board.envs[env_id]
        splits = sorted({str(d["env"].get("split")) for docs in agents.values() for d in docs})
        lines += [f"## {env_id}", "", f"Split(s): {', '.join(splits)}.", "",
                  "| agent | solve rate | 95 % CI | solve CI vs random | return | 95 % CI | return CI vs random "
                  "| normalised | episodes | seeds | train steps | device | commit |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in env_rows(agents):
            invalid = f" ({r['invalid']} invalid-reward)" if r["invalid"] else ""
            lines.append(
                f"| {r['agent']} | {_pm(r['solve_mean'], r['solve_std'])} | {_ci(r['solve_ci'])} | {r['solve_vs_random']} | "
                f"{_pm(r['return_mean'], r['return_std'])} | {_ci(r['return_ci'])} | {r['vs_random']} | {_fmt(r['normalised'])} | "
                f"{r['episodes']}{invalid} | {len(r['seeds'])} ({', '.join(map(str, r['seeds']))}) | "
                f"{', '.join(str(s) for s in r['train_steps']) or '—'} | {', '.join(r['devices'])} | "
                f"{', '.join(r['commits'])} |")
        lines.append("")
        if plots and env_id in plots:
            lines += [f"![learning curves for {env_id}]({plots[env_id]})", ""]
    if board.rejected:
        lines += ["## Rejected files", ""] + [f"- `{p}`: {why}" for p, why in sorted(board.rejected.items())] + [""]
    return "\n".join(lines)


def plot_curves(board: Board, out_dir: str | Path) -> dict[str, str]:
    """One PNG per env with the logged learning curves (rolling mean of episodic return); ``{env: file name}``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    written: dict[str, str] = {}
    for env_id, agents in sorted(board.envs.items()):
        curves = [(name, d) for name, docs in sorted(agents.items()) for d in docs if d["training"].get("curve")]
        if not curves:
            continue
        fig, ax = plt.subplots(figsize=(7, 4))
        colours: dict[str, Any] = {}
        for name, doc in curves:
            points = np.asarray(doc["training"]["curve"], dtype=float)
            steps, returns = points[:, 0], points[:, 1]
            window = max(1, min(20, len(returns) // 5))
            smooth = np.convolve(returns, np.ones(window) / window, mode="valid")
            first = name not in colours
            colour = colours.setdefault(name, f"C{len(colours) % 10}")
            ax.plot(steps[window - 1:], smooth, color=colour, alpha=0.8, label=name if first else None)
        ax.set_xlabel("environment steps")
        ax.set_ylabel("episodic return (rolling mean)")
        ax.set_title(f"{env_id}: one line per training seed")
        ax.legend()
        fig.tight_layout()
        name = f"curves_{slug(env_id)}.png"
        fig.savefig(Path(out_dir) / name, dpi=100)
        plt.close(fig)
        written[env_id] = name
    return written


def write_leaderboard(folder: str | Path, output: str | Path, plots: bool = True) -> tuple[Board, Path]:
    """Collect ``folder``, draw the curves beside ``output`` and write the Markdown there."""
    board = collect(folder)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    images = plot_curves(board, output.parent) if plots else {}
    output.write_text(render_markdown(board, images), encoding="utf-8")
    return board, output
