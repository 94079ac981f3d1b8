"""Workflow layer of Meldpunt: declared state machines plus the protocol rules.

Pure Python: no Flask, SQLAlchemy or `incidents` imports. Callers build a facts
dataclass from the database, call `available(...)` to render buttons and `fire(...)` to
move a record, then persist the returned `Outcome` in the same transaction.
"""

from .effects import FollowupSpec, NoticeSpec, Option, Outcome
from .errors import TransitionRefused

__all__ = ["FollowupSpec", "NoticeSpec", "Option", "Outcome", "TransitionRefused"]
