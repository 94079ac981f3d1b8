"""Reading the audit trail in tests."""

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db


def events(action=None):
    """Audit rows (of `action`), oldest first, as the requests committed them."""
    db.session.expire_all()
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt))


def add_event(school, action="case.view", object_type="cases", object_id=1, user=None, at=None):
    """An audit row written directly (for paging and filter tests)."""
    row = AuditEvent(
        school_id=school.id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        user_id=user.id if user is not None else None,
    )
    if at is not None:
        row.at = at
    db.session.add(row)
    db.session.flush()
    return row
