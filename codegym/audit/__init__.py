"""Red-team audit: known reward-hacking submissions must score like honest wrong answers."""

from codegym.audit.corpus import FAMILIES, NEW_FAMILIES, Hack, hacks_for
from codegym.audit.runner import AuditRow, run_audit

__all__ = ["FAMILIES", "NEW_FAMILIES", "AuditRow", "Hack", "hacks_for", "run_audit"]
