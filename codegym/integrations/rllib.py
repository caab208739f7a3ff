"""Ray RLlib: codegym envs by name, with action masking for PPO (new API stack).

:func:`register` registers env creators with ``ray.tune.register_env`` under codegym's
own names, so an algorithm config names a codegym env directly:

* single-agent: ``codegym/RepairMenu-v4``, ``codegym/DecomposeMenu-v2``;
* multi-agent (PettingZoo, ``action_mode="menu"``, through RLlib's PettingZoo wrappers):
  ``codegym.multiagent.author_reviewer_v2`` and ``codegym.multiagent.testgen_coder_v2``
  (Parallel), ``codegym.multiagent.decompose_v2`` (AEC, turn-based).

The creator runs in each RLlib worker: it imports codegym there (which registers the
``codegym/*`` ids in that process), builds the env, and gives it a seed of its own,
derived from ``env_config["base_seed"]`` (default 0), the ``EnvContext``'s
``worker_index`` and ``vector_index``, and the order in which the worker built its envs
(RLlib's new stack builds every sub-env of a worker from one context, ``vector_index``
0). A reset RLlib seeds explicitly (``config.debugging(seed=...)``) is reseeded the same
way, so no two sub-envs share a seed. Constructing an env starts no container: the
sandbox is taken on the first reset (RLlib builds envs just to read their spaces). Task
loading is the env's own: the ``mutations`` source (RepairMenu's and the PettingZoo envs'
default) verifies its mutants in sandboxes when its cache (``~/.cache/codegym``) is cold.
Sandbox labels: the Docker backend labels each container with its owning process
(``codegym.owner``) and has no option for a label of the caller's, so none is set here.

Observations are ``{"observations": flat Box, "action_mask": Box(0, 1, (n,))}``, the
convention of RLlib's action-masking example, read by
:class:`~codegym.integrations.rllib_masking.MaskedPPOTorchRLModule`; with
``env_config["masked"] = False`` they are the flat Box alone (RLlib's default modules;
a masked action then costs the env's ``invalid_action_penalty``). Every other
``env_config`` key goes to ``gym.make`` (or the PettingZoo constructor).

Example:
    >>> from codegym.integrations import rllib
    >>> config = rllib.masked_ppo_config(  # doctest: +SKIP
    ...     "codegym/RepairMenu-v4", {"tasks": ["builtin/fix_palindrome"], "menu_size": 8, "base_seed": 0})
    >>> algo = config.env_runners(num_env_runners=2).build_algo()  # doctest: +SKIP
    >>> algo.train()["env_runners"]["episode_return_mean"]  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import threading
from collections import Counter
from typing import Any, Mapping, Sequence

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from codegym.envs.registration import ENVS
from codegym.errors import ConfigError

try:
    from ray.rllib.env.multi_agent_env import MultiAgentEnv
    from ray.rllib.env.wrappers.pettingzoo_env import ParallelPettingZooEnv, PettingZooEnv
except ImportError as exc:  # pragma: no cover - the ray extra is part of the test extra
    raise ImportError(f"codegym.integrations.rllib needs Ray RLlib ({exc}); pip install 'codegym[ray]'") from exc

#: The single-agent envs RLlib can train: the numeric ``*Menu-v*`` ids (a ``Discrete`` menu and ``action_masks()``).
SINGLE_AGENT_ENVS = tuple(env_id for env_id in ENVS if "Menu-v" in env_id)
#: RLlib name -> "parallel" or "aec" (the PettingZoo form RLlib wraps).
MULTI_AGENT_ENVS = {
    "codegym.multiagent.author_reviewer_v2": "parallel",
    "codegym.multiagent.testgen_coder_v2": "parallel",
    "codegym.multiagent.decompose_v2": "aec",
}
#: ``env_config`` keys this module reads (never passed to the env).
RESERVED_KEYS = ("base_seed", "masked", "num_envs")
OBS_KEY, MASK_KEY = "observations", "action_mask"

_built: Counter = Counter()
_built_lock = threading.Lock()


def env_names() -> list[str]:
    """Every name :func:`register_all` registers."""
    return [*SINGLE_AGENT_ENVS, *MULTI_AGENT_ENVS]


def derive_seed(base_seed: int, worker_index: int, vector_index: int, instance: int = 0, given: int | None = None) -> int:
    """A 31-bit seed hashed (numpy ``SeedSequence``) from (base, worker, vector index, instance, given seed).

    Example:
        >>> derive_seed(0, 1, 0) != derive_seed(0, 2, 0) != derive_seed(0, 1, 1)
        True
    """
    entropy = [int(base_seed), int(worker_index), int(vector_index), int(instance)]
    if given is not None:
        entropy.append(int(given))
    return int(np.random.SeedSequence(entropy).generate_state(1, np.uint32)[0] >> 1)


def _check_name(env_id: str) -> str:
    if env_id not in SINGLE_AGENT_ENVS and env_id not in MULTI_AGENT_ENVS:
        raise ConfigError(f"no RLlib integration for env {env_id!r}; choose one of {env_names()} "
                          "(text envs need an LLM policy, not an RLlib model)")
    return env_id


def is_multi_agent(env_id: str) -> bool:
    """True for the PettingZoo envs (configure policies with ``PPOConfig.multi_agent``)."""
    return _check_name(env_id) in MULTI_AGENT_ENVS


# ---------------------------------------------------------------------------- single-agent


class SeedDerivation:
    """The seed rule of one env: its first unseeded reset and every seeded one get a derived seed.

    Example:
        >>> rule = SeedDerivation(0, 1, 0, 0)
        >>> rule(None) == rule.seed, rule(None), rule(42) == derive_seed(0, 1, 0, 0, given=42)
        (True, None, True)
    """

    def __init__(self, base_seed: int, worker_index: int, vector_index: int, instance: int) -> None:
        self.parts = (base_seed, worker_index, vector_index, instance)
        #: The seed of the first reset when RLlib gives none.
        self.seed = derive_seed(*self.parts)
        self._reset_once = False

    def __call__(self, given: int | None) -> int | None:
        """The seed to reset with, given RLlib's (``None``: keep the env's generator after the first reset)."""
        first, self._reset_once = not self._reset_once, True
        if given is not None:
            return derive_seed(*self.parts, given=given)
        return self.seed if first else None


class MaskedMenuEnv(gym.Wrapper):
    """A menu env as RLlib's default modules take it: flat observations (+ the action mask), derived seeds.

    ``masked=True``: ``{"observations": Box, "action_mask": Box(0, 1, (n,), float32)}``;
    ``masked=False``: the flat Box alone. The mask is the env's ``action_masks()``.
    """

    def __init__(self, env: gym.Env, seeds: SeedDerivation, masked: bool = True) -> None:
        from codegym.wrappers import FlattenMenuObservation

        if not isinstance(env.action_space, spaces.Discrete):
            raise ConfigError(f"RLlib masking needs a Discrete action space, got {env.action_space!r}")
        flat = FlattenMenuObservation(env)
        super().__init__(flat)
        self.seeds, self.masked = seeds, bool(masked)
        n = int(env.action_space.n)
        self.observation_space = (spaces.Dict({OBS_KEY: flat.observation_space,
                                               MASK_KEY: spaces.Box(0.0, 1.0, (n,), np.float32)})
                                  if self.masked else flat.observation_space)

    def _wrap(self, obs: np.ndarray) -> Any:
        if not self.masked:
            return obs
        return {OBS_KEY: obs, MASK_KEY: np.asarray(self.env.get_wrapper_attr("action_masks")(), np.float32)}

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[Any, dict]:
        obs, info = self.env.reset(seed=self.seeds(seed), options=options)
        return self._wrap(obs), info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        return self._wrap(obs), reward, terminated, truncated, info

    def action_masks(self) -> np.ndarray:
        """The wrapped env's valid actions (what sb3-contrib reads; RLlib reads ``obs["action_mask"]``)."""
        return self.env.get_wrapper_attr("action_masks")()


