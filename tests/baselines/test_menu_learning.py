"""Both baselines' menu networks learn a rule that lives in a row's features, not in a slot.

``MenuPick`` is RepairMenu's shape in miniature: every step shows a freshly shuffled menu of
rows; exactly one row is marked good (feature 0) and taking it pays +1 and ends the episode;
any other row costs 0.1, submit (action 0) ends it with 0. Half the slots are masked at random.
The good row's slot is uniform, so a policy blind to the features hits it about 1 time in 4;
the networks must learn "pick the marked row" from the rows' features, through the whole
pipeline (training script, checkpoint, ``codegym evaluate``'s loader).
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sb3_contrib")

PICK_ID = "codegym-test/MenuPick-v0"
ROWS, FEATURES = 8, 4


class MenuPick(gym.Env):
    """One marked row in a shuffled menu; picking it is the only way to earn anything."""

    def __init__(self) -> None:
        self.observation_space = gym.spaces.Dict({
            "candidates": gym.spaces.Box(-1.0, 1.0, (ROWS, FEATURES), dtype=np.float32),
            "mask": gym.spaces.MultiBinary(ROWS + 1),
            "tests": gym.spaces.Box(-1.0, 1.0, (2,), dtype=np.float32),
            "step": gym.spaces.Box(0.0, 1.0, (1,), dtype=np.float32),
        })
        self.action_space = gym.spaces.Discrete(ROWS + 1)
        self._t, self._good = 0, 1
        self._mask = np.ones(ROWS + 1, dtype=np.int8)
        self._rows = np.zeros((ROWS, FEATURES), dtype=np.float32)

    def _new_menu(self) -> None:
        valid = self.np_random.random(ROWS) < 0.5
        valid[self.np_random.integers(ROWS)] = True
        self._rows = np.zeros((ROWS, FEATURES), dtype=np.float32)
        self._rows[valid, 1:] = self.np_random.uniform(-1, 1, (int(valid.sum()), FEATURES - 1))
        self._rows[valid, 3] = 1.0  # "present", as RepairMenu rows have
        self._good = int(self.np_random.choice(np.flatnonzero(valid)))
        self._rows[self._good, 0] = 1.0
        self._mask = np.concatenate([[1], valid.astype(np.int8)]).astype(np.int8)

    def _obs(self) -> dict:
        return {"candidates": self._rows.copy(), "mask": self._mask.copy(),
                "tests": np.zeros(2, dtype=np.float32), "step": np.array([self._t / 5], dtype=np.float32)}

    def action_masks(self) -> np.ndarray:
        return self._mask.copy()

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self._t = 0
        self._new_menu()
        return self._obs(), {"action_mask": self._mask.copy()}

    def step(self, action):
        action, self._t = int(action), self._t + 1
        if action == 0:
            return self._obs(), 0.0, True, False, {"action_mask": self._mask.copy()}
        if action == self._good + 1:
            return self._obs(), 1.0, True, False, {"action_mask": self._mask.copy(), "verdict": "solved"}
        self._new_menu()
        return self._obs(), -0.1, False, self._t >= 5, {"action_mask": self._mask.copy()}


if PICK_ID not in gym.registry:
    gym.register(PICK_ID, entry_point=MenuPick)


def _first_pick_accuracy(policy, episodes: int = 200) -> float:
    env = MenuPick()
    hits = 0
    for seed in range(episodes):
        obs, info = env.reset(seed=10_000 + seed)
        hits += int(policy(obs, info) == env._good + 1)
    return hits / episodes


def _evaluate(spec: str) -> float:
    from codegym.evaluation.agents import make_eval_agent

    return _first_pick_accuracy(make_eval_agent(spec, MenuPick()).policy)


def test_ppo_with_the_menu_policy_learns_to_pick_the_marked_row(ppo, tmp_path):
    args = ppo.parse_args(ppo.Args, "ppo", [
        "--env-id", PICK_ID, "--seed", "0", "--total-timesteps", "3072", "--num-envs", "4", "--n-steps", "64",
        "--batch-size", "64", "--n-epochs", "4", "--learning-rate", "1e-3", "--menu-hidden", "32",
        "--device", "cpu", "--checkpoint-freq", "0", "--no-tensorboard", "--run-dir", str(tmp_path / "ppo")])
    assert args.policy == "auto"
    path = ppo.train(args)
    from codegym.evaluation.checkpoints import read_meta

    assert read_meta(path)["policy"] == "codegym.evaluation.menu_policy.MenuPolicy"
    assert _evaluate(f"ppo:{path}") >= 0.9


def test_dqn_with_the_menu_network_learns_to_pick_the_marked_row(dqn, tmp_path):
    args = dqn.Args(env_id=PICK_ID, seed=0, total_timesteps=1500, learning_starts=100, train_frequency=2,
                    target_network_frequency=50, batch_size=32, learning_rate=1e-3, exploration_fraction=0.3,
                    menu_hidden=32, device="cpu", tensorboard=False, checkpoint_freq=0,
                    run_dir=str(tmp_path / "dqn"))
    path = dqn.train(args)
    assert torch.load(path, weights_only=True)["network"] == "menu"
    assert _evaluate(f"dqn:{path}") >= 0.9


def test_chance_is_far_below_the_bar():
    """The bar above means learning: a policy blind to the features hits the marked row about 1 time in 4."""
    rng = np.random.default_rng(0)

    def blind(obs, info):
        return int(rng.choice(np.flatnonzero(info["action_mask"][1:]))) + 1

    assert _first_pick_accuracy(blind) < 0.45
