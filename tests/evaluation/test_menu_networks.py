"""The menu networks score rows with shared weights: permuting rows permutes scores, padding is ignored,
checkpoints rebuild exactly, and a non-menu observation is refused with a clear error."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from codegym.errors import ConfigError  # noqa: E402
from codegym.evaluation.checkpoints import dqn_network  # noqa: E402
from codegym.evaluation.menu_networks import MenuQNetwork, MenuScorer, is_menu_space, menu_layout  # noqa: E402

ROWS, FEATURES, TESTS = 6, 5, 3


def menu_space() -> gym.spaces.Dict:
    return gym.spaces.Dict({
        "candidates": gym.spaces.Box(-1.0, 1.0, (ROWS, FEATURES), dtype=np.float32),
        "mask": gym.spaces.MultiBinary(ROWS + 1),
        "tests": gym.spaces.Box(-1.0, 1.0, (TESTS,), dtype=np.float32),
        "step": gym.spaces.Box(0.0, 1.0, (1,), dtype=np.float32),
    })


def test_permuting_rows_permutes_row_scores_and_leaves_submit_unchanged():
    torch.manual_seed(0)
    scorer = MenuScorer(FEATURES, TESTS + 1, hidden=16)
    for head in (scorer.row_score, scorer.submit_score):  # not near zero, so a wrong wiring would show
        torch.nn.init.normal_(head.weight)
    rows, context = torch.randn(4, ROWS, FEATURES), torch.randn(4, TESTS + 1)
    order = torch.randperm(ROWS)
    scores, summary = scorer(rows, context)
    permuted, permuted_summary = scorer(rows[:, order], context)
    assert torch.allclose(permuted[:, 1:], scores[:, 1:][:, order], atol=1e-5)
    assert torch.allclose(permuted[:, 0], scores[:, 0], atol=1e-5)
    assert torch.allclose(permuted_summary, summary, atol=1e-5)
    # and the scores do depend on the rows (a constant network would pass the lines above)
    assert scores[:, 1:].std() > 1e-3


def test_padding_rows_do_not_change_submit_or_the_summary():
    torch.manual_seed(1)
    scorer = MenuScorer(FEATURES, TESTS + 1, hidden=16)
    torch.nn.init.normal_(scorer.submit_score.weight)
    rows, context = torch.randn(2, 3, FEATURES), torch.randn(2, TESTS + 1)
    padded = torch.cat([rows, torch.zeros(2, 5, FEATURES)], dim=1)
    short, short_summary = scorer(rows, context)
    long, long_summary = scorer(padded, context)
    assert torch.allclose(short[:, :4], long[:, :4], atol=1e-5)
    assert torch.allclose(short_summary, long_summary, atol=1e-5)


def test_the_q_network_reads_the_flat_observation_by_key():
    space = menu_space()
    net = MenuQNetwork(menu_layout(space), hidden=8)
    obs = space.sample()
    flat = torch.as_tensor(gym.spaces.flatten(space, obs), dtype=torch.float32).unsqueeze(0)
    parts = net.split(flat)
    assert np.allclose(parts["candidates"][0].numpy(), obs["candidates"])
    assert np.allclose(parts["tests"][0].numpy(), obs["tests"]) and np.allclose(parts["step"][0].numpy(), obs["step"])
    assert tuple(net(flat).shape) == (1, ROWS + 1)


def test_a_dqn_checkpoint_spec_rebuilds_the_same_network():
    space = menu_space()
    spec = {"network": "menu", "menu_hidden": 8,
            "layout": {k: [offset, list(shape)] for k, (offset, shape) in menu_layout(space).items()}}
    first, second = dqn_network(spec), dqn_network(spec)
    second.load_state_dict(first.state_dict())
    flat = torch.randn(3, gym.spaces.flatdim(space))
    assert torch.equal(first(flat), second(flat))
    with pytest.raises(ConfigError, match="unknown DQN network 'transformer'"):
        dqn_network({**spec, "network": "transformer"})


@pytest.mark.parametrize("space", [
    gym.spaces.Box(0, 1, (4,)),
    gym.spaces.Dict({"candidates": gym.spaces.Box(0, 1, (4,)), "tests": gym.spaces.Box(0, 1, (2,)),
                     "step": gym.spaces.Box(0, 1, (1,))}),
    gym.spaces.Dict({"tests": gym.spaces.Box(0, 1, (2,))}),
])
def test_a_non_menu_observation_is_refused_with_a_clear_error(space):
    assert not is_menu_space(space)
    with pytest.raises(ConfigError, match="candidates|menu network"):
        menu_layout(space)


def test_repairmenu_observations_are_menus():
    import codegym  # noqa: F401  (registers the envs)

    env = gym.make("codegym/RepairMenu-v4")
    try:
        layout = menu_layout(env.observation_space)
        assert layout["candidates"][1] == (32, env.unwrapped.observation_space["candidates"].shape[1])
    finally:
        env.close()
