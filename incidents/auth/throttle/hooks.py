"""What happens when an account has failed to sign in many times, registered by a higher feature
(accounts mails the holder through the outbox, which auth may not import)."""

from collections.abc import Callable

from incidents.auth.models import User

Listener = Callable[[User, int], None]
_listeners: list[Listener] = []


def on_repeated_failures(fn: Listener) -> Listener:
    """Decorator: call `fn(user, failures)` once per burst of failed sign-ins of an existing account."""
    _listeners.append(fn)
    return fn


def repeated_failures(user: User, failures: int) -> None:
    for listener in _listeners:
        listener(user, failures)
