"""Who may read a correspondence record, beyond seeing its case.

A record filed in a staff member's file, or about a staff member's sanction (hearing
reports, reprimand or dismissal letters), belongs to the personnel file: directors only.
Other sanction records (hearing reports, decision letters for a pupil) are for the care
coordinator and the director, as the sanction pages are. Everything else follows the case.
"""

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, not_, select, true

from incidents.auth.policy import MANAGERS
from incidents.cases.models import Case
from incidents.correspondence.models import Correspondence, Filing
from incidents.people.models import Person


def _is_personnel(record: Correspondence, staff_sanction_ids: set[int]) -> bool:
    return record.sanction_id in staff_sanction_ids or any(filing.person.kind == "staff" for filing in record.filings)


def may_read(record: Correspondence, role: str | None, staff_sanction_ids: set[int]) -> bool:
    """`staff_sanction_ids`: ids of the case's sanctions whose subject is a staff member."""
    if role == "director":
        return True
    if _is_personnel(record, staff_sanction_ids):
        return False
    return record.sanction_id is None or role in MANAGERS


def staff_sanction_ids(case: Case) -> set[int]:
    return {s.id for s in case.sanctions if s.subject.kind == "staff"}


def readable_correspondence(case: Case, role: str | None) -> list[Correspondence]:
    """The case's records this role may read (uses the case's loaded relations)."""
    staff_ids = staff_sanction_ids(case)
    return [record for record in case.correspondence if may_read(record, role, staff_ids)]


def _sanction_model() -> Any:
    """The sanction class, through the relationship: sanctions file records here, so
    correspondence does not import them back."""
    return Correspondence.sanction.property.mapper.class_


def readable_clause(role: str | None) -> ColumnElement[bool]:
    """The same rule as SQL, for queries over many cases (personal files)."""
    if role == "director":
        return true()
    personnel = exists(
        select(Filing.id)
        .join(Person, Person.id == Filing.person_id)
        .where(Filing.correspondence_id == Correspondence.id, Person.kind == "staff")
    ) | Correspondence.sanction.has(_sanction_model().subject.has(Person.kind == "staff"))
    if role in MANAGERS:
        return not_(personnel)
    if role is None:
        return false()
    return and_(not_(personnel), Correspondence.sanction_id.is_(None))
