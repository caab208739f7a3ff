"""A classic MARL library nobody here wrote trains on the menu variant: RLlib's multi-agent PPO.

One short iteration (64 env steps) of two policies, one per seat, on the Parallel form of
``author_reviewer_v2`` through RLlib's own PettingZoo wrapper. Ray's side files stay out
of the real home (the ``ray_local`` fixture in ``tests/conftest.py`` asserts it).
"""

from __future__ import annotations

import pytest

FAST = ("mutations/two_sum__b1_0", "mutations/pascal_row__b1_0")


def make_author_reviewer(config):
    """The env creator RLlib calls in each env runner: codegym is imported there."""
    from ray.rllib.env.wrappers.pettingzoo_env import ParallelPettingZooEnv

    import codegym.tasks
    from codegym.multiagent import author_reviewer_v2
    from codegym.tasks import TaskSet

    repairs = codegym.tasks.load("mutations", verify=False)
    tasks = TaskSet([repairs.get(t) for t in FAST], name="fast")
    return ParallelPettingZooEnv(author_reviewer_v2.parallel_env(action_mode="menu", tasks=tasks, max_rounds=2))


@pytest.mark.slow
def test_rllib_multi_agent_ppo_trains_one_iteration(ray_local):
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.connectors.env_to_module import FlattenObservations
    from ray.tune.registry import register_env

    register_env("codegym_author_reviewer", make_author_reviewer)
    config = (PPOConfig().environment("codegym_author_reviewer")
              .multi_agent(policies={"author", "reviewer"},
                           policy_mapping_fn=lambda agent_id, *args, **kwargs: agent_id.split("_")[0])
              .env_runners(num_env_runners=0, rollout_fragment_length=32,
                           env_to_module_connector=lambda env, *a, **k: FlattenObservations(multi_agent=True))
              .training(train_batch_size_per_learner=64, minibatch_size=32, num_epochs=1)
              .debugging(log_level="ERROR"))
    algo = config.build_algo()
    try:
        result = algo.train()
    finally:
        algo.stop()
    assert result["num_env_steps_sampled_lifetime"] >= 64
    assert {"author", "reviewer"} <= set(result["learners"])  # both seats' policies were updated
