"""Arguments of the single-file baselines: dataclass defaults < hyperparams.yml < flags; --device."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")

from codegym.errors import ConfigError  # noqa: E402
from codegym.evaluation import DEFAULT_ENV_ID  # noqa: E402
from codegym.evaluation.training import describe_device, load_hyperparams, parse_args, resolve_device  # noqa: E402


def test_yaml_overrides_defaults_and_flags_override_yaml(ppo):
    from_yaml = load_hyperparams("ppo", DEFAULT_ENV_ID)
    assert from_yaml, f"hyperparams.yml has no ppo entry for {DEFAULT_ENV_ID}"
    args = parse_args(ppo.Args, "ppo", ["--n-epochs", "7", "--net-arch", "32,16", "--task", "a/b", "--task", "c/d"])
    assert args.n_epochs == 7 and args.net_arch == [32, 16] and args.task == ["a/b", "c/d"]
    assert args.n_steps == from_yaml["n_steps"] and args.target_kl == from_yaml["target_kl"]
    assert args.vec_env == from_yaml["vec_env"] == "subproc"
    assert args.gae_lambda == 0.95 and "torch_threads" not in from_yaml and args.torch_threads == 1  # dataclass default


def test_per_env_entries_and_unknown_keys(dqn, tmp_path):
    args = parse_args(dqn.Args, "dqn", ["--env-id", "CartPole-v1"])
    assert args.train_frequency == 256 and args.gradient_steps == 128  # the RL-Zoo CartPole settings
    bad = tmp_path / "h.yml"
    bad.write_text("dqn:\n  CartPole-v1:\n    learning_rat: 0.1\n")
    with pytest.raises(ConfigError, match="unknown key"):
        parse_args(dqn.Args, "dqn", ["--env-id", "CartPole-v1", "--hyperparams", str(bad)])


def test_device_auto_is_cpu_here_and_cuda_is_refused_without_a_gpu():
    import torch

    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    assert describe_device("cpu").startswith("cpu (")
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="no CUDA device"):
            resolve_device("cuda")
