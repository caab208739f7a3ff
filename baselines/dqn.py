"""Masked DQN baseline: one file, CleanRL-shaped (SB3 and sb3-contrib have no masked DQN).

The action mask (the env's ``info["action_mask"]`` / ``action_masks()``; all ones for an
env without masks) is applied in three places:

* ε-exploration samples uniformly over the *valid* actions;
* the greedy action is the argmax over valid actions only;
* the TD target takes the max over the *next* state's valid actions (the replay buffer
  stores the next mask with each transition).

Semantics otherwise follow SB3's DQN (Huber loss, Adam, hard target updates every
``target_network_frequency`` env steps, uniform actions before ``learning_starts``,
truncation not treated as termination), so with an all-ones mask it is comparable to
SB3's DQN (see ``tests/baselines/test_dqn_cartpole.py``).

Writes into ``--run-dir``: ``model.pt`` + ``model.pt.meta.json`` (for
``codegym evaluate --agent dqn:RUN_DIR/model.pt``), ``checkpoints/step_N.pt``,
``curve.csv`` and TensorBoard scalars (``charts/episodic_return``, ``charts/solve_rate``,
``charts/SPS``, ``charts/env_SPS``, ``charts/epsilon``, ``losses/td_loss``, ``losses/q_values``).

Example:
    python baselines/dqn.py --seed 0 --run-dir runs/dqn_s0
    codegym evaluate --agent dqn:runs/dqn_s0/model.pt --episodes 50 --seed 1000 --out baselines/results
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np

from codegym.evaluation import DEFAULT_ENV_ID
from codegym.evaluation.checkpoints import dqn_network, masked_argmax, masked_max, write_meta
from codegym.evaluation.menu_networks import is_menu_space, menu_layout
from codegym.evaluation.masks import action_mask
from codegym.evaluation.training import (CURVE_COLUMNS, CurveLog, describe_device, episode_outcome, log, make_env,
                                         env_sps_text, parse_args, resolve_device,
                                         set_torch_threads, tasks_kwarg)


@dataclass
class Args:
    """Train a masked DQN on a codegym env (or any Discrete-action Gymnasium env)."""

    env_id: str = field(default=DEFAULT_ENV_ID, metadata={"help": "env id"})
    seed: int = field(default=0, metadata={"help": "training seed (torch, numpy, env resets)"})
    total_timesteps: int = field(default=50_000, metadata={"help": "environment steps in all"})
    tasks: str = field(default="mutations", metadata={"help": "task source name or JSON spec (codegym envs)"})
    split: str = field(default="train", metadata={"help": "task split to train on (evaluate on test)"})
    task: list = field(default_factory=list, metadata={"help": "train only on this task id (repeatable)",
                                                       "repeat": True})
    env_kwargs: str = field(default="{}", metadata={"help": "extra env kwargs as JSON"})
    learning_rate: float = 1e-4
    buffer_size: int = 50_000
    gamma: float = 0.99
    batch_size: int = 64
    learning_starts: int = field(default=1000, metadata={"help": "uniform (valid) actions and no updates before"})
    train_frequency: int = field(default=4, metadata={"help": "env steps between training phases"})
    gradient_steps: int = field(default=1, metadata={"help": "gradient steps per training phase"})
    target_network_frequency: int = field(default=1000, metadata={"help": "env steps between target copies"})
    start_e: float = 1.0
    end_e: float = 0.05
    exploration_fraction: float = field(default=0.3, metadata={"help": "fraction of steps to anneal ε over"})
    max_grad_norm: float = 10.0
    net_arch: list = field(default_factory=lambda: [256, 256], metadata={"help": "hidden layers, e.g. 256,256 (mlp)"})
    network: str = field(default="auto", metadata={
        "help": "menu (one shared Q scorer per menu row: codegym/RepairMenu), mlp (Q values from one MLP) "
                "or auto (menu where the observation is a menu)"})
    menu_hidden: int = field(default=64, metadata={"help": "width of the menu scorer's layers (menu)"})
    device: str = field(default="auto", metadata={"help": "auto (CUDA when present), cpu or cuda"})
    torch_threads: int = field(default=1, metadata={
        "help": "CPU threads for torch (0: torch's default); small networks on shared cores train fastest on 1"})
    checkpoint_freq: int = field(default=10_000, metadata={"help": "save a checkpoint every N steps (0: only the end)"})
    run_dir: str = field(default="", metadata={"help": "output folder (default runs/dqn_<env>_s<seed>)"})
    tensorboard: bool = field(default=True, metadata={"help": "write TensorBoard scalars"})


class ReplayBuffer:
    """A ring buffer of transitions, each with the *next* state's action mask."""

    def __init__(self, size: int, obs_dim: int, n_actions: int) -> None:
        self.size, self.pos, self.full = int(size), 0, False
        self.obs = np.zeros((self.size, obs_dim), dtype=np.float32)
        self.next_obs = np.zeros((self.size, obs_dim), dtype=np.float32)
        self.actions = np.zeros(self.size, dtype=np.int64)
        self.rewards = np.zeros(self.size, dtype=np.float32)
        self.terminated = np.zeros(self.size, dtype=np.float32)
        self.next_masks = np.ones((self.size, n_actions), dtype=np.int8)

    def __len__(self) -> int:
        return self.size if self.full else self.pos

    def add(self, obs: np.ndarray, next_obs: np.ndarray, action: int, reward: float, terminated: bool,
            next_mask: np.ndarray) -> None:
        i = self.pos
        self.obs[i], self.next_obs[i], self.actions[i] = obs, next_obs, action
        self.rewards[i], self.terminated[i], self.next_masks[i] = reward, float(terminated), next_mask
        self.pos = (self.pos + 1) % self.size
        self.full = self.full or self.pos == 0

    def sample(self, batch_size: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        idx = rng.integers(0, len(self), size=batch_size)
        return {"obs": self.obs[idx], "next_obs": self.next_obs[idx], "actions": self.actions[idx],
                "rewards": self.rewards[idx], "terminated": self.terminated[idx], "next_masks": self.next_masks[idx]}


def act(q_net: Any, obs: np.ndarray, mask: np.ndarray, epsilon: float, rng: np.random.Generator,
        device: str = "cpu") -> int:
    """Masked ε-greedy: with probability ε a uniform *valid* action, else the argmax over valid actions."""
    import torch

    valid = np.flatnonzero(mask)
    if rng.random() < epsilon:
        return int(rng.choice(valid)) if valid.size else int(rng.integers(len(mask)))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32, device=device).unsqueeze(0))
        return int(masked_argmax(q, torch.as_tensor(mask, device=device).unsqueeze(0))[0])


