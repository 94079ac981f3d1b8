"""What a feature does once one of its messages is sent, registered by message kind.

The outbox stays generic (it imports no feature); a feature registers a hook at start-up,
e.g. notices, whose filed correspondence counts as parent contact only once it has left.
A hook runs in a savepoint of the delivery's transaction, right after the row is marked
sent; if it fails, the sent mark still commits (the mail has left) and the failure is
logged. It gets ids only and must stay cheap (bulk UPDATEs).
"""

_on_sent = {}


def on_sent(kind):
    """Decorator: call `fn(message_id, sent_at)` when a message of `kind` is sent."""

    def register(fn):
        _on_sent[kind] = fn
        return fn

    return register


def message_sent(kind, message_id, sent_at):
    hook = _on_sent.get(kind)
    if hook is not None:
        hook(message_id, sent_at)
