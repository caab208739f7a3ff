"""Every registered env steps inside every RL library's vector env (real sandbox, real libraries).

Parametrised over every id under ``codegym/`` in Gymnasium's registry (a new env joins by
being registered) x library:

* Gymnasium ``make_vec``, sync (20 steps) and async (8 steps): the env as it is, Text
  spaces included; every batched info value must be an array of numbers (or of strings,
  such as ``verdict``), never of objects;
* Stable-Baselines3 ``DummyVecEnv`` + ``VecMonitor``: sb3-contrib's MaskablePPO collects
  one rollout through it (masked by the env) and updates once;
* Tianshou ``DummyVectorEnv`` + ``Collector`` + ``VectorReplayBuffer`` with a masked random
  policy; the stored infos are batched arrays;
* TorchRL ``GymWrapper`` in a ``SerialEnv``, ``rollout`` with a masked random policy; the
  array-valued info keys read into the tensordict;
* RLlib ``SingleAgentEnvRunner``: its own Gymnasium vector env, sampled by its PPO module.

Each (env, library) pair plays 2 sub-envs for 20 vector steps (40 env steps; 200 per
library) on two small builtin tasks with ``max_episode_steps=5`` (CodeGen: one step per
episode), so episodes end and reset inside the vector env; the test checks they did.

No wrapper is written here. Gymnasium takes the envs as they are. The other libraries take
numeric spaces only, so the envs go through the codegym wrappers the README documents for
them (``codegym.wrappers``; ``examples/sb3_ppo.py``, ``examples/rllib_ppo.py``): a numeric
``Dict`` env (RepairMenu, DecomposeMenu) goes in as it is (RLlib: ``FlattenMenuObservation``,
as its default models take one ``Box``); a text env (CodeGen, CodeEdit, Decompose) gets
``CandidateActionWrapper`` over actions the env defines (CodeEdit: ``CODEEDIT_BASIC_ACTIONS``;
Decompose: its ``manager_action``/``yield_action`` encodings; CodeGen: its starting file)
and ``TextFeatureObservation``. Two library limits are worked around by configuration,
not wrappers: Tianshou's vector env reports the *unwrapped* env's spaces (the policy takes
them from one env), and TorchRL's default info reader takes numpy values only (the
array-valued keys are named to it).

Example:
    python -m pytest -q tests/envs/test_vector_libraries.py -k RepairMenu
"""

from __future__ import annotations

import math
from typing import Any, Callable

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces

import codegym  # noqa: F401  (registers the codegym/* ids)
from codegym.engine import INFO_KEYS
from codegym.wrappers import (
    CODEEDIT_BASIC_ACTIONS,
    CandidateActionWrapper,
    FlattenMenuObservation,
    TextFeatureObservation,
)

ENV_IDS = sorted(env_id for env_id in gym.registry if env_id.startswith("codegym/"))
TASKS = ("builtin/fix_palindrome", "builtin/digital_root")
NUM_ENVS = 2
VECTOR_STEPS = 20
ASYNC_STEPS = 8
EPISODE_STEPS = 5
FEATURE_DIM = 32


# ---------------------------------------------------------------------------- building the envs
def make_kwargs(env_id: str) -> dict:
    """Two cheap builtin tasks; a short step limit where the env has one (CodeGen ends every step)."""
    kwargs: dict[str, Any] = {"tasks": list(TASKS)}
    if gym.spec(env_id).max_episode_steps is not None:
        kwargs["max_episode_steps"] = EPISODE_STEPS
    return kwargs


def is_numeric(space: spaces.Space) -> bool:
    """True for the spaces classic RL libraries take (no ``Text`` anywhere).

    Example:
        >>> is_numeric(spaces.Dict({"a": spaces.Box(0, 1, (2,)), "b": spaces.Text(5)}))
        False
    """
    if isinstance(space, spaces.Dict):
        return all(is_numeric(sub) for sub in space.spaces.values())
    return isinstance(space, (spaces.Box, spaces.Discrete, spaces.MultiBinary, spaces.MultiDiscrete))


def candidate_actions(env: gym.Env) -> Any:
    """The actions a text env defines itself, for ``CandidateActionWrapper`` (see the module docstring)."""
    core = env.unwrapped
    if hasattr(core, "manager_action") and hasattr(core, "yield_action"):  # Decompose: both levels
        parts = [core.manager_action("select", k) for k in range(core.max_parts)]
        return [core.manager_action("submit"), *parts, core.yield_action(), CODEEDIT_BASIC_ACTIONS[0]]
    if hasattr(core, "tools"):  # CodeEdit: tool calls
        return CODEEDIT_BASIC_ACTIONS
    if "starting_file" in getattr(env.observation_space, "spaces", {}):  # CodeGen: submit a file
        return lambda obs, info: [obs["starting_file"]]
    pytest.fail(f"{env.spec.id if env.spec else core}: a text env with no known candidate actions; "
                "name here the actions CandidateActionWrapper offers for it")


