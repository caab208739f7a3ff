"""What ``baselines/ppo.py`` and ``baselines/dqn.py`` share: arguments from a dataclass and the
RL-Zoo-style YAML, ``--device auto``, env thunks over codegym task splits, step timing and
learning-curve logging (CSV + TensorBoard ``charts/*``).

Example:
    >>> resolve_device("cpu")
    'cpu'
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import time
import typing
from collections import deque
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import gymnasium as gym

from codegym.errors import ConfigError

HYPERPARAMS = Path(__file__).resolve().parents[2] / "baselines" / "hyperparams.yml"
CURVE_COLUMNS = ["step", "episodic_return", "solved", "length"]


# ---- arguments
def _field_type(tp: Any) -> Callable[[str], Any]:
    origin = typing.get_origin(tp)
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if origin in (list, tuple, Sequence) or tp in (list, tuple):
        return lambda text: [int(x) for x in text.replace("[", "").replace("]", "").split(",") if x.strip()]
    if origin is typing.Union or str(origin) == "types.UnionType":
        return _field_type(args[0]) if args else str
    return tp if tp in (int, float, str) else str


def load_hyperparams(algo: str, env_id: str, path: str | Path = HYPERPARAMS) -> dict[str, Any]:
    """The YAML entry ``algo -> env_id`` (``{}`` when the file has none for this env)."""
    import yaml

    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    entry = (data.get(algo) or {}).get(env_id) or {}
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: {algo} -> {env_id} must be a mapping of hyperparameters")
    return entry


def parse_args(cls: type, algo: str, argv: Sequence[str] | None = None) -> Any:
    """An instance of the dataclass ``cls``: its defaults, then ``hyperparams.yml[algo][env_id]``, then the flags."""
    hints = typing.get_type_hints(cls)
    parser = argparse.ArgumentParser(description=(cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else None)
    for f in dataclasses.fields(cls):
        flag = "--" + f.name.replace("_", "-")
        help_text = f.metadata.get("help", "")
        if hints[f.name] is bool:
            parser.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS,
                                help=help_text)
        elif f.metadata.get("repeat"):  # a repeatable string flag (e.g. --task ID --task ID)
            parser.add_argument(flag, dest=f.name, type=str, action="append", default=argparse.SUPPRESS, help=help_text)
        else:
            parser.add_argument(flag, dest=f.name, type=_field_type(hints[f.name]), default=argparse.SUPPRESS,
                                help=help_text)
    parser.add_argument("--hyperparams", default=str(HYPERPARAMS), help="RL-Zoo-style YAML (algo -> env id -> values)")
    given = vars(parser.parse_args(argv))
    yaml_path = given.pop("hyperparams")
    env_id = given.get("env_id", next(f.default for f in dataclasses.fields(cls) if f.name == "env_id"))
    from_yaml = load_hyperparams(algo, env_id, yaml_path)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(from_yaml) - names)
    if unknown:
        raise ConfigError(f"{yaml_path}: {algo} -> {env_id} has unknown key(s) {unknown}; known: {sorted(names)}")
    return cls(**{**from_yaml, **given})


# ---- device
def resolve_device(device: str) -> str:
    """``auto`` is CUDA when present, else CPU; anything else is checked and kept."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(f"--device {device}: no CUDA device here; use --device auto or cpu")
    return device


def set_torch_threads(threads: int) -> None:
    """Use ``threads`` CPU threads for torch (0 keeps torch's default).

    The baselines' networks are small: on a few shared cores extra threads only contend
    with each other and with the env processes (a masked DQN update ran 6x slower with 2
    threads than with 1 while a PPO run shared the machine).
    """
    import torch

    if int(threads) < 0:
        raise ConfigError(f"--torch-threads must be >= 0 (0: torch's default), got {threads}")
    if int(threads) > 0:
        torch.set_num_threads(int(threads))


def describe_device(device: str) -> str:
    """``cuda (NVIDIA H200)`` or ``cpu (N threads)``: what the log and the metadata say ran."""
    import torch

    if device.startswith("cuda"):
        return f"{device} ({torch.cuda.get_device_name(0)})"
    return f"{device} ({torch.get_num_threads()} threads)"


