"""Package layout only (metadata is in pyproject.toml): ship taskpacks/ as `codegym_tasks`."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["codegym", "codegym.*"]) + ["codegym_tasks"],
    package_dir={"codegym_tasks": "taskpacks"},
    package_data={"codegym": ["py.typed", "verdict/sandboxed/*.py"], "codegym_tasks": ["reference_times.json", "mutations_verified.json", "builtin/*/task.toml", "builtin/*/*/*", "builtin/*/*/*/*", "builtin/*/*/*/*/*"]},
    include_package_data=False,
)
