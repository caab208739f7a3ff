"""codegym's PettingZoo envs: ``author_reviewer_v1`` (AEC), ``testgen_coder_v1`` (Parallel), ``decompose_v1`` (AEC).

Each module has ``env()`` (AEC, with PettingZoo's checking wrappers), ``raw_env()`` and
``parallel_env()``, in PettingZoo's own style. Import them as modules:

Example:
    >>> from codegym.multiagent import author_reviewer_v1
    >>> author_reviewer_v1.raw_env.metadata["name"]
    'author_reviewer_v1'
"""
