"""A CleanRL-style masked PPO loop over ``gymnasium.make_vec`` on RepairMenu, in one file.

No RL library: the rollout, GAE and clipped PPO update are written out (as CleanRL does),
so every step is visible. The policy scores each menu entry with one small MLP shared
by all entries (the menu is shuffled every step, so no slot has a fixed meaning), adds a
"submit" logit, and masks empty slots with ``obs["mask"]`` before sampling.

Install: ``pip install -e ".[rl]"`` (only torch is needed). Run::

    python examples/cleanrl_masked_ppo.py --timesteps 20000 --num-envs 4
"""

from __future__ import annotations

import argparse
import json
import os

import gymnasium as gym
import numpy as np
import torch
from torch import nn

import codegym  # noqa: F401  (registers the codegym/* env ids)

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/RepairMenu-v4")
#: Two small builtin tasks keep the example fast; pass --tasks mutations for generated repair tasks.
DEFAULT_TASKS = "builtin/fix_palindrome,builtin/digital_root"


class MenuPolicy(nn.Module):
    """Actor-critic over a menu: per-entry logits from shared weights, plus submit and a value head."""

    def __init__(self, n_features: int, n_context: int, hidden: int = 64) -> None:
        super().__init__()
        self.context = nn.Sequential(nn.Linear(n_context, hidden), nn.Tanh())
        self.entry = nn.Sequential(nn.Linear(n_features + hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        self.submit = nn.Linear(hidden, 1)
        self.value = nn.Sequential(nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))

    def forward(self, obs: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        """Masked logits ``(B, menu_size + 1)`` (index 0 = submit) and values ``(B,)``."""
        context = self.context(torch.cat([obs["tests"], obs["step"]], dim=-1))
        entries = obs["candidates"]  # (B, K, F)
        paired = torch.cat([entries, context.unsqueeze(1).expand(-1, entries.shape[1], -1)], dim=-1)
        logits = torch.cat([self.submit(context), self.entry(paired).squeeze(-1)], dim=-1)
        logits = logits.masked_fill(obs["mask"] == 0, -1e9)  # empty slots can never be sampled
        return logits, self.value(context).squeeze(-1)


def to_torch(obs: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    return {key: torch.as_tensor(np.asarray(value), dtype=torch.float32) for key, value in obs.items()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for (all envs together)")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--num-envs", type=int, default=2)
    parser.add_argument("--num-steps", type=int, default=32, help="steps per env per rollout")
    parser.add_argument("--vectorization-mode", default="sync", choices=["sync", "async"],
                        help="async runs each env in its own process (and sandbox)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--gamma", type=float, default=0.99)
    parser.add_argument("--gae-lambda", type=float, default=0.95)
    parser.add_argument("--clip", type=float, default=0.2)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks
    torch.manual_seed(args.seed)

    envs = gym.make_vec(ENV_ID, num_envs=args.num_envs, vectorization_mode=args.vectorization_mode,
                        tasks=tasks, menu_size=16)
    space = envs.single_observation_space
    policy = MenuPolicy(space["candidates"].shape[-1], space["tests"].shape[0] + space["step"].shape[0])
    optimizer = torch.optim.Adam(policy.parameters(), lr=args.lr)

    obs, _ = envs.reset(seed=args.seed)
    done = np.zeros(args.num_envs, dtype=bool)
    steps, updates, finished, refused = 0, 0, [], 0
    episode_return = np.zeros(args.num_envs)
    while steps < args.timesteps:
        # ---- rollout: num_steps steps in each env
        batch: dict[str, list] = {"obs": [], "actions": [], "logprobs": [], "values": [], "rewards": [], "dones": []}
        for _ in range(args.num_steps):
            with torch.no_grad():
                logits, value = policy(to_torch(obs))
                dist = torch.distributions.Categorical(logits=logits)
                action = dist.sample()
            batch["obs"].append(obs)
            batch["dones"].append(done)
            batch["actions"].append(action)
            batch["logprobs"].append(dist.log_prob(action))
            batch["values"].append(value)
            obs, reward, terminated, truncated, info = envs.step(action.numpy())
            refused += int(np.count_nonzero(info.get("action_error", np.array([""])) != ""))
            done = terminated | truncated
            episode_return += reward
            finished.extend(episode_return[done].tolist())
            episode_return[done] = 0.0
            batch["rewards"].append(torch.as_tensor(reward, dtype=torch.float32))
            steps += args.num_envs
        # ---- GAE (gymnasium >= 1.0 autoresets on the step after done: that step's reward is 0 and
        # its transition belongs to no episode, so mask it out of the loss)
        with torch.no_grad():
            _, next_value = policy(to_torch(obs))
        values = torch.stack(batch["values"])
        rewards = torch.stack(batch["rewards"])
        dones = torch.as_tensor(np.stack(batch["dones"] + [done]), dtype=torch.float32)
        advantages = torch.zeros_like(rewards)
        last = torch.zeros(args.num_envs)
        for t in reversed(range(args.num_steps)):
            nxt = next_value if t == args.num_steps - 1 else values[t + 1]
            alive = 1.0 - dones[t + 1]
            delta = rewards[t] + args.gamma * nxt * alive - values[t]
            last = delta + args.gamma * args.gae_lambda * alive * last
            advantages[t] = last
        returns = advantages + values
        valid = (1.0 - dones[:-1]).flatten()  # drop the autoreset steps
        # ---- PPO update on the whole rollout
        flat_obs = {key: torch.as_tensor(np.concatenate([o[key] for o in batch["obs"]]), dtype=torch.float32)
                    for key in batch["obs"][0]}
        flat_actions = torch.cat(batch["actions"])
        old_logprobs = torch.cat(batch["logprobs"])
        adv = advantages.flatten()
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
        for _ in range(args.epochs):
            logits, value = policy(flat_obs)
            dist = torch.distributions.Categorical(logits=logits)
            ratio = (dist.log_prob(flat_actions) - old_logprobs).exp()
            pg = -torch.min(ratio * adv, ratio.clamp(1 - args.clip, 1 + args.clip) * adv)
            loss = ((pg + 0.5 * (value - returns.flatten()) ** 2 - 0.01 * dist.entropy()) * valid).sum() / valid.sum()
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(policy.parameters(), 0.5)
            optimizer.step()
        updates += 1
        recent = finished[-10:]
        print(f"steps {steps:6d}  episodes {len(finished):4d}  mean return (last 10) "
              f"{np.mean(recent) if recent else float('nan'):7.2f}  loss {loss.item():.3f}", flush=True)
    envs.close()
    result = {"example": "cleanrl_masked_ppo", "env": ENV_ID, "timesteps": steps, "updates": updates,
              "episodes": len(finished), "mean_return": round(float(np.mean(finished)), 3) if finished else None,
              "refused_actions": refused}
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()
