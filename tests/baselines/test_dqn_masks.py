"""baselines/dqn.py applies the action mask in exploration, the greedy argmax and the TD target."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

torch = pytest.importorskip("torch")

TRAP_ID = "codegym-test/MaskTrap-v0"


class MaskTrap(gym.Env):
    """Each step a random subset of actions is valid; action 0 is never valid but pays +10 if taken.

    A DQN that ignores the mask anywhere learns to pick action 0; a masked one never does.
    ``picks`` counts every action taken, ``refused`` the masked ones (class-wide).
    """

    picks = 0
    refused = 0

    def __init__(self) -> None:
        self.observation_space = gym.spaces.Box(-1.0, 1.0, shape=(3,), dtype=np.float32)
        self.action_space = gym.spaces.Discrete(5)
        self._mask = np.ones(5, dtype=np.int8)
        self._t = 0

    def _new_mask(self) -> None:
        self._mask = (self.np_random.random(5) < 0.5).astype(np.int8)
        self._mask[0] = 0
        self._mask[1 + int(self.np_random.integers(4))] = 1

    def _obs(self) -> np.ndarray:
        return np.array([self._t / 10, self._mask[1], self._mask[2]], dtype=np.float32)

    def action_masks(self) -> np.ndarray:
        return self._mask.copy()

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self._t = 0
        self._new_mask()
        return self._obs(), {"action_mask": self._mask.copy()}

    def step(self, action):
        type(self).picks += 1
        info = {}
        if not self._mask[int(action)]:
            type(self).refused += 1
            info["action_error"] = f"action {action} is masked"
        reward = 10.0 if int(action) == 0 else float(action) * 0.1
        self._t += 1
        self._new_mask()
        info["action_mask"] = self._mask.copy()
        return self._obs(), reward, False, self._t >= 10, info


if TRAP_ID not in gym.registry:
    gym.register(TRAP_ID, entry_point=MaskTrap)


def test_act_never_picks_a_masked_action_greedy_or_exploring(dqn):
    from codegym.evaluation.checkpoints import q_network

    net = q_network(3, 5, [8])
    with torch.no_grad():  # make the masked action 0 the greedy favourite everywhere
        net[-1].bias.copy_(torch.tensor([100.0, 0.0, 0.0, 0.0, 0.0]))
    rng = np.random.default_rng(0)
    for _ in range(2000):
        mask = (rng.random(5) < 0.5).astype(np.int8)
        mask[0] = 0
        mask[1 + rng.integers(4)] = 1
        for epsilon in (0.0, 0.5, 1.0):
            action = dqn.act(net, rng.random(3).astype(np.float32), mask, epsilon, rng)
            assert mask[action] == 1, (mask, epsilon, action)


def test_exploration_is_uniform_over_the_valid_actions(dqn):
    from codegym.evaluation.checkpoints import q_network

    rng = np.random.default_rng(1)
    mask = np.array([0, 1, 0, 1, 1], dtype=np.int8)
    counts = np.bincount([dqn.act(q_network(3, 5, [4]), np.zeros(3, np.float32), mask, 1.0, rng)
                          for _ in range(3000)], minlength=5)
    assert counts[0] == counts[2] == 0
    assert all(abs(c / 3000 - 1 / 3) < 0.05 for c in counts[[1, 3, 4]])


def test_td_target_maxes_over_the_next_states_valid_actions_only(dqn):
    batch = {"obs": np.zeros((2, 3), np.float32), "next_obs": np.zeros((2, 3), np.float32),
             "actions": np.array([1, 2]), "rewards": np.array([1.0, 1.0], np.float32),
             "terminated": np.array([0.0, 1.0], np.float32),
             "next_masks": np.array([[0, 1, 1, 0, 0], [0, 1, 0, 0, 0]], np.int8)}
    next_q = torch.tensor([[50.0, 2.0, 3.0, 40.0, 0.0], [50.0, 2.0, 3.0, 40.0, 0.0]])
    q_values = torch.zeros((2, 5), requires_grad=True)
    loss, taken = dqn.td_loss(lambda obs: q_values, lambda obs: next_q, batch, 0.5, "cpu")
    # targets: 1 + 0.5 * max(2, 3) = 2.5 (not 1 + 0.5 * 50); terminal: 1. Q(s, a) = 0 -> Huber.
    expected = torch.nn.functional.smooth_l1_loss(torch.zeros(2), torch.tensor([2.5, 1.0]))
    assert loss.item() == pytest.approx(expected.item())


def test_replay_buffer_stores_the_next_mask(dqn):
    buffer = dqn.ReplayBuffer(4, 3, 5)
    mask = np.array([0, 0, 1, 0, 1], np.int8)
    buffer.add(np.zeros(3), np.ones(3), 2, 1.0, False, mask)
    sample = buffer.sample(3, np.random.default_rng(0))
    assert (sample["next_masks"] == mask).all()


def test_training_on_a_trap_env_never_takes_a_masked_action(dqn, tmp_path):
    MaskTrap.picks = MaskTrap.refused = 0
    args = dqn.Args(env_id=TRAP_ID, seed=0, total_timesteps=600, learning_starts=100, train_frequency=4,
                    target_network_frequency=50, batch_size=32, net_arch=[16], learning_rate=1e-3,
                    device="cpu", tensorboard=False, checkpoint_freq=0, run_dir=str(tmp_path / "trap"))
    path = dqn.train(args)
    assert MaskTrap.picks == 600 and MaskTrap.refused == 0
    from codegym.evaluation.agents import make_eval_agent
    from codegym.evaluation.evaluator import evaluate

    doc, episodes, _ = evaluate(TRAP_ID, f"dqn:{path}", episodes=5, seed=0, split=None, progress=False)
    assert doc["metrics"]["refused_actions"] == 0
    assert doc["training"]["seed"] == 0 and doc["training"]["steps"] == 600
    assert doc["agent"]["checkpoint_sha256"] and doc["agent"]["policy_mode"] == "deterministic"
    agent = make_eval_agent(f"dqn:{path}", gym.make(TRAP_ID))
    assert agent.name == "dqn"