# ---------------------------------------------------------------------------- multi-agent


class _LazyPettingZoo:
    """What both PettingZoo forms share: no reset in the constructor, Dict observations, derived seeds."""

    def _setup(self, pz_env: Any, seeds: SeedDerivation, masked: bool) -> None:
        MultiAgentEnv.__init__(self)
        self.seeds, self.masked = seeds, bool(masked)
        # RLlib's wrappers reset the env here to learn its agents, which would start a
        # sandbox; codegym's PettingZoo envs know theirs before any reset.
        self.possible_agents = list(pz_env.possible_agents)
        self.agents = list(self.possible_agents)
        self._agent_ids = set(self.possible_agents)
        self.observation_spaces = {aid: self._space(pz_env.observation_space(aid)) for aid in self.possible_agents}
        self.action_spaces = {aid: pz_env.action_space(aid) for aid in self.possible_agents}
        self.observation_space = spaces.Dict(self.observation_spaces)
        self.action_space = spaces.Dict(self.action_spaces)

    def _space(self, space: spaces.Space) -> spaces.Space:
        if not (isinstance(space, spaces.Dict) and "observation" in space.spaces and MASK_KEY in space.spaces):
            raise ConfigError(f"RLlib needs the PettingZoo env's menu form (action_mode='menu'), got observation space {space!r}")
        inner = space["observation"]
        if not self.masked:
            return inner
        return spaces.Dict({OBS_KEY: inner, MASK_KEY: spaces.Box(0.0, 1.0, space[MASK_KEY].shape, np.float32)})

    def _convert(self, observations: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for aid, obs in observations.items():
            inner = np.asarray(obs["observation"], np.float32)
            out[aid] = {OBS_KEY: inner, MASK_KEY: np.asarray(obs[MASK_KEY], np.float32)} if self.masked else inner
        return out


class LazyParallelPettingZooEnv(_LazyPettingZoo, ParallelPettingZooEnv):
    """RLlib's ``ParallelPettingZooEnv`` without its constructor's reset (see :class:`_LazyPettingZoo`)."""

    def __init__(self, env: Any, seeds: SeedDerivation, masked: bool = True) -> None:
        self.par_env = env
        self._setup(env, seeds, masked)

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        obs, info = super().reset(seed=self.seeds(seed), options=options)
        return self._convert(obs), info

    def step(self, action_dict: dict) -> tuple[dict, dict, dict, dict, dict]:
        obs, rewards, terminateds, truncateds, infos = super().step(action_dict)
        return self._convert(obs), rewards, terminateds, truncateds, infos


class LazyPettingZooEnv(_LazyPettingZoo, PettingZooEnv):
    """RLlib's (AEC) ``PettingZooEnv`` without its constructor's reset (see :class:`_LazyPettingZoo`)."""

    def __init__(self, env: Any, seeds: SeedDerivation, masked: bool = True) -> None:
        self.env = env
        self._setup(env, seeds, masked)

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        obs, info = super().reset(seed=self.seeds(seed), options=options)
        return self._convert(obs), info

    def step(self, action: dict) -> tuple[dict, dict, dict, dict, dict]:
        obs, rewards, terminateds, truncateds, infos = super().step(action)
        return self._convert(obs), rewards, terminateds, truncateds, infos


# ---------------------------------------------------------------------------- the creator


class EnvCreator:
    """The env creator registered for ``env_id``; picklable, it imports codegym where it runs.

    Example:
        >>> from ray.rllib.env.env_context import EnvContext
        >>> env = EnvCreator("codegym/RepairMenu-v4")(EnvContext({"menu_size": 8}, worker_index=1))  # doctest: +SKIP
        >>> sorted(env.observation_space.spaces)  # doctest: +SKIP
        ['action_mask', 'observations']
    """

    def __init__(self, env_id: str) -> None:
        self.env_id = _check_name(env_id)

    def __repr__(self) -> str:
        return f"EnvCreator({self.env_id!r})"

    def seeds_for(self, config: Mapping[str, Any]) -> SeedDerivation:
        """The seed rule of the next env built in this process from ``config`` (an ``EnvContext`` or a dict)."""
        base = config.get("base_seed", 0)
        if isinstance(base, bool) or not isinstance(base, (int, np.integer)) or base < 0:
            raise ConfigError(f"env_config['base_seed'] must be an int >= 0, got {base!r}")
        worker = int(getattr(config, "worker_index", 0) or 0)
        vector = int(getattr(config, "vector_index", 0) or 0)
        with _built_lock:
            instance = _built[(self.env_id, int(base), worker, vector)]
            _built[(self.env_id, int(base), worker, vector)] += 1
        return SeedDerivation(int(base), worker, vector, instance)

    def __call__(self, config: Mapping[str, Any] | None = None) -> gym.Env | MultiAgentEnv:
        import codegym  # noqa: F401  (in a fresh Ray worker: registers codegym/* in this process)

        config = {} if config is None else config
        masked = config.get("masked", True)
        if not isinstance(masked, bool):
            raise ConfigError(f"env_config['masked'] must be True or False, got {masked!r}")
        kwargs = {k: v for k, v in dict(config).items() if k not in RESERVED_KEYS}
        seeds = self.seeds_for(config)
        if self.env_id in SINGLE_AGENT_ENVS:
            return MaskedMenuEnv(gym.make(self.env_id, **kwargs), seeds, masked)
        if kwargs.setdefault("action_mode", "menu") != "menu":
            raise ConfigError(f"{self.env_id} under RLlib needs action_mode='menu', got {kwargs['action_mode']!r}")
        module = importlib.import_module(self.env_id)
        if MULTI_AGENT_ENVS[self.env_id] == "parallel":
            return LazyParallelPettingZooEnv(module.parallel_env(**kwargs), seeds, masked)
        return LazyPettingZooEnv(module.env(**kwargs), seeds, masked)


def register(env_id: str | None = None) -> list[str]:
    """Register ``env_id`` (``None``: every env of :func:`env_names`) with RLlib; returns the names.

    Example:
        >>> register("codegym/RepairMenu-v4")  # doctest: +SKIP
        ['codegym/RepairMenu-v4']
    """
    from ray.tune.registry import register_env

    names = env_names() if env_id is None else [_check_name(env_id)]
    for name in names:
        register_env(name, EnvCreator(name))
    return names


def register_all() -> list[str]:
    """Register every codegym env RLlib can train (:func:`env_names`)."""
    return register(None)


# ---------------------------------------------------------------------------- PPO config


def agent_spaces(env_id: str, env_config: Mapping[str, Any] | None = None) -> dict[str, tuple[spaces.Space, spaces.Space]]:
    """``{agent: (observation space, action space)}`` of a multi-agent env as RLlib sees it (no sandbox is started)."""
    if not is_multi_agent(env_id):
        raise ConfigError(f"{env_id} is single-agent; agent_spaces() is for {list(MULTI_AGENT_ENVS)}")
    env = EnvCreator(env_id)(dict(env_config or {}))
    try:
        return {aid: (env.observation_spaces[aid], env.action_spaces[aid]) for aid in env.possible_agents}
    finally:
        env.close()


def masked_ppo_config(env_id: str, env_config: Mapping[str, Any] | None = None, *,
                      hiddens: Sequence[int] = (64, 64), shared_policy: bool = False):
    """A ``PPOConfig`` on ``env_id`` with :class:`MaskedPPOTorchRLModule` (a policy per agent, or one shared).

    Registers ``env_id`` first. ``hiddens``: the encoder's and heads' layer sizes;
    ``shared_policy``: one policy in every seat (only where the agents' spaces are equal). Set runners, batch sizes and the rest on the result as usual.

    Example:
        >>> config = masked_ppo_config("codegym.multiagent.author_reviewer_v2", {"max_rounds": 2})  # doctest: +SKIP
        >>> config.training(train_batch_size_per_learner=128).build_algo().train()  # doctest: +SKIP
    """
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.core.rl_module.multi_rl_module import MultiRLModuleSpec
    from ray.rllib.core.rl_module.rl_module import RLModuleSpec

    from codegym.integrations.rllib_masking import MaskedPPOTorchRLModule

    env_config = dict(env_config or {})
    if env_config.get("masked", True) is not True:
        raise ConfigError("masked_ppo_config needs env_config['masked'] True (the module reads obs['action_mask'])")
    register(env_id)
    hiddens = [int(h) for h in hiddens]
    spec = RLModuleSpec(module_class=MaskedPPOTorchRLModule,
                        model_config={"fcnet_hiddens": hiddens, "head_fcnet_hiddens": hiddens})
    config = PPOConfig().environment(env_id, env_config=env_config)
    if not is_multi_agent(env_id):
        return config.rl_module(rl_module_spec=spec)
    agents = agent_spaces(env_id, env_config)
    if shared_policy:
        if len({repr(both) for both in agents.values()}) > 1:
            raise ConfigError(f"{env_id}: its agents' spaces differ ({ {a: str(s[1]) for a, s in agents.items()} }), so one "
                              "policy cannot sit in every seat; use shared_policy=False (a policy per agent)")
        policies, mapping = {"shared"}, _shared_policy
    else:
        policies, mapping = set(agents), _own_policy
    return (config.multi_agent(policies=policies, policy_mapping_fn=mapping)
            .rl_module(rl_module_spec=MultiRLModuleSpec(rl_module_specs={p: spec for p in policies})))


def _own_policy(agent_id: str, episode: Any = None, **kwargs: Any) -> str:
    return agent_id


def _shared_policy(agent_id: str, episode: Any = None, **kwargs: Any) -> str:
    return "shared"
