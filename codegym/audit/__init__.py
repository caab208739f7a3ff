"""Red-team audit: known reward-hacking submissions must score like honest wrong answers."""

from codegym.audit.corpus import FAMILIES, Hack, hacks_for
from codegym.audit.runner import AuditRow, run_audit

__all__ = ["FAMILIES", "AuditRow", "Hack", "hacks_for", "run_audit"]
