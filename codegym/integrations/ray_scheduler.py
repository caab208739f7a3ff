"""Spread episode keys over Ray actors, replace dead actors, retry their keys, give up cleanly.

Each actor plays one key at a time; :func:`ray.wait` hands back whichever finishes first.
When a call fails — the actor died (``RayActorError``/``ActorDiedError``: killed, crashed,
its node lost) or the episode raised (``RayTaskError``: e.g. its Docker engine stopped) —
the actor is killed and replaced, and the key goes back to the front of the queue until
it has failed ``max_retries + 1`` times; then ``on_error`` records it. Ray's own actor
restarts and task retries are off (they are at-least-once): every key ends exactly once,
in ``on_result`` or ``on_error``.

Example:
    >>> stats = run_keys(ray, make_actor, keys, lambda actor, key: actor.play.remote(key),
    ...                  workers=2, on_result=print, on_error=print)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Sequence


@dataclass
class SchedulerStats:
    """What happened to the keys: how many calls failed, actors were replaced, keys ended in error."""

    played: int = 0
    failed_calls: int = 0
    actor_replacements: int = 0
    errors: int = 0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"played": self.played, "failed_calls": self.failed_calls,
                "actor_replacements": self.actor_replacements, "errors": self.errors,
                "failures": list(self.failures)}


def describe_failure(exc: BaseException) -> str:
    """One line saying why a call failed (Ray's messages carry whole tracebacks)."""
    cause = getattr(exc, "cause", None)
    if isinstance(cause, BaseException):
        exc = cause
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[-1] if lines else ""
    return f"{type(exc).__name__}: {text}"[:300]


def run_keys(ray: Any, make_actor: Callable[[], Any], keys: Sequence[Hashable],
             call: Callable[[Any, Hashable], Any], workers: int, on_result: Callable[[Hashable, Any], None],
             on_error: Callable[[Hashable, str], None], max_retries: int = 1,
             actors: list[Any] | None = None,
             on_finished: Callable[[Hashable, list[Any]], None] | None = None) -> SchedulerStats:
    """Play every key once on ``workers`` actors; return what happened.

    ``actors`` are used first (more are made with ``make_actor``); they are all killed at the
    end. ``on_finished(key, busy_actors)`` runs after each finished key with the actors that
    are mid-episode at that moment (a hook for fault-injection tests).
    """
    from ray.exceptions import RayError

    stats = SchedulerStats()
    pending = deque(keys)
    if not pending:
        shutdown(ray, actors or [])
        return stats
    pool = list(actors or [])
    while len(pool) < min(workers, len(pending)):
        pool.append(make_actor())
    idle = list(range(len(pool)))[::-1]
    in_flight: dict[Any, tuple[int, Hashable]] = {}
    tries: dict[Hashable, int] = {}
    try:
        while pending or in_flight:
            while idle and pending:
                slot, key = idle.pop(), pending.popleft()
                in_flight[call(pool[slot], key)] = (slot, key)
            (ref,), _ = ray.wait(list(in_flight), num_returns=1)
            slot, key = in_flight.pop(ref)
            try:
                result = ray.get(ref)
            except RayError as exc:
                why = describe_failure(exc)
                stats.failed_calls += 1
                stats.failures.append(f"{list(key)}: {why}")
                ray.kill(pool[slot], no_restart=True)  # dead already, or its env may be broken: replace it
                pool[slot] = make_actor()
                stats.actor_replacements += 1
                tries[key] = tries.get(key, 0) + 1
                if tries[key] <= max_retries:
                    pending.appendleft(key)
                else:
                    stats.errors += 1
                    on_error(key, f"{why} (failed {tries[key]} times)")
            else:
                stats.played += 1
                on_result(key, result)
                if on_finished is not None:
                    on_finished(key, [pool[s] for s, _ in in_flight.values()])
            idle.append(slot)
    finally:
        shutdown(ray, pool)
    return stats


def shutdown(ray: Any, actors: Sequence[Any], timeout_s: float = 30.0) -> None:
    """Close the actors' envs (their sandboxes), then kill the actors (freeing their CPUs)."""
    refs = []
    for actor in actors:
        try:
            refs.append(actor.close.remote())
        except Exception:  # a handle whose actor is gone: nothing to close
            pass
    if refs:
        ray.wait(refs, num_returns=len(refs), timeout=timeout_s)
    for actor in actors:
        ray.kill(actor, no_restart=True)
