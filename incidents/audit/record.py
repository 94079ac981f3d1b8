"""Writing audit events inside the current transaction."""

from typing import Protocol

from flask import g, has_app_context, has_request_context
from flask_login import current_user

from incidents.audit.models import AuditEvent
from incidents.extensions import db

# Pass as `user` for what the system does on its own (a sanction becoming final), so the
# entry is not attributed to whoever happened to be viewing the page.
SYSTEM = object()
_CURRENT = object()


class Audited(Protocol):
    """A model row an audit event is about: its table and id (a `school_id` is read if it has one)."""

    __tablename__: str

    @property
    def id(self) -> int | None: ...


def audit(
    action: str,
    obj: Audited | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: str | None = None,
    school_id: int | None = None,
    user: object = _CURRENT,
) -> None:
    """Add an audit event to the session; it commits with the request's transaction.

    user: the acting user (an `auth.models.User`); by default the signed-in user; SYSTEM (or None)
    for the system."""
    if user is _CURRENT:
        user = current_user if has_request_context() and current_user.is_authenticated else None
    elif user is SYSTEM:
        user = None
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = obj.id
        school_id = school_id or getattr(obj, "school_id", None)
    if school_id is None:
        school = g.get("school") if has_app_context() else None
        school_id = school.id if school is not None else None
    db.session.add(
        AuditEvent(
            user_id=user.id if user is not None else None,
            school_id=school_id,
            action=action,
            object_type=object_type or "-",
            object_id=object_id,
            detail=detail,
        )
    )
