"""Playing a codegym PettingZoo env with scripted agents, round by round (what ``codegym run`` prints).

Example:
    >>> rows = play("author_reviewer_v2", ["random", "oracle"], seed=0)  # doctest: +SKIP
    >>> print(format_rounds(rows))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Callable, Sequence

import numpy as np

from codegym.errors import ConfigError

#: The PettingZoo envs codegym ships (module names under ``codegym.multiagent``).
ENV_MODULES = ("author_reviewer_v2", "testgen_coder_v2")
POLICIES = ("random", "oracle")
Policy = Callable[[Any, Any, str], Any]  # (raw env, observation, agent) -> action


def load_env_module(name: str) -> ModuleType:
    """``codegym.multiagent.<name>`` (the full dotted name works too); a ConfigError lists the choices."""
    short = name.rsplit(".", 1)[-1]
    if short not in ENV_MODULES or (name != short and name != f"codegym.multiagent.{short}"):
        raise ConfigError(f"unknown multi-agent env {name!r}; choose one of "
                          f"{[f'codegym.multiagent.{m}' for m in ENV_MODULES]}")
    return importlib.import_module(f"codegym.multiagent.{short}")


def random_policy(seed: int) -> Policy:
    """Uniform over the valid actions (menu: the action mask; text: a random string)."""
    rng = np.random.default_rng(seed)

    def policy(raw: Any, obs: Any, agent: str) -> Any:
        space = raw.action_space(agent)
        if isinstance(obs, dict) and "action_mask" in obs:
            valid = np.flatnonzero(obs["action_mask"])
            return int(rng.choice(valid)) if valid.size else 0
        return space.sample()
    return policy


def oracle_policy(raw: Any, obs: Any, agent: str) -> Any:
    """The env's expert (``oracle_action(agent)``)."""
    return raw.oracle_action(agent)


def make_policy(spec: str, seed: int) -> Policy:
    """A scripted policy by name: ``random`` or ``oracle``."""
    if spec == "random":
        return random_policy(seed)
    if spec == "oracle":
        return oracle_policy
    raise ConfigError(f"unknown multi-agent policy {spec!r}; choose from {list(POLICIES)}")


def play(env_name: str, policy_specs: Sequence[str], seed: int = 0, episodes: int = 1,
         **env_kwargs: Any) -> list[dict]:
    """Play ``episodes`` AEC episodes; one row per (episode, round) with every agent's reward in that round.

    ``policy_specs`` gives one policy per agent, in ``possible_agents`` order.
    """
    module = load_env_module(env_name)
    env = module.env(**env_kwargs)
    raw = env.unwrapped
    agents = list(raw.possible_agents)
    if len(policy_specs) != len(agents):
        raise ConfigError(f"{env_name} has {len(agents)} agents {agents}; give one policy each "
                          f"(--agents {','.join(['random'] * len(agents))}), got {list(policy_specs)}")
    policies = {agent: make_policy(spec, seed + i) for i, (agent, spec) in enumerate(zip(agents, policy_specs))}
    rows: list[dict] = []
    try:
        for episode in range(episodes):
            env.reset(seed=seed + episode)
            by_round: dict[int, dict] = {}
            acted_in: dict[str, int] = {}  # the round of each agent's last action: its reward belongs there
            for agent in env.agent_iter(max_iter=10_000):
                obs, reward, term, trunc, info = env.last()
                round_no = acted_in.get(agent, int(getattr(raw, "round", 1)))
                row = by_round.setdefault(round_no, {"episode": episode, "round": round_no, **{a: 0.0 for a in agents}})
                row[agent] += float(reward)
                if term or trunc:
                    env.step(None)
                    continue
                acted_in[agent] = int(getattr(raw, "round", 1))
                env.step(policies[agent](raw, obs, agent))
            episode_rows = [by_round[k] for k in sorted(by_round)]
            episode_rows[-1]["verdict"] = raw.engine.verdict
            rows.extend(episode_rows)
    finally:
        env.close()
    return rows


def format_rounds(rows: Sequence[dict]) -> str:
    """A plain-text table: episode, round, each agent's reward that round, then each episode's returns."""
    if not rows:
        return "(no rounds)"
    agents = [k for k in rows[0] if k not in ("episode", "round", "verdict")]
    header = ["episode", "round", *agents, "verdict"]
    lines = [" ".join(f"{h:>12}" for h in header)]
    for row in rows:
        cells = [str(row["episode"]), str(row["round"]), *(f"{row[a]:+.3f}" for a in agents), row.get("verdict", "")]
        lines.append(" ".join(f"{c:>12}" for c in cells))
    totals: dict[int, dict[str, float]] = {}
    for row in rows:
        per = totals.setdefault(row["episode"], {a: 0.0 for a in agents})
        for a in agents:
            per[a] += row[a]
    lines.append("returns: " + "; ".join(f"episode {e}: " + ", ".join(f"{a} {v:+.3f}" for a, v in per.items())
                                         for e, per in totals.items()))
    return "\n".join(lines)
