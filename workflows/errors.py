"""Exceptions raised by the workflows."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


class TransitionRefused(Exception):
    """An event may not be fired now.

    ``reasons`` are stable codes the web layer translates. ``role_not_allowed``
    maps to HTTP 403, everything else (``invalid_state`` and rule codes) to 409.
    ``details`` maps a reason code to structured parameters for the message.
    """

    def __init__(self, event: str, reasons: tuple[str, ...], details: Mapping[str, Mapping[str, Any]] | None = None):
        self.event = event
        self.reasons = tuple(reasons)
        self.details = MappingProxyType(dict(details or {}))
        super().__init__(f"{event}: {', '.join(self.reasons)}")

    @property
    def forbidden(self) -> bool:
        """True when the role may never fire this event (HTTP 403 rather than 409)."""
        return "role_not_allowed" in self.reasons