# ---- envs
class EnvTimer(gym.Wrapper):
    """Accumulates the seconds spent inside ``reset``/``step`` (env-only SPS) in a shared dict."""

    def __init__(self, env: gym.Env, totals: dict[str, float]) -> None:
        super().__init__(env)
        self.totals = totals

    def reset(self, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.env.reset(**kwargs)
        finally:
            self.totals["env_time_s"] = self.totals.get("env_time_s", 0.0) + time.perf_counter() - start

    def step(self, action: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.env.step(action)
        finally:
            self.totals["env_time_s"] = self.totals.get("env_time_s", 0.0) + time.perf_counter() - start
            self.totals["env_steps"] = self.totals.get("env_steps", 0) + 1

    def action_masks(self) -> Any:
        """The env's mask (sb3-contrib calls this through the wrappers)."""
        from codegym.evaluation.masks import action_mask

        return action_mask(self.env)


def timed_vec_env(venv: Any, totals: dict[str, float]) -> Any:
    """Wrap an SB3 ``VecEnv`` so ``totals`` gets the seconds the trainer waits on it and the env steps taken.

    Works for ``DummyVecEnv`` and ``SubprocVecEnv`` alike (a per-env :class:`EnvTimer` in a
    subprocess would count into that process's copy of ``totals``): env-only SPS is
    ``env_steps / env_time_s``, the rate the trainer would see with an instant policy.
    """
    from stable_baselines3.common.vec_env import VecEnvWrapper

    class VecEnvTimer(VecEnvWrapper):
        def _timed(self, call: Callable[[], Any], steps: int = 0) -> Any:
            start = time.perf_counter()
            try:
                return call()
            finally:
                totals["env_time_s"] = totals.get("env_time_s", 0.0) + time.perf_counter() - start
                totals["env_steps"] = totals.get("env_steps", 0) + steps

        def reset(self) -> Any:
            return self._timed(self.venv.reset)

        def step_async(self, actions: Any) -> None:
            self._timed(lambda: self.venv.step_async(actions))

        def step_wait(self) -> Any:
            return self._timed(self.venv.step_wait, steps=self.num_envs)

    return VecEnvTimer(venv)


def tasks_kwarg(tasks: str | None, split: str | None, task_ids: Sequence[str] = ()) -> Any:
    """The ``tasks=`` kwarg: a source name or JSON spec on a split, narrowed to ``task_ids`` when given.

    Narrowing to ids keeps the split: an id outside it is a :class:`~codegym.errors.TaskError`.
    """
    from codegym.evaluation.evaluator import env_kwargs_for

    spec = env_kwargs_for(split, json.loads(tasks) if tasks and tasks.lstrip().startswith("{") else tasks).get("tasks")
    if not task_ids:
        return spec
    import codegym.tasks

    options = dict(spec or {})
    source, chosen_split = options.pop("source", "mutations"), options.pop("split", None)
    chosen = codegym.tasks.load(source, **options)
    if chosen_split:
        chosen = chosen.split(chosen_split)
    return chosen.filter(ids=list(task_ids))


def make_env(env_id: str, seed: int, idx: int, env_kwargs: Mapping[str, Any],
             totals: dict[str, float]) -> Callable[[], gym.Env]:
    """A thunk making one (timed, episode-recording) env: for Gymnasium and SB3 vector envs."""

    def thunk() -> gym.Env:
        import codegym  # noqa: F401  (registers the envs)

        env = gym.make(env_id, **dict(env_kwargs))
        env = gym.wrappers.RecordEpisodeStatistics(env)
        env = EnvTimer(env, totals)
        env.action_space.seed(seed + idx)
        return env

    return thunk


def env_sps_text(env_sps: float | None) -> str:
    """The env-only rate for a log line; ``None`` when the envs ran in other processes (``--vec-env subproc``).

    Example:
        >>> env_sps_text(12.34), env_sps_text(None)
        ('12.3 SPS', 'not measured: the envs ran in subprocesses')
    """
    return f"{env_sps:.1f} SPS" if env_sps else "not measured: the envs ran in subprocesses"


# ---- logging
class CurveLog:
    """Episode outcomes to ``curve.csv``, TensorBoard (``charts/*``) and the checkpoint metadata."""

    def __init__(self, run_dir: Path, tensorboard: bool = True, window: int = 100) -> None:
        self.run_dir = run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        self.points: list[list[float]] = []
        self.recent: deque[float] = deque(maxlen=window)
        self._csv = open(run_dir / "curve.csv", "w", newline="", encoding="utf-8")
        self._rows = csv.writer(self._csv)
        self._rows.writerow(CURVE_COLUMNS)
        self.writer = None
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:
                raise ConfigError("TensorBoard logging needs the tensorboard package: pip install 'codegym[rl]', "
                                  "or pass --no-tensorboard") from None
            self.writer = SummaryWriter(str(run_dir / "tb"))

    def scalar(self, tag: str, value: float, step: int) -> None:
        """One TensorBoard scalar (no-op without TensorBoard)."""
        if self.writer is not None:
            self.writer.add_scalar(tag, float(value), int(step))

    def episode(self, step: int, episodic_return: float, solved: bool, length: int) -> None:
        """Record one finished training episode."""
        self.recent.append(float(solved))
        self.points.append([int(step), float(episodic_return), float(solved), int(length)])
        self._rows.writerow(self.points[-1])
        self.scalar("charts/episodic_return", episodic_return, step)
        self.scalar("charts/episodic_length", length, step)
        self.scalar("charts/solve_rate", sum(self.recent) / len(self.recent), step)

    def close(self) -> None:
        self._csv.close()
        if self.writer is not None:
            self.writer.close()


def episode_outcome(info: Mapping[str, Any]) -> tuple[float, int, bool] | None:
    """``(return, length, solved)`` of an episode that ended on this step's info, else ``None``."""
    episode = info.get("episode")
    if episode is None:
        return None
    ret = float(episode["r"].item() if hasattr(episode["r"], "item") else episode["r"])
    length = int(episode["l"].item() if hasattr(episode["l"], "item") else episode["l"])
    return ret, length, info.get("verdict") == "solved"


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
