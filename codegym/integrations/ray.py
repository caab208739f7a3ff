"""Evaluation and rollout collection on a Ray cluster (needs ``pip install codegym[ray]``).

* :func:`evaluate_on_ray` — ``codegym evaluate ... --ray [ADDRESS]``: the episodes of one
  evaluation spread over :data:`EpisodeActor` s (each holds one env, with its own sandbox
  pool, and the agent), gathered into the same ``codegym.results/v1`` files as
  :func:`codegym.evaluation.evaluator.evaluate` — the same episode records, since both
  call :func:`~codegym.evaluation.evaluator.play_episode`.
* :func:`collect` — trajectories (observations, actions, rewards, infos) for a trainer.

Faults: a call whose actor died (killed, crashed, node lost) or whose episode raised
(e.g. its Docker engine stopped) gets its actor replaced and its key — ``(env id, task id
or "", episode seed)`` — retried up to ``max_retries`` times, then recorded with status
``"error"``: never lost, never counted twice (Ray's own actor restarts and task retries,
which are at-least-once, are off). Finished episodes are appended to a journal as they
finish (:mod:`codegym.integrations.ray_journal`), so a killed run resumes where it
stopped.

Placement: actors ask for one CPU each and, when some node advertises a ``docker``
resource (``ray start --resources='{"docker": 1}'`` on every node with a Docker engine),
a small share of it, which keeps them off nodes without Docker. A cluster without that
resource places them by CPU only (and says so).

Example:
    >>> doc, records, path = evaluate_on_ray("codegym/RepairMenu-v4", "oracle", episodes=8, seed=0,
    ...                                      split="test", out="results", workers=2)  # doctest: +SKIP
    >>> trajectories = collect("codegym/RepairMenu-v4", "random", episodes=4)  # doctest: +SKIP
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from codegym.errors import CodegymError, ConfigError
from codegym.evaluation.agents import EvalAgent
from codegym.evaluation.evaluator import (_sandbox_engine, _training_block, check_task_ids, env_kwargs_for,
                                          episode_task_id, results_doc)
from codegym.evaluation.schema import result_stem, run_seed, write_results
from codegym.integrations.ray_journal import EpisodeKey, Journal, episode_key
from codegym.integrations.ray_scheduler import run_keys, shutdown

#: The custom resource that marks nodes with a Docker engine.
DOCKER_RESOURCE = "docker"
#: How much of a node's ``docker`` resource one actor takes (CPUs, not this, bound actors per node).
DOCKER_SHARE = 0.01
#: A policy for :func:`collect`: ``policy(obs, info) -> action`` (the same convention as ``codegym.agents``).
Policy = Callable[[Any, dict], Any]


def require_ray() -> Any:
    """The ``ray`` module, or :class:`ConfigError` saying how to install it."""
    try:
        import ray
    except ImportError:
        raise ConfigError("distributed evaluation needs Ray: pip install 'codegym[ray]'") from None
    return ray


def connect(address: str | None = None) -> bool:
    """Join a Ray cluster unless this process already has; ``True`` when this call started one.

    ``address``: ``None`` or ``"local"`` starts a new local cluster, ``"auto"`` joins the one
    running on this machine (``ray start --head``), anything else is passed to ``ray.init``
    (``HOST:PORT`` or ``ray://HOST:10001``). A process that already called ``ray.init`` keeps
    its cluster.

    Example:
        >>> started = connect("auto")  # doctest: +SKIP
    """
    ray = require_ray()
    if ray.is_initialized():
        return False
    try:
        if address in (None, "local"):
            ray.init(address="local", include_dashboard=False)
        else:
            ray.init(address=address)
    except ConnectionError as exc:
        raise ConfigError(f"no Ray cluster answers at {address!r} ({exc}); start one with "
                          f"`ray start --head --resources='{{\"docker\": 1}}'`, or use --ray without an address "
                          f"for a local one") from None
    return True


def actor_options(ray: Any, workers: int, runtime_env: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], str]:
    """Ray options for the episode actors and a sentence saying where they go.

    :class:`ConfigError` when the cluster has fewer CPUs than ``workers``.
    """
    resources = ray.cluster_resources()
    cpus = int(resources.get("CPU", 0))
    if workers > cpus:
        raise ConfigError(f"workers={workers} needs {workers} CPUs, the Ray cluster has {cpus}; "
                          f"lower --workers or add nodes")
    options: dict[str, Any] = {"num_cpus": 1, "max_restarts": 0, "max_task_retries": 0}
    if runtime_env:
        options["runtime_env"] = dict(runtime_env)
    if resources.get(DOCKER_RESOURCE, 0) > 0:
        options["resources"] = {DOCKER_RESOURCE: DOCKER_SHARE}
        return options, f"placing actors on nodes with a {DOCKER_RESOURCE!r} resource"
    return options, (f"no node advertises a {DOCKER_RESOURCE!r} resource: placing actors by CPU only "
                     f"(start Docker nodes with ray start --resources='{{\"{DOCKER_RESOURCE}\": 1}}')")


def _agent(agent: str | Policy, env: Any, name: str | None) -> EvalAgent:
    from codegym.evaluation.agents import make_eval_agent

    if isinstance(agent, str):
        return make_eval_agent(agent, env, name=name)
    if callable(agent):
        label = f"{getattr(agent, '__module__', '?')}:{getattr(agent, '__qualname__', type(agent).__name__)}"
        return EvalAgent(name or getattr(agent, "__name__", "policy"), label, label, agent, "user")
    raise ConfigError(f"policy must be an agent spec (random, oracle, MODULE:CALLABLE, ppo:PATH, dqn:PATH) "
                      f"or a callable policy(obs, info) -> action, got {type(agent).__name__}")


class EpisodeWorker:
    """One env and one agent in a Ray actor (:data:`EpisodeActor` is this class made remote).

    A failure to build them is kept and raised by the first call, so the driver sees the
    real error (a :class:`ConfigError` naming the bad argument) rather than a dead actor.
    """

    def __init__(self, env_id: str, env_kwargs: Mapping[str, Any], agent: str | Policy,
                 name: str | None = None) -> None:
        self.env: Any = None
        self.error: BaseException | None = None
        try:
            import gymnasium as gym

            import codegym  # noqa: F401  (registers the envs in this worker)

            try:
                self.env = gym.make(env_id, **dict(env_kwargs))
            except gym.error.Error as exc:
                raise ConfigError(f"cannot make {env_id!r}: {exc}") from None
            self.agent = _agent(agent, self.env, name)
        except Exception as exc:  # raised again by describe() / play()
            self.error = exc

    def _ready(self) -> None:
        if self.error is not None:
            raise self.error

    def describe(self, task_ids: Sequence[str] = (), split: str | None = None) -> dict[str, Any]:
        """What a results file records about the env and the agent; checks ``task_ids`` are in the task set."""
        from codegym.evaluation.provenance import taskset_sha256

        self._ready()
        taskset = getattr(self.env.unwrapped, "taskset", None)
        check_task_ids(taskset, task_ids, split)
        a = self.agent
        return {"taskset_size": None if taskset is None else len(taskset),
                "taskset_sha256": None if taskset is None else taskset_sha256(taskset),
                "engine": _sandbox_engine(self.env),
                "agent": {"name": a.name, "spec": a.spec, "implementation": a.implementation,
                          "checkpoint_sha256": a.checkpoint_sha256, "policy_mode": a.policy_mode, "meta": a.meta}}

    def play(self, key: EpisodeKey, trajectory: bool = False) -> dict[str, Any]:
        """Play the episode of ``key``: ``{"record", "timing", "trajectory"}`` (``trajectory`` only when asked)."""
        from codegym.evaluation.evaluator import play_episode

        self._ready()
        _, task_id, seed = key
        steps: dict[str, list] | None = {"observations": [], "infos": [], "rewards": []} if trajectory else None
        record, timing = play_episode(self.env, self.agent, int(seed), task_id or None, trajectory=steps)
        return {"record": record, "timing": timing, "trajectory": steps}

    def close(self) -> None:
        """Close the env (and its sandbox)."""
        if self.env is not None:
            self.env.close()
            self.env = None


_REMOTE: Any = None


def episode_actor_class() -> Any:
    """``ray.remote(EpisodeWorker)``, made once (importing this module never imports Ray)."""
    global _REMOTE
    if _REMOTE is None:
        _REMOTE = require_ray().remote(EpisodeWorker)
    return _REMOTE


def __getattr__(name: str) -> Any:
    if name == "EpisodeActor":  # PEP 562: ``from codegym.integrations.ray import EpisodeActor`` works lazily
        return episode_actor_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def error_record(key: EpisodeKey, why: str) -> dict[str, Any]:
    """The episode record of a key that failed on every try (status ``"error"``, no actions)."""
    _, task_id, seed = key
    return {"task_id": task_id, "episode_seed": seed, "options": {"task_id": task_id} if task_id else None,
            "status": "error", "error": why, "verdict": "error", "return": 0.0, "steps": 0, "reward_valid": True,
            "truncated": False, "action_errors": 0, "actions": []}


def _say(progress: Callable[[str], None] | None, line: str) -> None:
    (progress or (lambda text: print(f"codegym: {text}", file=sys.stderr, flush=True)))(line)


def _episode_line(done: int, total: int, record: dict) -> str:
    head = f"[ray] {done}/{total} {record['task_id'] or '?'} seed {record['episode_seed']}: "
    if record.get("status") == "error":
        return head + f"error ({record.get('error')})"
    return head + f"{record['verdict']} (return {record['return']:.2f}, {record['steps']} steps)"


def _describe(ray: Any, actor: Any, task_ids: Sequence[str], split: str | None) -> dict[str, Any]:
    """The first actor's :meth:`EpisodeWorker.describe`; a codegym error in it is raised as itself
    (the caller shuts the actor down)."""
    from ray.exceptions import RayTaskError

    try:
        return ray.get(actor.describe.remote(list(task_ids), split))
    except RayTaskError as exc:
        if isinstance(exc.cause, CodegymError):
            raise exc.cause from None
        raise


def _check_counts(episodes: Any, workers: Any, max_retries: Any) -> None:
    for label, value, low in (("episodes", episodes, 1), ("workers", workers, 1), ("max_retries", max_retries, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(f"{label} must be an int >= {low}, got {value!r}")


def evaluate_on_ray(env_id: str, agent_spec: str, episodes: int, seed: int = 0, split: str | None = "test",
                    out: str | Path | None = None, workers: int = 2, address: str | None = None,
                    max_retries: int = 1, resume: bool = True, tasks: str | Mapping | None = None,
                    task_ids: Sequence[str] = (), env_kwargs: Mapping[str, Any] | None = None,
                    name: str | None = None, training_seed: int | None = None,
                    progress: Callable[[str], None] | None = None, argv: list[str] | None = None,
                    on_finished: Callable[[EpisodeKey, list[Any]], None] | None = None,
                    runtime_env: Mapping[str, Any] | None = None) -> tuple[dict, list[dict], Path | None]:
    """:func:`~codegym.evaluation.evaluator.evaluate` with the episodes spread over ``workers`` Ray actors.

    Episode ``i`` is reset with seed ``seed + i`` and task ``task_ids[i % len(task_ids)]``, as
    on one machine; the results document is the same but for ``evaluation.ray`` (workers,
    placement, played / resumed episodes, failed calls, actor replacements, errors). With
    ``out`` the finished episodes are journalled beside the results and, with ``resume``,
    a rerun plays only the keys the journal lacks (the journal is removed once the results
    are written, unless some episode ended in ``error``: then a rerun plays just those).
    ``progress`` gets one line per finished episode. ``on_finished(key, busy_actors)`` is a
    hook for fault-injection tests.
    ``runtime_env`` is Ray's, for the actors (e.g. ``{"env_vars": {"CODEGYM_REPORT_STORE": "off"}}``).

    Example:
        >>> doc, records, path = evaluate_on_ray("codegym/RepairMenu-v4", "random", 4, split=None,
        ...                                      out="results", workers=2)  # doctest: +SKIP
        >>> doc["evaluation"]["ray"]["played"]  # doctest: +SKIP
        4
    """
    _check_counts(episodes, workers, max_retries)
    if not isinstance(agent_spec, str) or not agent_spec:
        raise ConfigError(f"agent_spec must be an agent spec string (random, oracle, MODULE:CALLABLE, ppo:PATH), "
                          f"got {agent_spec!r}")
    kwargs = env_kwargs_for(split, tasks, env_kwargs)
    ray = require_ray()
    started = connect(address)
    try:
        options, placement = actor_options(ray, workers, runtime_env)
        _say(progress, placement)
        actor_class = episode_actor_class()

        def make_actor() -> Any:
            return actor_class.options(**options).remote(env_id, kwargs, agent_spec, name)

        start = time.perf_counter()
        first = make_actor()
        try:
            info = _describe(ray, first, task_ids, split)
            agent = EvalAgent(policy=None, meta=info["agent"].pop("meta"), **info["agent"])  # type: ignore[arg-type]
            seeds = [int(seed) + i for i in range(episodes)]
            keys = [episode_key(env_id, episode_task_id(list(task_ids), i), s) for i, s in enumerate(seeds)]
            stem = result_stem(env_id, agent.name, run_seed({"training": _training_block(agent, training_seed),
                                                              "evaluation": {"seed": seed}}))
            journal_path = Path(out) / f"{stem}.episodes.partial.jsonl" if out is not None else None
            header = {"env_id": env_id, "env_kwargs": kwargs, "agent_spec": agent_spec, "agent_name": agent.name,
                      "seed": int(seed), "split": split, "task_ids": list(task_ids)}
            done = Journal.load(journal_path, header, env_id) if journal_path is not None and resume else {}
        except BaseException:
            shutdown(ray, [first])
            raise
        by_key = {k: done[k] for k in keys if k in done}
        todo = [k for k in keys if k not in by_key]
        resumed = len(by_key)
        if by_key:
            _say(progress, f"resuming: {len(by_key)} of {episodes} episodes are already in {journal_path}")
        journal = Journal.open(journal_path, header, list(by_key.values())) if journal_path is not None else None
        timing = {"env_time_s": 0.0, "policy_time_s": 0.0, "steps": 0}

        def finish(key: EpisodeKey, record: dict) -> None:
            if key in by_key:  # never counted twice
                return
            by_key[key] = record
            if journal is not None:
                journal.append(record)
            if progress is not None:
                progress(_episode_line(len(by_key), episodes, record))

        def on_result(key: EpisodeKey, result: dict) -> None:
            if key not in by_key:
                for field in timing:
                    timing[field] += result["timing"][field]
            finish(key, result["record"])

        try:
            stats = run_keys(ray, make_actor, todo, lambda actor, key: actor.play.remote(key), workers,
                             on_result, lambda key, why: finish(key, error_record(key, why)), max_retries,
                             actors=[first], on_finished=on_finished)
        finally:
            if journal is not None:
                journal.close()
        wall = time.perf_counter() - start
        records = [by_key[k] for k in keys]
        doc = results_doc(env_id, kwargs, split, task_ids, None, agent, training_seed, seed, seeds, wall, timing,
                          records, info["engine"], argv, taskset_info=info)
        doc["evaluation"]["ray"] = {"address": address, "workers": workers, "placement": placement,
                                    "max_retries": max_retries, "resumed": resumed,
                                    **stats.as_dict()}
        path = write_results(out, doc, records) if out is not None else None
        if journal_path is not None and not stats.errors:  # kept otherwise: a rerun plays only the error keys
            journal_path.unlink(missing_ok=True)
        return doc, records, path
    finally:
        if started:
            ray.shutdown()


def collect(env_id: str, policy: str | Policy, episodes: int, seed: int = 0,
            env_kwargs: Mapping[str, Any] | None = None, workers: int = 2, address: str | None = None,
            max_retries: int = 1, task_ids: Sequence[str] = (),
            runtime_env: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Trajectories of ``episodes`` episodes played on a Ray cluster, ordered by episode index.

    ``policy``: an agent spec string (``random``, ``oracle``, ``MODULE:CALLABLE``,
    ``ppo:PATH``, ``dqn:PATH``) or a picklable callable ``policy(obs, info) -> action``
    (the convention of :mod:`codegym.agents`; a lambda or closure is fine, Ray pickles it
    by value). Episode ``i`` is reset with seed ``seed + i`` (and ``task_ids`` cycling), so
    a deterministic policy gives the same trajectories on every call.

    Each trajectory: ``task_id``, ``episode_seed``, ``status`` (``"ok"``/``"error"``),
    ``observations`` and ``infos`` (from the reset on: one more than ``actions``),
    ``actions``, ``rewards``, ``verdict``, ``return``, ``steps``.

    Example:
        >>> trajectories = collect("codegym/RepairMenu-v4", "oracle", episodes=4, seed=0)  # doctest: +SKIP
        >>> len(trajectories), len(trajectories[0]["observations"]) == trajectories[0]["steps"] + 1  # doctest: +SKIP
        (4, True)
    """
    _check_counts(episodes, workers, max_retries)
    if not isinstance(policy, str) and not callable(policy):
        raise ConfigError(f"policy must be an agent spec string or a callable policy(obs, info) -> action, "
                          f"got {type(policy).__name__}")
    kwargs = dict(env_kwargs or {})
    ray = require_ray()
    started = connect(address)
    try:
        options, placement = actor_options(ray, workers, runtime_env)
        _say(None, placement)
        actor_class = episode_actor_class()

        def make_actor() -> Any:
            return actor_class.options(**options).remote(env_id, kwargs, policy)

        first = make_actor()
        try:
            _describe(ray, first, task_ids, None)
        except BaseException:
            shutdown(ray, [first])
            raise
        keys = [episode_key(env_id, episode_task_id(list(task_ids), i), int(seed) + i) for i in range(episodes)]
        out: dict[EpisodeKey, dict] = {}

        def on_result(key: EpisodeKey, result: dict) -> None:
            record, steps = result["record"], result["trajectory"]
            out.setdefault(key, {"task_id": record["task_id"], "episode_seed": record["episode_seed"], "status": "ok",
                                 "observations": steps["observations"], "actions": record["actions"],
                                 "rewards": steps["rewards"], "infos": steps["infos"], "verdict": record["verdict"],
                                 "return": record["return"], "steps": record["steps"]})

        def on_error(key: EpisodeKey, why: str) -> None:
            record = error_record(key, why)
            out.setdefault(key, {**{k: record[k] for k in ("task_id", "episode_seed", "status", "error", "verdict",
                                                             "return", "steps", "actions")},
                                 "observations": [], "rewards": [], "infos": []})

        run_keys(ray, make_actor, keys, lambda actor, key: actor.play.remote(key, trajectory=True), workers,
                 on_result, on_error, max_retries, actors=[first])
        return [out[k] for k in keys]
    finally:
        if started:
            ray.shutdown()
