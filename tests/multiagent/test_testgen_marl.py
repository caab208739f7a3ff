"""A classic MARL library trains on the menu variant: RLlib's multi-agent PPO (new API stack), briefly.

One shared policy sits in both seats (self-play: the role is in the observation); the
Dict observation is flattened by RLlib's own ``FlattenObservations`` connector (masked
actions are then penalised by the env, never fatal). Short: ~100 env steps, local env
runner, real Docker sandbox. RLlib is the ``ray`` extra (``pip install -e .[ray]``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from codegym.multiagent import testgen_coder_v2 as tc
from codegym.multiagent.testgen_setup import single_bug_repairs

pytestmark = pytest.mark.slow


def test_rllib_multi_agent_ppo_trains_on_the_menu_variant(ray_local):
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.connectors.env_to_module import FlattenObservations
    from ray.rllib.core.rl_module.default_model_config import DefaultModelConfig
    from ray.rllib.env.wrappers.pettingzoo_env import ParallelPettingZooEnv
    from ray.tune.registry import register_env

    tasks = single_bug_repairs(["humaneval/000_has_close_elements"], seed=1)

    def make(_config):
        return ParallelPettingZooEnv(tc.parallel_env(action_mode="menu", tasks=tasks, max_rounds=2, pool_size=6,
                                                     menu_size=6, n_mutants=2, sandbox="docker"))

    register_env("codegym_testgen_coder_menu", make)
    config = (PPOConfig()
              .environment("codegym_testgen_coder_menu")
              .multi_agent(policies={"shared"}, policy_mapping_fn=lambda agent_id, *args, **kwargs: "shared")
              .env_runners(num_env_runners=0, rollout_fragment_length=32,
                           env_to_module_connector=lambda env, spaces=None, device=None:
                           FlattenObservations(multi_agent=True))
              .training(train_batch_size_per_learner=32, minibatch_size=16, num_epochs=1, lr=1e-3)
              .rl_module(model_config=DefaultModelConfig(fcnet_hiddens=[32]))
              .debugging(seed=0))
    algo = config.build_algo()
    try:
        before = [p.detach().clone() for p in algo.get_module("shared").parameters()]
        results = [algo.train() for _ in range(3)]
        after = list(algo.get_module("shared").parameters())
    finally:
        algo.stop()
    runners = results[-1]["env_runners"]
    assert runners["num_env_steps_sampled_lifetime"] >= 96
    assert math.isfinite(runners["episode_return_mean"])
    learner = results[-1]["learners"]["shared"]
    assert all(math.isfinite(float(v)) for k, v in learner.items() if "loss" in k and np.isscalar(v))
    assert any(not np.allclose(b.numpy(), a.detach().numpy()) for b, a in zip(before, after))  # it learned something
