"""Bridges to distributed RL frameworks (optional extras).

``codegym.integrations.rllib`` registers codegym envs with Ray RLlib (with action masking);
``codegym.integrations.ray`` spreads evaluation and rollout collection over a Ray cluster.
Both need the ``ray`` extra: ``pip install codegym[ray]``.
"""
