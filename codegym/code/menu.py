"""A menu of candidate edits on one program, with the edits still separating it from the reference.

Used by every numeric "pick an edit" view: RepairMenu, the author and coder seats of the
PettingZoo envs, and the Decompose worker.

The state behind every numeric "pick an edit" seat (the author's candidate patches, the
coder's repairs): mutation-operator edits of the current program plus the restoring
edits toward the reference (carried through the agent's own edits), sampled down to
``size`` and shuffled with the env's ``np_random`` so no slot has a fixed meaning.

Example:
    >>> import numpy as np
    >>> menu = EditMenu(4)
    >>> menu.start("def lt(a, b):\\n    return a <= b\\n", "def lt(a, b):\\n    return a < b\\n", [])
    >>> entries = menu.build(np.random.default_rng(0))
    >>> len(entries) <= 4 and menu.toward_indices() != []
    True
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from codegym.code.mutations import Edit, apply_edits
from codegym.code.repair import MenuEdit, menu_edits, pending_after, toward_reference
from codegym.errors import ActionError, ConfigError


class EditMenu:
    """Candidate edits of one program (``entries``), rebuilt after every applied edit."""

    def __init__(self, size: int) -> None:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 1 <= int(size) <= 1024:
            raise ConfigError(f"menu size must be an int in 1..1024, got {size!r}")
        self.size = int(size)
        self.source = ""
        self.reference = ""
        self.hints: list[Edit] = []
        self.pending: tuple[Edit, ...] = ()
        self.entries: list[MenuEdit] = []

    def start(self, source: str, reference: str, hints: Sequence[Edit]) -> None:
        """Begin at ``source``; ``hints`` are recorded restoring edits (used when they apply)."""
        self.source, self.reference, self.hints = source, reference, list(hints)
        self.pending = self._initial_pending()
        self.entries = []

    def _initial_pending(self) -> tuple[Edit, ...]:
        if not self.reference:
            return ()
        try:
            if self.hints and apply_edits(self.source, self.hints) == self.reference:
                return tuple(sorted(self.hints, key=lambda e: (e.start, e.end)))
        except (ActionError, ConfigError, ValueError):
            pass
        return tuple(toward_reference(self.source, self.reference, self.hints))

    def build(self, rng: np.random.Generator) -> list[MenuEdit]:
        """Draw this turn's entries: every edit toward the reference (up to ``size``), the rest mutations."""
        entries = list(menu_edits(self.source, self.pending))
        toward = [e for e in entries if e.toward]
        others = [e for e in entries if not e.toward]
        if len(toward) > self.size:
            keep = sorted(int(i) for i in rng.choice(len(toward), size=self.size, replace=False))
            toward = [toward[i] for i in keep]
        room = min(self.size - len(toward), len(others))
        if room < len(others):
            keep = sorted(int(i) for i in rng.choice(len(others), size=room, replace=False))
            others = [others[i] for i in keep]
        chosen = toward + others
        order = rng.permutation(len(chosen)) if chosen else []
        self.entries = [chosen[int(i)] for i in order]
        return self.entries

    def mask(self) -> np.ndarray:
        """1 for the filled slots (int8, length ``size``)."""
        mask = np.zeros(self.size, dtype=np.int8)
        mask[: len(self.entries)] = 1
        return mask

    def apply(self, slot: int) -> MenuEdit:
        """Apply entry ``slot`` (0-based): the program and the pending edits advance; returns the entry."""
        if not 0 <= slot < len(self.entries):
            raise ActionError(f"menu slot {slot} is empty; the menu has {len(self.entries)} entries")
        entry = self.entries[slot]
        self.pending = self._advance(entry)
        self.source = entry.result
        return entry

    def _advance(self, entry: MenuEdit) -> tuple[Edit, ...]:
        try:
            pending = pending_after(self.pending, self.source, entry.pending or entry.edit)
            if not self.reference or apply_edits(entry.result, pending) == self.reference:
                return pending
        except (ActionError, ConfigError, ValueError):
            pass
        return tuple(toward_reference(entry.result, self.reference, self.hints)) if self.reference else ()

    def toward_indices(self) -> list[int]:
        """0-based slots whose edit moves the program toward the reference (ground truth; not observed)."""
        return [i for i, entry in enumerate(self.entries) if entry.toward]

    def describe(self) -> list[str]:
        """One line per entry: what the edit does."""
        return [entry.edit.describe() for entry in self.entries]
