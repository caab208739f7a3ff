"""A classic MARL library nobody here wrote trains on the menu variant: RLlib's multi-agent PPO.

One short iteration (64 env steps) of two policies, one per seat, on the Parallel form of
``author_reviewer_v0`` through RLlib's own PettingZoo wrapper. Ray's side files go under
``tmp_path`` (a short temp dir of its own, and ``HOME`` under tmp_path, where it puts ``ray_results`` and its token), and
the real home is asserted untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="the ray extra (pip install codegym[ray]) is not installed")

FAST = ("mutations/two_sum__b1_0", "mutations/pascal_row__b1_0")


def make_author_reviewer(config):
    """The env creator RLlib calls in each env runner: codegym is imported there."""
    from ray.rllib.env.wrappers.pettingzoo_env import ParallelPettingZooEnv

    import codegym.tasks
    from codegym.multiagent import author_reviewer_v0
    from codegym.tasks import TaskSet

    repairs = codegym.tasks.load("mutations", verify=False)
    tasks = TaskSet([repairs.get(t) for t in FAST], name="fast")
    return ParallelPettingZooEnv(author_reviewer_v0.parallel_env(action_mode="menu", tasks=tasks, max_rounds=2))


@pytest.mark.slow
def test_rllib_multi_agent_ppo_trains_one_iteration(tmp_path, monkeypatch):
    home = Path(os.path.expanduser("~"))
    before = sorted(p.name for p in home.iterdir())
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.connectors.env_to_module import FlattenObservations
    from ray.tune.registry import register_env
    from ray.tune.trainable import trainable

    # Ray computes ~/ray_results when ray.train is first imported: point it under tmp_path
    monkeypatch.setattr(trainable, "DEFAULT_STORAGE_PATH", str(tmp_path / "ray_results"))
    ray_tmp = tempfile.mkdtemp(prefix="cgray")  # short: Ray's socket paths must fit in 107 bytes
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=ray_tmp, log_to_driver=False)
    try:
        register_env("codegym_author_reviewer", make_author_reviewer)
        config = (PPOConfig().environment("codegym_author_reviewer")
                  .multi_agent(policies={"author", "reviewer"},
                               policy_mapping_fn=lambda agent_id, *args, **kwargs: agent_id.split("_")[0])
                  .env_runners(num_env_runners=0, rollout_fragment_length=32,
                               env_to_module_connector=lambda env, *a, **k: FlattenObservations(multi_agent=True))
                  .training(train_batch_size_per_learner=64, minibatch_size=32, num_epochs=1)
                  .debugging(log_level="ERROR"))
        algo = config.build_algo()
        result = algo.train()
        algo.stop()
    finally:
        ray.shutdown()
        shutil.rmtree(ray_tmp, ignore_errors=True)
    assert result["num_env_steps_sampled_lifetime"] >= 64
    learners = result["learners"]
    assert {"author", "reviewer"} <= set(learners)  # both seats' policies were updated
    appeared = sorted(set(p.name for p in home.iterdir()) - set(before))
    assert not [name for name in appeared if "ray" in name.lower()], appeared  # nothing of Ray's in the real home