def td_loss(q_net: Any, target_net: Any, batch: dict[str, np.ndarray], gamma: float, device: str) -> tuple[Any, Any]:
    """Huber TD loss with the target's max over the next state's valid actions; returns (loss, Q(s, a))."""
    import torch
    import torch.nn.functional as F

    t = {k: torch.as_tensor(v, device=device) for k, v in batch.items()}
    with torch.no_grad():
        next_max = masked_max(target_net(t["next_obs"]), t["next_masks"])
        target = t["rewards"] + gamma * next_max * (1.0 - t["terminated"])
    q_taken = q_net(t["obs"]).gather(1, t["actions"].unsqueeze(1)).squeeze(1)
    return F.smooth_l1_loss(q_taken, target), q_taken


def network_spec(args: Args, space: gym.spaces.Space, obs_dim: int, n_actions: int) -> dict[str, Any]:
    """What the checkpoint records to rebuild the Q-network (see ``codegym.evaluation.checkpoints.dqn_network``)."""
    if args.network not in ("auto", "menu", "mlp"):
        raise SystemExit(f"--network must be auto, menu or mlp, got {args.network!r}")
    spec: dict[str, Any] = {"obs_dim": obs_dim, "n_actions": n_actions, "net_arch": [int(w) for w in args.net_arch],
                            "network": "mlp"}
    if args.network == "menu" or (args.network == "auto" and is_menu_space(space)):
        layout = menu_layout(space)  # a clear error when the observation is not a menu
        spec.update(network="menu", menu_hidden=int(args.menu_hidden),
                    layout={k: [offset, list(shape)] for k, (offset, shape) in layout.items()})
    return spec


def linear_schedule(start: float, end: float, duration: float, step: int) -> float:
    """ε annealed linearly from ``start`` to ``end`` over ``duration`` steps."""
    if duration <= 0:
        return end
    return max(end, start + (end - start) * step / duration) if end < start else end