def make_env(env_id: str, flat: bool = False) -> gym.Env:
    """``env_id`` fit for a classic RL library: a numeric env as it is (``flat``: one ``Box``),
    a text env through ``CandidateActionWrapper`` + ``TextFeatureObservation``."""
    env = gym.make(env_id, **make_kwargs(env_id))
    if is_numeric(env.observation_space) and isinstance(env.action_space, spaces.Discrete):
        return FlattenMenuObservation(env) if flat else env
    candidates = candidate_actions(env)
    env = CandidateActionWrapper(env, candidates, size=1 if callable(candidates) else None)
    return TextFeatureObservation(env, dim=FEATURE_DIM)


def env_fns(env_id: str, flat: bool = False) -> list[Callable[[], gym.Env]]:
    return [lambda: make_env(env_id, flat) for _ in range(NUM_ENVS)]


# ---------------------------------------------------------------------------- policies and checks
def masked_choice(rng: np.random.Generator, mask: Any, n: int) -> int:
    """A uniform valid action among ``n`` (any action when there is no mask or it allows none).

    Example:
        >>> masked_choice(np.random.default_rng(0), np.array([0, 0, 1]), 3)
        2
    """
    valid = np.flatnonzero(np.asarray(mask).reshape(-1)[:n]) if mask is not None else np.arange(n)
    return int(rng.choice(valid if valid.size else np.arange(n)))


def mask_of(obs: Any, info: Any) -> Any:
    """The valid actions as the env states them: ``obs['mask']`` / ``obs['action_mask']``, else the info's."""
    for source in (obs, info):
        if isinstance(source, dict):
            for key in ("mask", "action_mask"):
                if key in source:
                    return source[key]
    return None


def check_batched_info(info: dict, n: int = NUM_ENVS, path: str = "info") -> None:
    """Gymnasium's batched info: every engine key; every value a length-``n`` array of numbers (or
    of strings: ``task_id``, ``verdict``...), never of objects such as None, lists or ragged arrays."""
    if path == "info":
        for key in INFO_KEYS:
            assert key in info, f"info lacks {key!r}"
        assert info["reward_valid"].dtype == bool and info["tests"]["total"].dtype.kind == "i"
        terms = {k: v for k, v in info["reward_terms"].items() if not k.startswith("_")}
        assert "invalid_action" in terms
        assert all(v.dtype.kind == "f" and np.all(np.isfinite(v)) for v in terms.values())
    for key, value in info.items():
        if isinstance(value, dict):
            check_batched_info(value, n, f"{path}.{key}")
            continue
        assert isinstance(value, np.ndarray) and value.shape[:1] == (n,), f"{path}.{key} is not batched: {value!r}"
        if value.dtype == object:
            kinds = {type(v).__name__ for v in value}
            assert kinds <= {"str"}, f"{path}.{key} batched as objects ({kinds}): use a number or a fixed-shape array"


# ---------------------------------------------------------------------------- Gymnasium
@pytest.mark.parametrize("env_id", ENV_IDS)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_gymnasium_make_vec(env_id: str, mode: str):
    """The env as it is in ``gym.make_vec``; half the actions are the oracle's, half random (masked)."""
    envs = gym.make_vec(env_id, num_envs=NUM_ENVS, vectorization_mode=mode, **make_kwargs(env_id))
    rng = np.random.default_rng(0)
    steps = VECTOR_STEPS if mode == "sync" else ASYNC_STEPS
    try:
        obs, info = envs.reset(seed=0)
        check_batched_info(info)
        envs.action_space.seed(0)
        episodes = 0
        for _ in range(steps):
            oracle = envs.call("oracle_action")
            sampled = envs.action_space.sample()
            if isinstance(envs.single_action_space, spaces.Discrete):
                masks = mask_of(obs, info)
                sampled = np.array([masked_choice(rng, None if masks is None else masks[i], envs.single_action_space.n)
                                    for i in range(NUM_ENVS)])
            chosen = [oracle[i] if rng.random() < 0.5 else sampled[i] for i in range(NUM_ENVS)]
            obs, reward, terminated, truncated, info = envs.step(
                np.array(chosen) if isinstance(sampled, np.ndarray) else tuple(chosen))
            assert reward.shape == (NUM_ENVS,) and np.all(np.isfinite(reward))
            check_batched_info(info)
            episodes += int((terminated | truncated).sum())
        assert episodes >= NUM_ENVS, f"{episodes} episodes ended in {steps} steps"
    finally:
        envs.close()


