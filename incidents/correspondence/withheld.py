"""What a person-file export leaves out for the user who makes it, counted by kind.

An export made by a care coordinator cannot show the records only a director may read
(personnel records: filed for a staff member too, or about a staff member's sanction), and a
mentor would miss the cases they do not see. Nothing may be left out silently: the export's
first page lists these counts and why, and an access request is answered only with an export
that left out nothing for the user's role.
"""

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, func, not_, or_, select

from incidents.auth.models import User
from incidents.cases.access import visibility_clause
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.correspondence.access import readable_clause
from incidents.correspondence.models import Correspondence, Filing
from incidents.extensions import db
from incidents.people.models import Person

# Timeline notes of these steps are left out of every export (they name other people and carry
# the school's deliberations); export.py leaves them out, this module counts them.
STEP_NOTE_PREFIXES = ("sanction.", "police.")


@dataclass(frozen=True)
class LeftOut:
    records: dict[str, int] = field(default_factory=dict)  # correspondence kind -> count (role)
    hidden_cases: int = 0  # cases about the person this user does not see
    step_notes: int = 0  # notes of sanction and police steps, left out for everyone

    @property
    def complete(self) -> bool:
        """Nothing was left out because of the user's role."""
        return not self.records and not self.hidden_cases

    @property
    def record_count(self) -> int:
        return sum(self.records.values())


def _unreadable_records(person: Person, user: User, school_id: int, role: str | None) -> dict[str, int]:
    readable = and_(visibility_clause(user, school_id, role), readable_clause(role))
    rows = db.session.execute(
        select(Correspondence.kind, func.count(Correspondence.id.distinct()))
        .join(Filing, Filing.correspondence_id == Correspondence.id)
        .join(Case, Case.id == Correspondence.case_id)
        .where(Filing.person_id == person.id, Correspondence.school_id == school_id, not_(readable))
        .group_by(Correspondence.kind)
    ).all()
    return {str(kind): int(n) for kind, n in sorted(rows)}


def _person_cases(person: Person) -> ColumnElement[bool]:
    filed = select(Correspondence.case_id).join(Filing).where(Filing.person_id == person.id)
    involved = select(Involvement.case_id).where(Involvement.person_id == person.id)
    return or_(Case.id.in_(involved), Case.id.in_(filed))


def left_out(person: Person, user: User, school_id: int, role: str | None) -> LeftOut:
    """What an export of `person`'s file by `user` (with `role` at `school_id`) leaves out."""
    about = and_(Case.school_id == school_id, _person_cases(person))
    hidden = db.session.scalar(select(func.count(Case.id)).where(about, not_(visibility_clause(user, school_id, role))))
    notes = db.session.scalar(
        select(func.count(CaseEvent.id))
        .join(Case, Case.id == CaseEvent.case_id)
        .where(
            about,
            visibility_clause(user, school_id, role),
            or_(*(CaseEvent.kind.startswith(prefix) for prefix in STEP_NOTE_PREFIXES)),
            CaseEvent.note.is_not(None),
            CaseEvent.note != "",
        )
    )
    return LeftOut(_unreadable_records(person, user, school_id, role), hidden or 0, notes or 0)