def train(args: Args) -> Path:
    """Train, save ``model.pt`` and its metadata; return the checkpoint path."""
    import torch

    device = resolve_device(args.device)
    set_torch_threads(args.torch_threads)
    run_dir = Path(args.run_dir or f"runs/dqn_{args.env_id.replace('/', '_')}_s{args.seed}")
    (run_dir / "checkpoints").mkdir(parents=True, exist_ok=True)
    log(f"device: {describe_device(device)}; run dir {run_dir}")
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    extra = json.loads(args.env_kwargs)
    spec = tasks_kwarg(args.tasks, args.split, args.task) if args.env_id.startswith("codegym/") else None
    totals: dict = {}
    env = make_env(args.env_id, args.seed, 0, {**extra, **({"tasks": spec} if spec is not None else {})}, totals)()
    if not isinstance(env.action_space, gym.spaces.Discrete):
        raise SystemExit(f"dqn.py needs a Discrete action space; {args.env_id} has {env.action_space}")
    space, n_actions = env.observation_space, int(env.action_space.n)
    obs_dim = int(gym.spaces.flatdim(space))
    spec = network_spec(args, space, obs_dim, n_actions)
    q = dqn_network(spec).to(device)
    target = dqn_network(spec).to(device)
    target.load_state_dict(q.state_dict())
    optimizer = torch.optim.Adam(q.parameters(), lr=args.learning_rate)
    buffer = ReplayBuffer(min(args.buffer_size, args.total_timesteps), obs_dim, n_actions)
    curve = CurveLog(run_dir, tensorboard=args.tensorboard)

    def flat(o: Any) -> np.ndarray:
        return np.asarray(gym.spaces.flatten(space, o), dtype=np.float32)

    def save(path: Path) -> None:
        torch.save({"q_network": q.state_dict(), **spec}, path)

    start = time.perf_counter()
    obs, info = env.reset(seed=args.seed)
    mask = action_mask(env, info)
    try:
        for step in range(args.total_timesteps):
            epsilon = 1.0 if step < args.learning_starts else linear_schedule(
                args.start_e, args.end_e, args.exploration_fraction * args.total_timesteps, step)
            action = act(q, flat(obs), mask, epsilon, rng, device)
            next_obs, reward, terminated, truncated, info = env.step(action)
            next_mask = action_mask(env, info)
            buffer.add(flat(obs), flat(next_obs), action, float(reward), bool(terminated), next_mask)
            outcome = episode_outcome(info)
            if outcome:
                curve.episode(step + 1, outcome[0], outcome[2], outcome[1])
            if terminated or truncated:
                obs, info = env.reset()
                mask = action_mask(env, info)
            else:
                obs, mask = next_obs, next_mask
            if step >= args.learning_starts and (step + 1) % args.train_frequency == 0:
                for _ in range(args.gradient_steps):
                    loss, q_taken = td_loss(q, target, buffer.sample(args.batch_size, rng), args.gamma, device)
                    optimizer.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(q.parameters(), args.max_grad_norm)
                    optimizer.step()
                curve.scalar("losses/td_loss", loss.item(), step + 1)
                curve.scalar("losses/q_values", q_taken.mean().item(), step + 1)
            if (step + 1) % args.target_network_frequency == 0:
                target.load_state_dict(q.state_dict())
            if (step + 1) % 1000 == 0 or step + 1 == args.total_timesteps:
                wall = time.perf_counter() - start
                curve.scalar("charts/SPS", (step + 1) / wall, step + 1)
                curve.scalar("charts/epsilon", epsilon, step + 1)
                if totals.get("env_time_s"):
                    curve.scalar("charts/env_SPS", totals["env_steps"] / totals["env_time_s"], step + 1)
            if args.checkpoint_freq and (step + 1) % args.checkpoint_freq == 0:
                save(run_dir / "checkpoints" / f"step_{step + 1}.pt")
    finally:
        curve.close()
        env.close()
    wall = time.perf_counter() - start
    path = run_dir / "model.pt"
    save(path)
    meta = {
        "algo": "dqn", "implementation": "baselines/dqn.py (masked DQN)", "env_id": args.env_id,
        "network": spec["network"],
        "env_kwargs": {**extra, "tasks": json.loads(args.tasks) if args.tasks.lstrip().startswith("{") else args.tasks,
                       "split": args.split, "task_ids": list(args.task)} if spec is not None else extra,
        "hyperparameters": asdict(args), "seed": args.seed, "total_timesteps": args.total_timesteps,
        "wall_time_s": wall, "sps": args.total_timesteps / wall if wall else None,
        "env_sps": totals["env_steps"] / totals["env_time_s"] if totals.get("env_time_s") else None,
        "device": device, "device_name": describe_device(device), "torch": torch.__version__,
        "episodes": len(curve.points), "curve_columns": CURVE_COLUMNS, "curve": curve.points,
        "command_line": sys.argv,
    }
    write_meta(path, meta)
    log(f"done: {args.total_timesteps} steps in {wall:.1f} s ({meta['sps']:.1f} SPS overall, env-only "
        f"{env_sps_text(meta['env_sps'])}) on {meta['device_name']}; {len(curve.points)} episodes; saved {path}")
    return path


if __name__ == "__main__":
    from codegym.errors import CodegymError

    try:
        train(parse_args(Args, "dqn"))
    except CodegymError as exc:
        sys.exit(f"dqn.py: error: {exc}")
