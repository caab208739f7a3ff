"""Behaviour cloning from an env's expert: oracle demonstrations and a warm start for a policy.

A menu env's ``oracle_actions()`` names every menu entry that moves the program toward
the reference; :func:`collect_demonstrations` records (observation, mask, expert set) along
the expert's own episodes, and :func:`clone_into` fits a MaskablePPO policy to them by
maximising the probability it gives the expert set (``-log sum_{a in expert} pi(a | s)``).
The demonstrations come from the training split only; the expert's view (the reference
solution) never reaches the policy, which sees the same observation as at test time.

Example:
    >>> env = gym.make("codegym/RepairMenu-v4", tasks={"source": "mutations", "split": "train"})  # doctest: +SKIP
    >>> demos = collect_demonstrations(env, episodes=100, seed=0)  # doctest: +SKIP
    >>> clone_into(model.policy, demos, epochs=20)["accuracy"]  # doctest: +SKIP
    0.71
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from codegym.errors import ConfigError


@dataclass
class Demonstrations:
    """Expert states: stacked observations, action masks and the expert's action sets (both ``(N, A)`` bool)."""

    observations: dict[str, np.ndarray]
    masks: np.ndarray
    expert: np.ndarray
    episodes: int = 0
    steps: int = 0
    solved: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.masks.shape[0])


def collect_demonstrations(env: Any, episodes: int, seed: int = 0) -> Demonstrations:
    """Play ``episodes`` expert episodes (reset seeds ``seed``, ``seed + 1``, ...) and record every
    state where the expert has a move. ``env`` is a (wrapped) env whose unwrapped env has
    ``oracle_actions()`` and ``action_masks()`` and a Dict observation."""
    raw = env.unwrapped
    for hook in ("oracle_actions", "action_masks", "oracle_action"):
        if not callable(getattr(raw, hook, None)):
            raise ConfigError(f"{type(raw).__name__} has no {hook}(); behaviour cloning needs a menu env with an "
                              "expert (codegym/RepairMenu, codegym/DecomposeMenu)")
    if episodes < 1:
        raise ConfigError(f"demonstrations need at least one episode, got {episodes}")
    observations: list[dict] = []
    masks: list[np.ndarray] = []
    experts: list[np.ndarray] = []
    steps = solved = 0
    for episode in range(episodes):
        obs, _ = env.reset(seed=seed + episode)
        done = False
        info: dict = {}
        while not done:
            mask = np.asarray(raw.action_masks(), dtype=bool)
            moves = [a for a in raw.oracle_actions() if 0 <= a < mask.size and mask[a]]
            if moves:
                expert = np.zeros(mask.size, dtype=bool)
                expert[moves] = True
                observations.append({k: np.asarray(v) for k, v in obs.items()})
                masks.append(mask)
                experts.append(expert)
            obs, _, terminated, truncated, info = env.step(moves[0] if moves else raw.oracle_action())
            steps += 1
            done = terminated or truncated
        solved += info.get("verdict") == "solved"
    if not observations:
        raise ConfigError("the expert had no move in any recorded state; nothing to clone")
    stacked = {key: np.stack([o[key] for o in observations]) for key in observations[0]}
    return Demonstrations(stacked, np.stack(masks), np.stack(experts), episodes=episodes, steps=steps, solved=solved)


def clone_into(policy: Any, demos: Demonstrations, epochs: int = 20, batch_size: int = 64,
               learning_rate: float = 1e-3, seed: int = 0) -> dict[str, float]:
    """Fit a MaskablePPO ``policy`` to ``demos`` in place; the last epoch's loss and the greedy
    accuracy (the policy's top action is one of the expert's) over the demonstrations."""
    import torch

    if epochs < 0 or batch_size < 1:
        raise ConfigError(f"need epochs >= 0 and batch_size >= 1, got {epochs} and {batch_size}")
    optimizer = torch.optim.Adam(policy.parameters(), lr=learning_rate)
    rng = np.random.default_rng(seed)
    policy.set_training_mode(True)
    loss_sum = batches = 0.0
    for _ in range(epochs):
        loss_sum = batches = 0.0
        order = rng.permutation(len(demos))
        for start in range(0, len(demos), batch_size):
            index = order[start:start + batch_size]
            log_probs = _log_probs(policy, demos, index)
            expert = torch.as_tensor(demos.expert[index], device=log_probs.device)
            loss = -torch.logsumexp(log_probs.masked_fill(~expert, -1e9), dim=1).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item()
            batches += 1
    policy.set_training_mode(False)
    with torch.no_grad():
        greedy = _log_probs(policy, demos, np.arange(len(demos))).argmax(dim=1).cpu().numpy()
    accuracy = float(demos.expert[np.arange(len(demos)), greedy].mean())
    return {"loss": loss_sum / batches if batches else float("nan"), "accuracy": accuracy,
            "states": float(len(demos)), "epochs": float(epochs)}


def _log_probs(policy: Any, demos: Demonstrations, index: np.ndarray) -> Any:
    obs, _ = policy.obs_to_tensor({key: value[index] for key, value in demos.observations.items()})
    distribution = policy.get_distribution(obs, action_masks=demos.masks[index])
    return distribution.distribution.logits  # normalised log-probabilities; masked actions far below


__all__ = ["Demonstrations", "clone_into", "collect_demonstrations"]
