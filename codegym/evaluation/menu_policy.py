"""sb3-contrib's MaskablePPO policy over :class:`~codegym.evaluation.menu_networks.MenuScorer`.

The features extractor scores every menu row with shared weights; those scores are the
action logits as they are (no mixing layer that would tie a weight to a slot), and the
value head reads the scorer's pooled summary. Needs ``codegym[rl]`` (sb3-contrib).

Example:
    >>> from sb3_contrib import MaskablePPO  # doctest: +SKIP
    >>> MaskablePPO(MenuPolicy, env, policy_kwargs={"features_extractor_kwargs": {"hidden": 64}})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import torch
from sb3_contrib.common.maskable.policies import MaskableActorCriticPolicy
from stable_baselines3.common.torch_layers import BaseFeaturesExtractor
from torch import nn

from codegym.evaluation.menu_networks import MENU_KEYS, MenuScorer, context_of, menu_layout


class MenuExtractor(BaseFeaturesExtractor):
    """Features = the menu scores (submit, then one per row) followed by the pooled summary."""

    def __init__(self, observation_space: gym.spaces.Dict, hidden: int = 64, layers: int = 2) -> None:
        layout = menu_layout(observation_space)
        rows = layout["candidates"][1][0]
        super().__init__(observation_space, features_dim=rows + 1 + int(hidden))
        self.n_scores = rows + 1
        self.scorer = MenuScorer.for_layout(layout, hidden, layers)

    def forward(self, observations: dict[str, torch.Tensor]) -> torch.Tensor:
        parts = {k: observations[k].float() for k in MENU_KEYS}
        scores, summary = self.scorer(parts["candidates"], context_of(parts))
        return torch.cat([scores, summary], dim=-1)


class ScoresAndSummary(nn.Module):
    """SB3's ``mlp_extractor`` slot: the policy latent is the scores, the value latent the summary."""

    def __init__(self, n_scores: int, n_summary: int) -> None:
        super().__init__()
        self.n_scores, self.latent_dim_pi, self.latent_dim_vf = n_scores, n_scores, n_summary

    def forward(self, features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.forward_actor(features), self.forward_critic(features)

    def forward_actor(self, features: torch.Tensor) -> torch.Tensor:
        return features[:, :self.n_scores]

    def forward_critic(self, features: torch.Tensor) -> torch.Tensor:
        return features[:, self.n_scores:]


class MenuPolicy(MaskableActorCriticPolicy):
    """MaskablePPO's actor-critic whose logits are the menu scorer's per-row scores."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["features_extractor_class"] = MenuExtractor
        # The critic has a scorer of its own: returns span tens of points, and a value loss of
        # that size flowing into a shared scorer would swamp the policy's (and undo a warm start).
        kwargs.setdefault("share_features_extractor", False)
        kwargs["ortho_init"] = False  # the scorer starts its heads near zero (near-uniform logits)
        kwargs.pop("net_arch", None)
        super().__init__(*args, **kwargs)

    def _build_mlp_extractor(self) -> None:
        extractor = self.pi_features_extractor
        self.mlp_extractor = ScoresAndSummary(extractor.n_scores, extractor.scorer.hidden)

    def _build(self, lr_schedule: Any) -> None:
        super()._build(lr_schedule)
        self.action_net = nn.Identity()  # the scores are the logits
        self.optimizer = self.optimizer_class(self.parameters(), lr=lr_schedule(1), **self.optimizer_kwargs)


__all__ = ["MenuExtractor", "MenuPolicy", "ScoresAndSummary"]
