"""Correspondence helpers: record through the operation, read the audit trail."""

from datetime import date

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db


def record(case, user, concerns, **fields):
    """Record correspondence through the operation, committed."""
    from incidents.correspondence.operations import record_correspondence

    defaults = dict(kind="letter", direction="out", occurred_on=date(2026, 11, 2), subject="Brief")
    defaults.update(fields)
    item = record_correspondence(case, user, concerns=[p.id for p in concerns], **defaults)
    db.session.commit()
    return item


def audits(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()
