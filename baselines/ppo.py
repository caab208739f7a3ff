"""PPO baseline: sb3-contrib's MaskablePPO on a codegym env, CleanRL-shaped (one file, one ``Args``).

Run ``python baselines/ppo.py --help``. Hyperparameters come from ``baselines/hyperparams.yml``
(``ppo -> env id``), then the flags. Writes into ``--run-dir``: ``model.zip`` and
``model.zip.meta.json`` (for ``codegym evaluate --agent ppo:RUN_DIR/model.zip``),
``checkpoints/step_N.zip``, ``curve.csv`` and TensorBoard scalars under ``tb/``:
``charts/episodic_return``, ``charts/episodic_length``, ``charts/solve_rate``, ``charts/SPS``,
``charts/env_SPS``, ``charts/learning_rate``, ``losses/approx_kl``, ``losses/entropy``,
``losses/policy_loss``, ``losses/value_loss``, ``losses/clipfrac``, ``losses/explained_variance``.

Example:
    python baselines/ppo.py --seed 0 --run-dir runs/ppo_s0 --device auto
    codegym evaluate --agent ppo:runs/ppo_s0/model.zip --episodes 50 --seed 1000 --out baselines/results
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from codegym.evaluation import DEFAULT_ENV_ID
from codegym.evaluation.checkpoints import write_meta
from codegym.evaluation.menu_networks import is_menu_space, menu_layout
from codegym.evaluation.training import (CURVE_COLUMNS, CurveLog, describe_device, episode_outcome, log, make_env,
                                         env_sps_text, parse_args, resolve_device,
                                         set_torch_threads, tasks_kwarg, timed_vec_env)


@dataclass
class Args:
    """Train sb3-contrib MaskablePPO on a codegym env (masks from the env's action_masks())."""

    env_id: str = field(default=DEFAULT_ENV_ID, metadata={"help": "env id"})
    seed: int = field(default=0, metadata={"help": "training seed (torch, numpy, env resets)"})
    total_timesteps: int = field(default=50_000, metadata={"help": "environment steps in all"})
    num_envs: int = field(default=4, metadata={"help": "parallel envs"})
    vec_env: str = field(default="dummy", metadata={"help": "dummy (one process) or subproc (one process per env)"})
    tasks: str = field(default="mutations", metadata={"help": "task source name or JSON spec"})
    split: str = field(default="train", metadata={"help": "task split to train on (evaluate on test)"})
    task: list = field(default_factory=list, metadata={"help": "train only on this task id (repeatable)", "repeat": True})
    env_kwargs: str = field(default="{}", metadata={"help": "extra env kwargs as JSON"})
    learning_rate: float = 3e-4
    n_steps: int = field(default=128, metadata={"help": "steps per env per rollout"})
    batch_size: int = 128
    n_epochs: int = 4
    gamma: float = 0.99
    gae_lambda: float = 0.95
    clip_range: float = 0.2
    ent_coef: float = 0.01
    vf_coef: float = 0.5
    max_grad_norm: float = 0.5
    target_kl: float = field(default=0.05, metadata={"help": "early-stop the epochs past this approx KL (0: never)"})
    net_arch: list = field(default_factory=lambda: [128, 128], metadata={"help": "hidden layers, e.g. 128,128 (mlp)"})
    policy: str = field(default="auto", metadata={
        "help": "menu (one shared scorer per menu row: codegym/RepairMenu), mlp (SB3's MultiInputPolicy/MlpPolicy) "
                "or auto (menu where the observation is a menu)"})
    menu_hidden: int = field(default=64, metadata={"help": "width of the menu scorer's layers (menu)"})
    device: str = field(default="auto", metadata={"help": "auto (CUDA when present), cpu or cuda"})
    torch_threads: int = field(default=1, metadata={
        "help": "CPU threads for torch (0: torch's default); small networks on shared cores train fastest on 1"})
    bc_episodes: int = field(default=0, metadata={
        "help": "behaviour-cloning warm start: expert (oracle) episodes on the training split, cloned into the "
                "policy before PPO starts (0: none; needs a menu env with oracle_actions())"})
    bc_epochs: int = field(default=20, metadata={"help": "passes over the demonstrations"})
    bc_learning_rate: float = field(default=1e-3, metadata={"help": "Adam step size for the warm start"})
    checkpoint_freq: int = field(default=10_000, metadata={"help": "save a checkpoint every N steps (0: only the end)"})
    run_dir: str = field(default="", metadata={"help": "output folder (default runs/ppo_<env>_s<seed>)"})
    tensorboard: bool = field(default=True, metadata={"help": "write TensorBoard scalars"})


def make_callback(curve: CurveLog, totals: dict, args: Args, run_dir: Path):
    """The SB3 callback that logs charts/*, losses/* and writes checkpoints."""
    from stable_baselines3.common.callbacks import BaseCallback

    losses = {"train/approx_kl": "losses/approx_kl", "train/entropy_loss": "losses/entropy",
              "train/policy_gradient_loss": "losses/policy_loss", "train/value_loss": "losses/value_loss",
              "train/clip_fraction": "losses/clipfrac", "train/explained_variance": "losses/explained_variance",
              "train/learning_rate": "charts/learning_rate"}

    class Logger(BaseCallback):
        def __init__(self) -> None:
            super().__init__()
            self.start = time.perf_counter()
            self.last_checkpoint = 0
            self.kl: list[float] = []
            self.entropy: list[float] = []

        def _losses(self) -> None:
            values = self.model.logger.name_to_value
            for key, tag in losses.items():
                if key in values:
                    value = -values[key] if key == "train/entropy_loss" else values[key]  # entropy, not its loss
                    curve.scalar(tag, value, self.num_timesteps)
            if "train/approx_kl" in values:
                self.kl.append(float(values["train/approx_kl"]))
                self.entropy.append(float(-values["train/entropy_loss"]))

        def _on_rollout_start(self) -> None:
            self._losses()  # the previous update's values, recorded by train() and not yet dumped

        def _on_step(self) -> bool:
            for info in self.locals["infos"]:
                outcome = episode_outcome(info)
                if outcome:
                    curve.episode(self.num_timesteps, outcome[0], outcome[2], outcome[1])
            if args.checkpoint_freq and self.num_timesteps - self.last_checkpoint >= args.checkpoint_freq:
                self.last_checkpoint = self.num_timesteps
                self.model.save(run_dir / "checkpoints" / f"step_{self.num_timesteps}.zip")
            return True

        def _on_rollout_end(self) -> None:
            wall = time.perf_counter() - self.start
            curve.scalar("charts/SPS", self.num_timesteps / wall, self.num_timesteps)
            if totals.get("env_time_s"):
                curve.scalar("charts/env_SPS", totals["env_steps"] / totals["env_time_s"], self.num_timesteps)
            if curve.points:
                log(f"step {self.num_timesteps}: {len(curve.points)} episodes, solve rate (last 100) "
                    f"{sum(curve.recent) / len(curve.recent):.2f}, SPS {self.num_timesteps / wall:.1f}")

        def _on_training_end(self) -> None:
            self._losses()

    return Logger()


def choose_policy(args: Args, obs_space: Any) -> tuple[Any, dict]:
    """The policy class (or SB3 name) and its kwargs for ``--policy``; a menu policy needs a menu observation."""
    if args.policy not in ("auto", "menu", "mlp"):
        raise SystemExit(f"--policy must be auto, menu or mlp, got {args.policy!r}")
    if args.policy == "menu" or (args.policy == "auto" and is_menu_space(obs_space)):
        from codegym.evaluation.menu_policy import MenuPolicy

        menu_layout(obs_space)  # a clear error when the observation is not a menu
        return MenuPolicy, {"features_extractor_kwargs": {"hidden": int(args.menu_hidden)}}
    dict_obs = hasattr(obs_space, "spaces") and isinstance(obs_space.spaces, dict)
    return ("MultiInputPolicy" if dict_obs else "MlpPolicy"), {"net_arch": list(args.net_arch)}


def behaviour_clone(args: Args, model: Any, env_kwargs: dict, curve: CurveLog) -> dict:
    """Clone the env's expert into ``model.policy`` (demonstrations from the training split, reset
    seeds 10**6 + 1000 * seed onwards, apart from the PPO envs' own); what it did, for the metadata."""
    from codegym.evaluation.imitation import clone_into, collect_demonstrations

    start = time.perf_counter()
    env = make_env(args.env_id, args.seed, args.num_envs, env_kwargs, {})()
    try:
        demos = collect_demonstrations(env, args.bc_episodes, seed=10**6 + 1000 * args.seed)
    finally:
        env.close()
    fit = clone_into(model.policy, demos, epochs=args.bc_epochs, learning_rate=args.bc_learning_rate, seed=args.seed)
    summary = {**fit, "method": "behaviour cloning of the oracle (expert set likelihood)", "episodes": demos.episodes,
               "env_steps": demos.steps, "states": len(demos), "epochs": args.bc_epochs, "expert_solved": demos.solved,
               "wall_time_s": time.perf_counter() - start}
    for key in ("loss", "accuracy"):
        curve.scalar(f"warm_start/{key}", fit[key], 0)
    log(f"warm start: {demos.episodes} expert episodes ({demos.steps} env steps, {len(demos)} states), "
        f"{args.bc_epochs} epochs: loss {fit['loss']:.3f}, greedy accuracy {fit['accuracy']:.2f}")
    return summary


def train(args: Args) -> Path:
    """Train, save ``model.zip`` and its metadata; return the checkpoint path."""
    import numpy as np
    import torch
    from sb3_contrib import MaskablePPO
    from stable_baselines3.common.utils import set_random_seed
    from stable_baselines3.common.vec_env import DummyVecEnv, SubprocVecEnv

    device = resolve_device(args.device)
    set_torch_threads(args.torch_threads)
    run_dir = Path(args.run_dir or f"runs/ppo_{args.env_id.replace('/', '_')}_s{args.seed}")
    (run_dir / "checkpoints").mkdir(parents=True, exist_ok=True)
    log(f"device: {describe_device(device)}; run dir {run_dir}")
    set_random_seed(args.seed, using_cuda=device.startswith("cuda"))
    extra = json.loads(args.env_kwargs)
    spec = tasks_kwarg(args.tasks, args.split, args.task) if args.env_id.startswith("codegym/") else None
    env_kwargs = {**extra, **({"tasks": spec} if spec is not None else {})}
    totals: dict = {}
    thunks = [make_env(args.env_id, args.seed, i, env_kwargs, {}) for i in range(args.num_envs)]
    if args.vec_env not in ("dummy", "subproc"):
        raise SystemExit(f"--vec-env must be dummy or subproc, got {args.vec_env!r}")
    envs = timed_vec_env(DummyVecEnv(thunks) if args.vec_env == "dummy" else SubprocVecEnv(thunks), totals)
    envs.seed(args.seed)
    policy, policy_kwargs = choose_policy(args, envs.observation_space)
    model = MaskablePPO(policy, envs, learning_rate=args.learning_rate, n_steps=args.n_steps,
                        batch_size=args.batch_size, n_epochs=args.n_epochs, gamma=args.gamma,
                        gae_lambda=args.gae_lambda, clip_range=args.clip_range, ent_coef=args.ent_coef,
                        vf_coef=args.vf_coef, max_grad_norm=args.max_grad_norm,
                        target_kl=args.target_kl or None, policy_kwargs=policy_kwargs,
                        seed=args.seed, device=device, verbose=0)
    curve = CurveLog(run_dir, tensorboard=args.tensorboard)
    if curve.writer is not None:
        curve.writer.add_text("hyperparameters", json.dumps(asdict(args), indent=2))
    warm_start = behaviour_clone(args, model, env_kwargs, curve) if args.bc_episodes else None
    callback = make_callback(curve, totals, args, run_dir)
    start = time.perf_counter()
    try:
        model.learn(total_timesteps=args.total_timesteps, callback=callback)
    finally:
        curve.close()
        envs.close()
    wall = time.perf_counter() - start
    path = run_dir / "model.zip"
    model.save(path)
    steps = int(model.num_timesteps)
    meta = {
        "algo": "ppo", "implementation": "sb3_contrib.MaskablePPO", "env_id": args.env_id,
        "policy": policy if isinstance(policy, str) else f"{policy.__module__}.{policy.__qualname__}",
        "env_kwargs": {**extra, "tasks": json.loads(args.tasks) if args.tasks.lstrip().startswith("{") else args.tasks,
                       "split": args.split, "task_ids": list(args.task)} if spec is not None else extra,
        "hyperparameters": asdict(args), "seed": args.seed, "total_timesteps": steps,
        "wall_time_s": wall, "sps": steps / wall if wall else None,
        "env_sps": totals["env_steps"] / totals["env_time_s"] if totals.get("env_time_s") else None,
        "device": device, "device_name": describe_device(device), "torch": torch.__version__,
        "approx_kl_last": callback.kl[-1] if callback.kl else None,
        "entropy_last": callback.entropy[-1] if callback.entropy else None,
        "episodes": len(curve.points), "curve_columns": CURVE_COLUMNS, "curve": curve.points,
        "warm_start": warm_start,
        "numpy": np.__version__, "command_line": sys.argv,
    }
    write_meta(path, meta)
    log(f"done: {steps} steps in {wall:.1f} s ({meta['sps']:.1f} SPS overall, env-only "
        f"{env_sps_text(meta['env_sps'])}) on {meta['device_name']}; saved {path}")
    return path


if __name__ == "__main__":
    from codegym.errors import CodegymError

    try:
        train(parse_args(Args, "ppo"))
    except CodegymError as exc:
        sys.exit(f"ppo.py: error: {exc}")
