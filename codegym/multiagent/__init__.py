"""codegym's PettingZoo envs: ``author_reviewer_v2`` (AEC), ``testgen_coder_v2`` (Parallel), ``decompose_v2`` (AEC).

Each module has ``env()`` (AEC, with PettingZoo's checking wrappers), ``raw_env()`` and
``parallel_env()``, in PettingZoo's own style. Import them as modules:

Example:
    >>> from codegym.multiagent import author_reviewer_v2
    >>> author_reviewer_v2.raw_env.metadata["name"]
    'author_reviewer_v2'
"""
