"""codegym.integrations.rllib: env creators RLlib calls in its workers, a masked PPO module, real training.

Real parts only: the Docker sandbox, RLlib's own PPO on a local Ray cluster (the
``ray_local`` fixture keeps Ray's files out of the real home and asserts it).
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("ray.rllib", reason="the ray extra (pip install codegym[ray]) is not installed")

import torch  # noqa: E402
from ray.rllib.core.columns import Columns  # noqa: E402
from ray.rllib.core.rl_module.rl_module import RLModuleSpec  # noqa: E402
from ray.rllib.env.env_context import EnvContext  # noqa: E402

from codegym.errors import ConfigError  # noqa: E402
from codegym.integrations import rllib  # noqa: E402
from codegym.integrations.rllib_masking import MASKED_LOGIT, MaskedPPOTorchRLModule  # noqa: E402

REPAIR = "codegym/RepairMenu-v4"
AUTHOR_REVIEWER = "codegym.multiagent.author_reviewer_v2"
CHEAP_TASKS = ["builtin/fix_palindrome", "builtin/digital_root"]
REPAIR_CONFIG = {"tasks": CHEAP_TASKS, "menu_size": 8, "base_seed": 3}
# Builtin tasks, not the default "mutations" source: under ray_local's empty HOME that
# source is generated and verified in sandboxes on first load (minutes).
AUTHOR_REVIEWER_CONFIG = {"tasks": CHEAP_TASKS, "max_rounds": 1, "base_seed": 0}

# Runs in a fresh interpreter, as a Ray worker does: unpickle the creator, build, count
# this process's sandbox containers, reset, count again.
WORKER = textwrap.dedent("""
    import json, pickle, sys
    import gymnasium as gym
    assert "codegym" not in sys.modules and "codegym/RepairMenu-v4" not in gym.registry
    from ray.rllib.env.env_context import EnvContext
    creators = pickle.loads(bytes.fromhex(sys.argv[1]))
    config = json.loads(sys.argv[2])
    envs = [creator(EnvContext(config[creator.env_id], worker_index=1)) for creator in creators]
    from codegym.sandbox import pool
    from codegym.sandbox.engine import OWNER_LABEL, docker_client, owner_tag
    client = docker_client()
    def mine():
        return len(client.api.containers(all=True, filters={"label": f"{OWNER_LABEL}={owner_tag()}"}))
    out = {"registered": "codegym/RepairMenu-v4" in gym.registry, "after_build": mine(), "pools": len(pool._pools)}
    obs, info = envs[0].reset()
    out["after_reset"] = mine()
    out["obs_keys"] = sorted(obs)
    for env in envs:
        env.close()
    print("OUT " + json.dumps(out))
