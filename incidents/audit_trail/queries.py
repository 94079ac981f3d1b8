"""Reading a school's audit trail: filters and keyset pages, newest first.

Pages are cut by keyset (`id < the last id seen`, ORDER BY id DESC), never OFFSET, on the
(school_id, id) index, so page 1000 costs what page 1 costs (bench/bench_audit_trail.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, or_, select

from incidents.audit.models import AuditEvent
from incidents.auth.models import Membership, User
from incidents.cases.models import Case
from incidents.extensions import db


@dataclass(frozen=True)
class TrailFilters:
    person_id: int | None = None
    case_id: int | None = None
    user_id: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None

    def audit_detail(self) -> str:
        """The filters as codes and ids for the export's own audit row (no names, no search text)."""
        parts = [f"{name}={value}" for name, value in vars(self).items() if value is not None]
        return ";".join(parts) or "all"


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filtered(school_id: int, filters: TrailFilters) -> Select[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.school_id == school_id)
    if filters.person_id is not None:
        stmt = stmt.where(AuditEvent.object_type == "people", AuditEvent.object_id == filters.person_id)
    if filters.case_id is not None:
        stmt = stmt.where(AuditEvent.object_type == "cases", AuditEvent.object_id == filters.case_id)
    if filters.user_id is not None:
        # The actor, or the account an event is about (a failed sign-in, a role granted to it).
        about_account = and_(AuditEvent.object_type == "users", AuditEvent.object_id == filters.user_id)
        stmt = stmt.where(or_(AuditEvent.user_id == filters.user_id, about_account))
    if filters.kind is not None:
        stmt = stmt.where(AuditEvent.action == filters.kind)
    if filters.since is not None:
        stmt = stmt.where(AuditEvent.at >= _start_of(filters.since))
    if filters.until is not None:
        stmt = stmt.where(AuditEvent.at < _start_of(filters.until + timedelta(days=1)))
    return stmt


def trail_page(
    school_id: int, filters: TrailFilters, before: int | None, per_page: int
) -> tuple[list[AuditEvent], int | None]:
    """One page of events older than `before` (the newest first without it), and the cursor of
    the next page (None on the last)."""
    stmt = _filtered(school_id, filters)
    if before is not None:
        stmt = stmt.where(AuditEvent.id < before)
    rows = list(db.session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(per_page + 1)))
    if len(rows) > per_page:
        return rows[:per_page], rows[per_page - 1].id
    return rows, None


def trail_for_export(school_id: int, filters: TrailFilters, batch: int = 1000) -> Iterator[AuditEvent]:
    """Every matching event, newest first, read in keyset batches (an export of a large trail
    does not hold it in memory)."""
    before: int | None = None
    while True:
        rows, before = trail_page(school_id, filters, before, batch)
        yield from rows
        for row in rows:
            db.session.expunge(row)
        if before is None:
            return


def case_id_for(school_id: int, reference: str) -> int | None:
    """The id of the school's case with this reference (e.g. 2026-0042), or None."""
    year, _, number = reference.strip().partition("-")
    if not (year.isdigit() and number.isdigit()):
        return None
    stmt = select(Case.id).where(Case.school_id == school_id, Case.year == int(year), Case.number == int(number))
    return db.session.scalar(stmt)


def user_names(user_ids: set[int]) -> dict[int, str]:
    """Names of the users a page mentions, in one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).tuples()
    return dict(rows.all())


def school_members(school_id: int) -> list[tuple[int, str]]:
    """(id, name) of every account with a membership at the school, for the user filter."""
    stmt = (
        select(User.id, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.school_id == school_id)
        .order_by(User.name, User.id)
    )
    return list(db.session.execute(stmt).tuples())
