"""PPO (TorchRL) on RepairMenu: ``GymWrapper``, a data collector, GAE and ``ClipPPOLoss``.

TorchRL reads RepairMenu's ``Dict`` observation as separate tensordict entries
(``candidates``, ``mask``, ``tests``, ``step``), so no flattening is needed; the
policy scores each menu entry with shared weights and masks empty slots with ``mask``
before its ``Categorical`` distribution.

Install: ``pip install -e ".[torchrl]"``. Run::

    python examples/torchrl_ppo.py --timesteps 20000
"""

from __future__ import annotations

import argparse
import json
import os

import gymnasium as gym
import torch
from tensordict.nn import TensorDictModule
from torch import nn
from torchrl.collectors import Collector
from torchrl.envs import GymWrapper
from torchrl.modules import ProbabilisticActor, ValueOperator
from torchrl.objectives import ClipPPOLoss
from torchrl.objectives.value import GAE

import codegym  # noqa: F401  (registers the codegym/* env ids)

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/RepairMenu-v4")
#: Two small builtin tasks keep the example fast; pass --tasks mutations for generated repair tasks.
DEFAULT_TASKS = "builtin/fix_palindrome,builtin/digital_root"
OBS_KEYS = ["candidates", "mask", "tests", "step"]


class MenuLogits(nn.Module):
    """Masked logits ``(..., menu_size + 1)``: index 0 is submit, 1.. the menu entries (shared weights)."""

    def __init__(self, n_features: int, n_context: int, hidden: int = 64) -> None:
        super().__init__()
        self.context = nn.Sequential(nn.Linear(n_context, hidden), nn.Tanh())
        self.entry = nn.Sequential(nn.Linear(n_features + hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        self.submit = nn.Linear(hidden, 1)

    def forward(self, candidates, mask, tests, step):
        context = self.context(torch.cat([tests.float(), step.float()], dim=-1))
        paired = torch.cat([candidates.float(), context.unsqueeze(-2).expand(*candidates.shape[:-1], -1)], dim=-1)
        logits = torch.cat([self.submit(context), self.entry(paired).squeeze(-1)], dim=-1)
        return logits.masked_fill(mask == 0, -1e9)


class MenuValue(nn.Module):
    """State value from the test summary, the step fraction and the mean menu entry."""

    def __init__(self, n_features: int, n_context: int, hidden: int = 64) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_features + n_context, hidden), nn.Tanh(), nn.Linear(hidden, 1))

    def forward(self, candidates, mask, tests, step):
        return self.net(torch.cat([candidates.float().mean(-2), tests.float(), step.float()], dim=-1))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--frames-per-batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks
    torch.manual_seed(args.seed)

    # categorical_action_encoding: actions are integers (Discrete), not one-hot vectors.
    env = GymWrapper(gym.make(ENV_ID, tasks=tasks, menu_size=16), categorical_action_encoding=True)
    env.set_seed(args.seed)
    spec = env.observation_spec
    n_features, n_context = spec["candidates"].shape[-1], spec["tests"].shape[-1] + spec["step"].shape[-1]

    actor = ProbabilisticActor(
        TensorDictModule(MenuLogits(n_features, n_context), in_keys=OBS_KEYS, out_keys=["logits"]),
        in_keys=["logits"], distribution_class=torch.distributions.Categorical, return_log_prob=True,
        spec=env.action_spec)
    critic = ValueOperator(MenuValue(n_features, n_context), in_keys=OBS_KEYS)
    advantage = GAE(gamma=0.99, lmbda=0.95, value_network=critic)
    loss = ClipPPOLoss(actor, critic, clip_epsilon=0.2, entropy_coeff=0.01)
    optimizer = torch.optim.Adam(loss.parameters(), lr=3e-4)

    collector = Collector(env, actor, frames_per_batch=args.frames_per_batch, total_frames=args.timesteps)
    frames, episodes = 0, 0
    for batch in collector:
        frames += batch.numel()
        with torch.no_grad():
            advantage(batch)
        for _ in range(2):  # epochs over the batch
            losses = loss(batch)
            total = losses["loss_objective"] + losses["loss_critic"] + losses["loss_entropy"]
            optimizer.zero_grad()
            total.backward()
            nn.utils.clip_grad_norm_(loss.parameters(), 0.5)
            optimizer.step()
        collector.update_policy_weights_()
        done = batch["next", "done"].squeeze(-1)
        episodes += int(done.sum())
        print(f"frames {frames:6d}  episodes {episodes:4d}  loss {total.item():.3f}", flush=True)
    collector.shutdown()
    env.close()
    result = {"example": "torchrl_ppo", "env": ENV_ID, "timesteps": frames, "episodes": episodes}
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()
