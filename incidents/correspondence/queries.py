"""A person's file: the correspondence filed for them, limited to the cases the user may see."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from incidents.cases.access import visibility_clause
from incidents.cases.models import Case, Involvement
from incidents.correspondence.access import readable_clause
from incidents.correspondence.models import KINDS, Correspondence, Filing
from incidents.extensions import db
from incidents.people.models import Guardianship, Person


@dataclass(frozen=True)
class FileFilters:
    case_id: int | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    newest_first: bool = False

    @classmethod
    def from_args(cls, args):
        """From GET parameters; anything malformed is ignored rather than an error."""

        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None

        case = args.get("case", "")
        kind = args.get("kind")
        return cls(
            case_id=int(case) if case.isdigit() else None,
            kind=kind if kind in KINDS else None,
            date_from=day("from"),
            date_to=day("to"),
            newest_first=args.get("order") == "desc",
        )

    def audit_detail(self):
        parts = [
            f"case={self.case_id}" if self.case_id else "",
            f"kind={self.kind}" if self.kind else "",
            f"from={self.date_from}" if self.date_from else "",
            f"to={self.date_to}" if self.date_to else "",
        ]
        return ";".join(p for p in parts if p) or None


def _filed_for(person_id, user, school_id, role):
    return (
        select(Correspondence, Case)
        .join(Filing, Filing.correspondence_id == Correspondence.id)
        .join(Case, Case.id == Correspondence.case_id)
        .where(
            Filing.person_id == person_id,
            Correspondence.school_id == school_id,
            visibility_clause(user, school_id, role),
            readable_clause(role),
        )
    )


def file_entries(person, user, school_id, role, filters=FileFilters()):
    """[(Correspondence, Case)] filed for `person` in visible cases, in time order."""
    stmt = _filed_for(person.id, user, school_id, role)
    if filters.case_id:
        stmt = stmt.where(Correspondence.case_id == filters.case_id)
    if filters.kind:
        stmt = stmt.where(Correspondence.kind == filters.kind)
    if filters.date_from:
        stmt = stmt.where(Correspondence.occurred_on >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Correspondence.occurred_on <= filters.date_to)
    order = (Correspondence.occurred_on, Correspondence.id)
    stmt = stmt.order_by(*(c.desc() for c in order) if filters.newest_first else order)
    stmt = stmt.options(
        selectinload(Correspondence.attachments), selectinload(Correspondence.filings).joinedload(Filing.person)
    )
    return db.session.execute(stmt).all()


def file_cases(person, user, school_id, role):
    """Visible cases with something filed for `person`, for the case filter."""
    ids = _filed_for(person.id, user, school_id, role).with_only_columns(Case.id).distinct()
    return db.session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.year, Case.number)).all()


def mentor_may_open(person, user, school_id):
    """A mentor opens the file of their groups' pupils and of those pupils' parents; other
    files only as far as visible cases have filings, which the caller checks."""
    groups = {grp.id for grp in user.mentor_groups}
    if person.kind == "pupil":
        return person.group_id in groups
    if person.kind == "parent":
        child_groups = db.session.scalars(
            select(Person.group_id)
            .join(Guardianship, Guardianship.pupil_id == Person.id)
            .where(Guardianship.parent_id == person.id, Person.school_id == school_id)
        )
        return any(gid in groups for gid in child_groups)
    return False


def has_visible_case(person, user, school_id, role):
    """Whether a case the user may see involves `person` (the person page's rule)."""
    stmt = (
        select(Case.id)
        .join(Involvement, Involvement.case_id == Case.id)
        .where(Involvement.person_id == person.id, visibility_clause(user, school_id, role))
        .limit(1)
    )
    return db.session.scalar(stmt) is not None
