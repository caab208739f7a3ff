"""Gymnasium wrappers that fit codegym's envs to classic RL libraries (numeric observations, Discrete actions).

* :class:`TextFeatureObservation` — the text fields of CodeGen-v4 / CodeEdit-v4 as hashed
  n-gram counts, with the numeric fields, in one flat float32 ``Box``.
* :class:`CandidateActionWrapper` — a ``Discrete`` action space over a fixed or dynamic
  list of candidate actions (e.g. tool-call JSON strings), with an action mask.
* :class:`FlattenMenuObservation` — RepairMenu-v4's ``Dict`` observation as one flat
  float32 ``Box`` (for ``MlpPolicy``), keeping ``action_masks()``.
"""

from codegym.wrappers.candidate_actions import CODEEDIT_BASIC_ACTIONS, CandidateActionWrapper
from codegym.wrappers.flatten import FlattenMenuObservation
from codegym.wrappers.text_features import TextFeatureObservation, hashed_counts

__all__ = [
    "CODEEDIT_BASIC_ACTIONS",
    "CandidateActionWrapper",
    "FlattenMenuObservation",
    "TextFeatureObservation",
    "hashed_counts",
]
