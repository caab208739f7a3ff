"""Running episodes of an env with a policy and summarising them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any, Callable

import gymnasium as gym


@dataclass(frozen=True)
class EpisodeResult:
    """One finished episode."""

    task_id: str
    steps: int
    episode_return: float
    verdict: str
    reward_valid: bool


def run_episode(env: gym.Env, policy: Callable[[Any, dict], Any], seed: int | None = None,
                options: dict | None = None) -> EpisodeResult:
    """Play one episode to its end (terminated or truncated)."""
    obs, info = env.reset(seed=seed, options=options)
    total, steps, valid = 0.0, 0, True
    while True:
        obs, reward, terminated, truncated, info = env.step(policy(obs, info))
        total += float(reward)
        steps += 1
        valid = valid and info.get("reward_valid", True)
        if terminated or truncated:
            break
    return EpisodeResult(str(info.get("task_id")), steps, total, str(info.get("verdict", "timeout" if truncated else "?")), valid)


def summarise(results: list[EpisodeResult]) -> dict:
    """Solve rate, mean/std return and verdict counts."""
    verdicts: dict[str, int] = {}
    for r in results:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    returns = [r.episode_return for r in results]
    return {
        "episodes": len(results),
        "solve_rate": verdicts.get("solved", 0) / len(results) if results else 0.0,
        "mean_return": statistics.fmean(returns) if returns else 0.0,
        "std_return": statistics.pstdev(returns) if len(returns) > 1 else 0.0,
        "mean_steps": statistics.fmean(r.steps for r in results) if results else 0.0,
        "verdicts": dict(sorted(verdicts.items())),
    }
