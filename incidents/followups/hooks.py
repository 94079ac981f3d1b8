"""What a feature does once one of its follow-ups is done, registered by follow-up kind.

Follow-ups stay generic (they import no feature above them); a feature registers a hook at
start-up, e.g. notices, whose letters count as posted once the task to post them is done.
A hook runs in the caller's transaction, right after the follow-up is marked done.
"""

from collections.abc import Callable

from incidents.followups.models import Followup

Hook = Callable[[Followup], object]

_on_done: dict[str, Hook] = {}


def on_done(kind: str) -> Callable[[Hook], Hook]:
    """Decorator: call `fn(followup)` when a follow-up of `kind` is marked done."""

    def register(fn: Hook) -> Hook:
        _on_done[kind] = fn
        return fn

    return register


def followup_done(item: Followup) -> None:
    hook = _on_done.get(item.kind)
    if hook is not None:
        hook(item)