""")


def test_creators_in_a_fresh_worker_import_codegym_and_start_no_container():
    creators = [rllib.EnvCreator(REPAIR), rllib.EnvCreator(AUTHOR_REVIEWER)]
    config = {REPAIR: REPAIR_CONFIG, AUTHOR_REVIEWER: AUTHOR_REVIEWER_CONFIG}
    done = subprocess.run([sys.executable, "-c", WORKER, pickle.dumps(creators).hex(), json.dumps(config)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("OUT "))[4:])
    assert out["registered"], "the creator did not register codegym's ids in the worker"
    # Both constructors (single-agent, and the PettingZoo env under RLlib's wrapper) left
    # the engine alone; the first reset took a sandbox (so the count above could see one).
    assert out["after_build"] == 0 and out["pools"] == 0
    assert out["after_reset"] >= 1
    assert out["obs_keys"] == ["action_mask", "observations"]


def test_seeds_differ_per_worker_and_vector_index_and_are_reproducible():
    creator = rllib.EnvCreator(REPAIR)
    contexts = [EnvContext(REPAIR_CONFIG, worker_index=w, vector_index=v) for w, v in [(1, 0), (2, 0), (1, 1), (0, 0)]]
    # RLlib's new stack builds every sub-env of a runner from one context: build that one twice.
    envs = [creator(ctx) for ctx in [*contexts, contexts[0]]]
    seeds = [env.seeds.seed for env in envs]
    assert len(set(seeds)) == len(seeds), seeds
    # A seed RLlib passes (config.debugging(seed=...)) is reseeded per env as well.
    assert len({env.seeds(42) for env in envs}) == len(envs)
    # The rule is a pure function of (base seed, worker, vector index, instance).
    rule = envs[1].seeds
    assert rule.seed == rllib.derive_seed(*rule.parts)
    assert rllib.EnvCreator(REPAIR)(EnvContext({**REPAIR_CONFIG, "base_seed": 4}, worker_index=1)).seeds.seed not in seeds
    for env in envs:
        env.close()


def test_the_derived_seed_decides_the_first_episode():
    def first_obs(seed_parts):
        env = rllib.MaskedMenuEnv(gym.make(REPAIR, tasks=CHEAP_TASKS, menu_size=8), rllib.SeedDerivation(*seed_parts))
        try:
            obs, info = env.reset()
            return info["task_id"], obs
        finally:
            env.close()

    task_a, obs_a = first_obs((0, 1, 0, 0))
    task_b, obs_b = first_obs((0, 1, 0, 0))
    assert task_a == task_b
    np.testing.assert_array_equal(obs_a["observations"], obs_b["observations"])
    np.testing.assert_array_equal(obs_a["action_mask"], obs_b["action_mask"])
    assert obs_a["action_mask"].dtype == np.float32 and obs_a["action_mask"][0] == 1.0  # submit is always valid


def test_bad_names_and_configs_are_refused_with_the_fix():
    with pytest.raises(ConfigError, match="codegym/RepairMenu-v4"):
        rllib.register("codegym/CodeEdit-v4")
    with pytest.raises(ConfigError, match="base_seed"):
        rllib.EnvCreator(REPAIR)({"base_seed": -1})
    with pytest.raises(ConfigError, match="masked"):
        rllib.EnvCreator(REPAIR)({"masked": "yes"})
    with pytest.raises(ConfigError, match="action_mode='menu'"):
        rllib.EnvCreator(AUTHOR_REVIEWER)({"action_mode": "text"})
    with pytest.raises(ConfigError, match="shared_policy=False"):
        rllib.masked_ppo_config(AUTHOR_REVIEWER, AUTHOR_REVIEWER_CONFIG, shared_policy=True)  # the author and reviewer menus differ
    with pytest.raises(ConfigError, match="Dict observation space"):
        RLModuleSpec(module_class=MaskedPPOTorchRLModule, observation_space=gym.spaces.Box(0, 1, (3,)),
                     action_space=gym.spaces.Discrete(3)).build()


def _module(n_obs: int = 10, n_actions: int = 6) -> MaskedPPOTorchRLModule:
    space = gym.spaces.Dict({"observations": gym.spaces.Box(-1.0, 1.0, (n_obs,), np.float32),
                             "action_mask": gym.spaces.Box(0.0, 1.0, (n_actions,), np.float32)})
    spec = RLModuleSpec(module_class=MaskedPPOTorchRLModule, observation_space=space,
                        action_space=gym.spaces.Discrete(n_actions), model_config={"fcnet_hiddens": [16]})
    return spec.build()


def test_the_masked_module_never_picks_a_masked_action():
    torch.manual_seed(0)
    module = _module()
    rows = 256
    mask = (torch.rand(rows, 6) < 0.4).float()
    mask[torch.arange(rows), torch.randint(0, 6, (rows,))] = 1.0  # at least one valid action per row
    obs = torch.rand(rows, 10) * 2 - 1
    batch = {Columns.OBS: {"observations": obs, "action_mask": mask}}
    dist_cls = module.get_exploration_action_dist_cls()
    with torch.no_grad():
        logits = module.forward_exploration(batch)[Columns.ACTION_DIST_INPUTS]
        actions = torch.stack([dist_cls.from_logits(logits).sample() for _ in range(200)])  # 51,200 draws
        greedy = module.forward_inference(batch)[Columns.ACTION_DIST_INPUTS].argmax(-1)
        train = module.forward_train(batch)[Columns.ACTION_DIST_INPUTS]
        unmasked = module.forward_exploration({Columns.OBS: {"observations": obs, "action_mask": torch.ones(rows, 6)}})
    chosen = mask.gather(1, actions.T)
    assert bool((chosen == 1.0).all()), "a masked action was sampled"
    assert bool((mask.gather(1, greedy[:, None]) == 1.0).all())
    assert bool((train[mask == 0] == MASKED_LOGIT).all()) and bool(torch.isfinite(train).all())
    # The same policy without the mask does pick those actions: the mask is what stops it.
    free = torch.stack([dist_cls.from_logits(unmasked[Columns.ACTION_DIST_INPUTS]).sample() for _ in range(50)])
    assert bool((mask.gather(1, free.T) == 0.0).any())
    # Values come from the observations alone, and the input batch is left as it was.
    with torch.no_grad():
        values = module.compute_values(batch)
        other = module.compute_values({Columns.OBS: {"observations": obs, "action_mask": 1 - mask}})
    assert values.shape == (rows,) and torch.equal(values, other)
    assert set(batch[Columns.OBS]) == {"observations", "action_mask"}


def _act(module: MaskedPPOTorchRLModule, obs: dict) -> int:
    batch = {Columns.OBS: {key: torch.as_tensor(value)[None] for key, value in obs.items()}}
    with torch.no_grad():
        logits = module.forward_exploration(batch)[Columns.ACTION_DIST_INPUTS]
    return int(torch.distributions.Categorical(logits=logits).sample().item())


@pytest.mark.parametrize("env_id", ["codegym/DecomposeMenu-v2", "codegym.multiagent.decompose_v2"])
def test_an_untrained_masked_module_acts_validly_through_the_creators(env_id):
    """The other registered forms (the hierarchical menu env, an AEC PettingZoo env) with the module in the loop."""
    torch.manual_seed(0)
    env = rllib.EnvCreator(env_id)({"base_seed": 1})
    multi = rllib.is_multi_agent(env_id)
    seats = env.possible_agents if multi else [None]
    modules = {seat: RLModuleSpec(module_class=MaskedPPOTorchRLModule, model_config={"fcnet_hiddens": [16]},
                                  observation_space=env.observation_spaces[seat] if multi else env.observation_space,
                                  action_space=env.action_spaces[seat] if multi else env.action_space).build()
               for seat in seats}
    errors, steps, masked_somewhere = 0, 0, False
    try:
        obs, _ = env.reset()
        while steps < 8:
            acting = obs if multi else {None: obs}
            masked_somewhere |= any(bool((o["action_mask"] == 0).any()) for o in acting.values())
            actions = {seat: _act(modules[seat], o) for seat, o in acting.items()}
            obs, _, terminated, truncated, infos = env.step(actions if multi else actions[None])
            steps += 1
            errors += sum(bool(i.get("action_error")) for i in (infos.values() if multi else [infos]))
            if (terminated["__all__"] or truncated["__all__"]) if multi else (terminated or truncated):
                break
    finally:
        env.close()
    assert steps >= 2 and masked_somewhere
    assert errors == 0


class _InvalidActionCount:
    """An RLlib episode-end callback: logs how many steps' infos carry an ``action_error`` (every agent's)."""

    def __call__(self, *, episode, metrics_logger, **kwargs):
        parts = episode.agent_episodes.values() if hasattr(episode, "agent_episodes") else [episode]
        infos = [info for part in parts for info in part.get_infos()]
        errors = sum(1 for info in infos if isinstance(info, dict) and info.get("action_error"))
        metrics_logger.log_value("codegym_invalid_actions", errors, reduce="sum")
        metrics_logger.log_value("codegym_steps", len(infos), reduce="sum")


@pytest.mark.slow
def test_ppo_trains_one_iteration_on_repair_menu_with_two_env_runners_and_masking(ray_local):
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import tests/
    config = (rllib.masked_ppo_config(REPAIR, REPAIR_CONFIG, hiddens=(16,))
              .env_runners(num_env_runners=2, num_envs_per_env_runner=1, rollout_fragment_length="auto")
              .training(train_batch_size_per_learner=64, minibatch_size=32, num_epochs=1)
              .callbacks(on_episode_end=_InvalidActionCount())
              .debugging(seed=0, log_level="ERROR"))
    algo = config.build_algo()
    try:
        assert algo.env_runner_group.num_remote_env_runners() == 2
        result = algo.train()
    finally:
        algo.stop()
    assert result["num_env_steps_sampled_lifetime"] >= 64
    runners = result["env_runners"]
    assert runners["num_episodes"] >= 1 and runners["codegym_steps"] >= 1
    assert runners["codegym_invalid_actions"] == 0, "a masked action reached the env"
    stats = result["learners"]["default_policy"]
    assert np.isfinite(stats["total_loss"]) and np.isfinite(stats["vf_loss"])


@pytest.mark.slow
def test_ppo_trains_one_iteration_on_a_pettingzoo_menu_env_with_a_policy_per_agent(ray_local):
    config = (rllib.masked_ppo_config(AUTHOR_REVIEWER, AUTHOR_REVIEWER_CONFIG, hiddens=(16,))
              .env_runners(num_env_runners=0, rollout_fragment_length=32)
              .training(train_batch_size_per_learner=32, minibatch_size=16, num_epochs=1)
              .callbacks(on_episode_end=_InvalidActionCount())
              .debugging(seed=0, log_level="ERROR"))
    algo = config.build_algo()
    try:
        result = algo.train()
    finally:
        algo.stop()
    assert result["num_env_steps_sampled_lifetime"] >= 32
    runners = result["env_runners"]
    assert runners["num_episodes"] >= 1 and runners["codegym_steps"] >= 1
    assert runners["codegym_invalid_actions"] == 0, "a masked action reached the env"
    for policy in ("author_0", "reviewer_0"):
        assert np.isfinite(result["learners"][policy]["total_loss"]), policy