# ---------------------------------------------------------------------------- Stable-Baselines3
@pytest.mark.parametrize("env_id", ENV_IDS)
def test_sb3_dummy_vec_env(env_id: str):
    """``DummyVecEnv`` + ``VecMonitor``: MaskablePPO (PPO for an env without masks) collects and updates once."""
    pytest.importorskip("stable_baselines3")
    sb3_contrib = pytest.importorskip("sb3_contrib")
    from stable_baselines3 import PPO
    from stable_baselines3.common.vec_env import DummyVecEnv, VecMonitor

    venv = VecMonitor(DummyVecEnv(env_fns(env_id)))
    try:
        algo = sb3_contrib.MaskablePPO if venv.has_attr("action_masks") else PPO
        policy = "MultiInputPolicy" if isinstance(venv.observation_space, spaces.Dict) else "MlpPolicy"
        model = algo(policy, venv, n_steps=VECTOR_STEPS, batch_size=NUM_ENVS * VECTOR_STEPS, n_epochs=1, seed=0,
                     device="cpu", policy_kwargs={"net_arch": [16]})
        model.learn(total_timesteps=NUM_ENVS * VECTOR_STEPS)
        assert model.num_timesteps == NUM_ENVS * VECTOR_STEPS
        # VecMonitor saw episodes end (and DummyVecEnv reset them).
        assert len(model.ep_info_buffer) >= NUM_ENVS
        assert all(math.isfinite(ep["r"]) and ep["l"] >= 1 for ep in model.ep_info_buffer)
    finally:
        venv.close()


# ---------------------------------------------------------------------------- Tianshou
@pytest.mark.parametrize("env_id", ENV_IDS)
def test_tianshou_dummy_vector_env(env_id: str):
    """``DummyVectorEnv`` + ``Collector`` with a masked random policy; the infos land in a ``VectorReplayBuffer``."""
    pytest.importorskip("tianshou")
    from tianshou.algorithm.algorithm_base import Policy
    from tianshou.data import Batch, Collector, VectorReplayBuffer
    from tianshou.env import DummyVectorEnv

    class MaskedRandom(Policy):
        """Uniform among the valid actions (``obs.mask`` / ``obs.action_mask`` / ``info.action_mask``)."""

        def __init__(self, action_space: spaces.Discrete) -> None:
            super().__init__(action_space=action_space)
            self.rng = np.random.default_rng(0)

        def forward(self, batch: Batch, state: Any = None, **kwargs: Any) -> Batch:
            masks = None
            for source in (batch.obs, batch.info):
                for key in ("mask", "action_mask"):
                    if masks is None and isinstance(source, Batch) and key in source.keys():
                        masks = np.asarray(source[key])
            n = len(batch.obs) if isinstance(batch.obs, Batch) else batch.obs.shape[0]
            acts = [masked_choice(self.rng, None if masks is None else masks[i], int(self.action_space.n))
                    for i in range(n)]
            return Batch(act=np.array(acts))

    probe = make_env(env_id)  # Tianshou's vector env reports the *unwrapped* env's spaces: ask one env
    native = isinstance(probe.observation_space, spaces.Dict)  # the env's own spaces and mask, no wrapper
    probe.close()
    envs = DummyVectorEnv(env_fns(env_id))
    try:
        envs.seed(0)
        buffer = VectorReplayBuffer(NUM_ENVS * VECTOR_STEPS, buffer_num=NUM_ENVS)
        collector = Collector(MaskedRandom(probe.action_space), envs, buffer)
        collector.reset()
        stats = collector.collect(n_step=NUM_ENVS * VECTOR_STEPS)
        assert stats.n_collected_steps >= NUM_ENVS * VECTOR_STEPS
        assert stats.n_collected_episodes >= NUM_ENVS, "no episode ended (and reset) inside the DummyVectorEnv"
        stored = buffer.sample(0)[0]
        assert len(stored) == len(buffer) >= NUM_ENVS * VECTOR_STEPS
        for key in INFO_KEYS:
            assert key in stored.info.keys(), f"the buffer's info lacks {key!r}"
        invalid = np.asarray(stored.info.reward_terms.invalid_action)
        assert invalid.shape == (len(stored),) and invalid.dtype.kind == "f" and np.all(np.isfinite(invalid))
        assert np.asarray(stored.info.tests.total).dtype.kind == "i"
        assert np.asarray(stored.info.reward_valid).dtype == bool
        if native:
            assert np.all(invalid == 0.0), "an action the env's own mask allowed was refused"
    finally:
        envs.close()


