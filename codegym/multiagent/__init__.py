"""codegym's PettingZoo envs: ``author_reviewer_v0`` (AEC), ``testgen_coder_v0`` (Parallel), ``decompose_v0`` (AEC).

Each module has ``env()`` (AEC, with PettingZoo's checking wrappers), ``raw_env()`` and
``parallel_env()``, in PettingZoo's own style. Import them as modules:

Example:
    >>> from codegym.multiagent import author_reviewer_v0
    >>> author_reviewer_v0.raw_env.metadata["name"]
    'author_reviewer_v0'
"""
