"""The case list: filters and keyset paging (newest first) that stay fast at scale."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from incidents.cases.access import visibility_clause
from incidents.cases.models import Case, Involvement
from incidents.extensions import db
from incidents.people.models import Person

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class CaseFilters:
    state: str | None = None
    category: str | None = None
    group_id: int | None = None
    person_id: int | None = None


def encode_cursor(case):
    micros = (case.reported_at - EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{case.id}"


def decode_cursor(cursor):
    """Parse a cursor; a malformed one means 'first page'."""
    try:
        micros, case_id = (int(part) for part in cursor.split("-", 1))
        if not 0 < case_id <= 2**31 - 1:  # ids are INTEGER; a larger bound value fails in the database
            return None
        return EPOCH + timedelta(microseconds=micros), case_id
    except (AttributeError, ValueError, OverflowError, OSError):
        return None


def case_page(user, school_id, role, filters, cursor=None, per_page=25):
    """One page of visible cases and the cursor of the next page (or None)."""
    stmt = select(Case).where(visibility_clause(user, school_id, role))
    if filters.state:
        stmt = stmt.where(Case.state == filters.state)
    if filters.category:
        stmt = stmt.where(Case.category == filters.category)
    if filters.person_id:
        # Driven by the person's own involvements, not by a walk over the school's cases.
        stmt = stmt.where(Case.id.in_(select(Involvement.case_id).where(Involvement.person_id == filters.person_id)))
    if filters.group_id:
        stmt = stmt.where(
            exists().where(
                Involvement.case_id == Case.id,
                Involvement.person_id == Person.id,
                Person.group_id == filters.group_id,
            )
        )
    position = decode_cursor(cursor) if cursor else None
    if position:
        at, case_id = position
        stmt = stmt.where(or_(Case.reported_at < at, and_(Case.reported_at == at, Case.id < case_id)))
    stmt = (
        stmt.order_by(Case.reported_at.desc(), Case.id.desc())
        .limit(per_page + 1)
        .options(
            joinedload(Case.handler),
            selectinload(Case.involvements).joinedload(Involvement.person),
        )
    )
    rows = db.session.scalars(stmt).unique().all()
    next_cursor = encode_cursor(rows[per_page - 1]) if len(rows) > per_page else None
    return rows[:per_page], next_cursor