# ---------------------------------------------------------------------------- TorchRL
def array_info(env: gym.Env) -> dict[str, np.ndarray]:
    """The info values that are fixed-shape numeric arrays (what TorchRL's default info reader takes),
    less those named like an observation field (TorchRL writes both at the tensordict's root)."""
    obs, info = env.reset(seed=0)
    taken = set(obs) if isinstance(obs, dict) else set()
    return {k: v for k, v in sorted(info.items()) if isinstance(v, np.ndarray) and v.dtype != object and k not in taken}


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_torchrl_serial_env_rollout(env_id: str):
    """``GymWrapper`` in a ``SerialEnv``; ``rollout`` with a masked random policy, array infos read.

    TorchRL reads info only through an info-dict reader, and its default one takes numpy
    values only (no python numbers, strings or nested dicts): it is given the array keys.
    """
    torch = pytest.importorskip("torch")
    pytest.importorskip("torchrl")
    from torchrl.data import Unbounded
    from torchrl.envs import GymWrapper, SerialEnv, default_info_dict_reader

    read: dict[str, tuple[int, ...]] = {}

    def make() -> Any:
        env = make_env(env_id)
        wrapped = GymWrapper(env, categorical_action_encoding=True)
        arrays = array_info(env)
        read.update({k: v.shape for k, v in arrays.items()})
        if not arrays:
            return wrapped
        specs = {k: Unbounded(shape=v.shape, dtype=torch.from_numpy(v).dtype) for k, v in arrays.items()}
        return wrapped.set_info_dict_reader(default_info_dict_reader(list(arrays), spec=specs))

    rng = np.random.default_rng(0)
    envs = SerialEnv(NUM_ENVS, make)
    try:
        n = int(envs.action_spec.space.n)

        def policy(td: Any) -> Any:
            keys = td.keys()
            mask = td.get("mask") if "mask" in keys else td.get("action_mask") if "action_mask" in keys else None
            acts = [masked_choice(rng, None if mask is None else mask[i].numpy(), n) for i in range(NUM_ENVS)]
            td.set("action", torch.as_tensor(acts, dtype=torch.int64))
            return td

        envs.set_seed(0)
        rollout = envs.rollout(VECTOR_STEPS, policy, break_when_any_done=False)
        assert rollout.batch_size == torch.Size([NUM_ENVS, VECTOR_STEPS])
        assert int(rollout["next", "done"].sum()) >= NUM_ENVS, "no episode ended (and reset) inside the SerialEnv"
        assert torch.isfinite(rollout["next", "reward"]).all()
        for key, shape in read.items():
            assert rollout["next", key].shape == (NUM_ENVS, VECTOR_STEPS, *shape), key
    finally:
        envs.close()


# ---------------------------------------------------------------------------- RLlib
def rllib_env_creator(config: dict) -> gym.Env:
    """What RLlib calls to build each env (the README's recipe: import codegym here, flat observations)."""
    import codegym  # noqa: F401

    return make_env(config["env_id"], flat=True)


@pytest.mark.filterwarnings("ignore:.*Overriding environment rllib-single-agent-env-v0")
@pytest.mark.parametrize("env_id", ENV_IDS)
def test_rllib_single_agent_env_runner(env_id: str, tmp_path, monkeypatch):
    """RLlib's ``SingleAgentEnvRunner`` builds its vector env from the creator and samples it with its PPO module.

    The runner works in this process: no Ray cluster starts (checked); ``HOME`` is a temp dir.
    """
    ray = pytest.importorskip("ray", reason="the ray extra (pip install codegym[ray]) is not installed")
    monkeypatch.setenv("HOME", str(tmp_path))
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.env.single_agent_env_runner import SingleAgentEnvRunner

    config = (PPOConfig()
              .environment(rllib_env_creator, env_config={"env_id": env_id})
              .env_runners(num_env_runners=0, num_envs_per_env_runner=NUM_ENVS, rollout_fragment_length=VECTOR_STEPS)
              .rl_module(model_config={"fcnet_hiddens": [16]})
              .debugging(seed=0))
    runner = SingleAgentEnvRunner(config=config)
    try:
        episodes = runner.sample(num_timesteps=NUM_ENVS * VECTOR_STEPS, random_actions=False)
        assert sum(len(e) for e in episodes) >= NUM_ENVS * VECTOR_STEPS
        done = [e for e in episodes if e.is_done]
        assert len(done) >= NUM_ENVS, "no episode ended (and reset) inside RLlib's vector env"
        last = done[0].get_infos()[-1]
        assert all(key in last for key in INFO_KEYS) and last["verdict"] != ""
        assert all(math.isfinite(float(r)) for e in episodes for r in e.get_rewards())
        assert not ray.is_initialized()
    finally:
        runner.stop()
