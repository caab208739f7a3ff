"""Action masking for RLlib PPO (new API stack, torch): an RLModule that masks the logits.

RLlib has no built-in action mask. Envs built by :mod:`codegym.integrations.rllib`
observe ``{"observations": Box, "action_mask": Box(0, 1, (n,))}`` (the convention of
RLlib's own action-masking example); :class:`MaskedPPOTorchRLModule` builds PPO's
networks on ``"observations"`` alone and replaces the logit of every masked action by
:data:`MASKED_LOGIT`, so a masked action has probability 0 (sampled, argmax and in the
PPO loss). Values are computed from the observations only.

Example:
    >>> from ray.rllib.core.rl_module.rl_module import RLModuleSpec  # doctest: +SKIP
    >>> from codegym.integrations.rllib_masking import MaskedPPOTorchRLModule  # doctest: +SKIP
    >>> spec = RLModuleSpec(module_class=MaskedPPOTorchRLModule, model_config={"fcnet_hiddens": [64, 64]})  # doctest: +SKIP
    >>> config = PPOConfig().environment("codegym/RepairMenu-v4").rl_module(rl_module_spec=spec)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import torch
from ray.rllib.algorithms.ppo.torch.default_ppo_torch_rl_module import DefaultPPOTorchRLModule
from ray.rllib.core.columns import Columns

from codegym.errors import ConfigError

#: The logit a masked action gets: exp(-1e9 - max) is exactly 0 in float32, and stays
#: finite so entropies and KLs of an all-masked row (a final observation) are not NaN.
MASKED_LOGIT = -1e9
OBS_KEY, MASK_KEY = "observations", "action_mask"


def mask_logits(logits: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``logits`` with every entry whose ``mask`` is 0 set to :data:`MASKED_LOGIT`.

    Example:
        >>> mask_logits(torch.zeros(1, 3), torch.tensor([[1.0, 0.0, 1.0]])).tolist()
        [[0.0, -1000000000.0, 0.0]]
    """
    if mask.shape != logits.shape:
        raise ConfigError(f"action mask shape {tuple(mask.shape)} does not match the logits' {tuple(logits.shape)}: "
                          "obs['action_mask'] must have one entry per action of the Discrete action space")
    return torch.where(mask.to(logits.device) > 0.5, logits, torch.full_like(logits, MASKED_LOGIT))


def split_batch(batch: dict[str, Any]) -> tuple[torch.Tensor, dict[str, Any]]:
    """(the action mask, a shallow copy of ``batch`` whose ``obs`` is the observations alone).

    The input batch is left unchanged, so the learner may pass it to ``compute_values``
    and ``forward_train`` in either order.
    """
    obs = batch[Columns.OBS]
    if not isinstance(obs, dict) or OBS_KEY not in obs or MASK_KEY not in obs:
        keys = sorted(obs) if isinstance(obs, dict) else type(obs).__name__
        raise ConfigError(f"MaskedPPOTorchRLModule needs observations {{'{OBS_KEY}': ..., '{MASK_KEY}': ...}}, got {keys}; "
                          "build the env with codegym.integrations.rllib (env_config masked=True)")
    inner = dict(batch)
    inner[Columns.OBS] = obs[OBS_KEY]
    return obs[MASK_KEY], inner


class MaskedPPOTorchRLModule(DefaultPPOTorchRLModule):
    """PPO's default torch module on ``obs["observations"]``, its logits masked by ``obs["action_mask"]``."""

    def __init__(self, *args: Any, observation_space: gym.Space | None = None, **kwargs: Any) -> None:
        if not (isinstance(observation_space, gym.spaces.Dict) and set(observation_space.spaces) == {OBS_KEY, MASK_KEY}):
            raise ConfigError(f"MaskedPPOTorchRLModule needs a Dict observation space with keys '{OBS_KEY}' and "
                              f"'{MASK_KEY}', got {observation_space!r}; build the env with codegym.integrations.rllib")
        self._masked_space = observation_space
        # PPO's catalog builds the encoder for the observations alone.
        super().__init__(*args, observation_space=observation_space[OBS_KEY], **kwargs)

    def setup(self) -> None:
        super().setup()
        # The networks are built; the module itself takes (and reports) the env's Dict space.
        self.observation_space = self._masked_space

    def _forward_inference(self, batch: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        mask, inner = split_batch(batch)
        return self._masked(super()._forward_inference(inner, **kwargs), mask)

    def _forward_exploration(self, batch: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        mask, inner = split_batch(batch)
        return self._masked(super()._forward_exploration(inner, **kwargs), mask)

    def _forward_train(self, batch: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        mask, inner = split_batch(batch)
        return self._masked(super()._forward_train(inner, **kwargs), mask)

    def compute_values(self, batch: dict[str, Any], embeddings: Any = None) -> torch.Tensor:
        """Value estimates from ``obs["observations"]`` (or from the train pass's embeddings)."""
        if embeddings is None:
            _, batch = split_batch(batch)
        return super().compute_values(batch, embeddings)

    @staticmethod
    def _masked(outs: dict[str, Any], mask: torch.Tensor) -> dict[str, Any]:
        outs[Columns.ACTION_DIST_INPUTS] = mask_logits(outs[Columns.ACTION_DIST_INPUTS], mask)
        return outs
