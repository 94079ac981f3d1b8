"""Use cases on cases. Operations flush, never commit: the request commits once."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from incidents.auth.models import User
from incidents.cases.models import Case, Involvement
from incidents.cases.numbering import next_case_number
from incidents.core import clock
from incidents.core.clock import SCHOOL_TZ
from incidents.evidence.operations import NewEvidence, evidence_rows
from incidents.evidence.storage import StoredFile
from incidents.extensions import db
from incidents.people.models import Person
from incidents.schools.models import School


class UnknownPeople(ValueError):
    """Some chosen people are not pupils or staff of this school."""


@dataclass
class NewCase:
    category: str
    platform: str
    occurred_at: datetime  # aware
    severity: str
    description: str
    involved: list[tuple[int, str]]  # (person_id, role)
    files: list[tuple[StoredFile, str]] = field(default_factory=list)  # (stored, original name)
    links: list[str] = field(default_factory=list)
    captured_at: datetime | None = None
    source_url: str | None = None  # where the files were found


def involvable_people(school_id: int, person_ids: Collection[int]) -> dict[int, Person]:
    """Pupils and staff of the school among `person_ids`, by id."""
    if not person_ids:
        return {}
    rows = db.session.scalars(
        select(Person).where(
            Person.id.in_(person_ids),
            Person.school_id == school_id,
            Person.kind.in_(("pupil", "staff")),
        )
    )
    return {p.id: p for p in rows}


def report_case(school: School, user: User, data: NewCase) -> Case:
    """Register a new incident with its people and evidence, and number it."""
    people = involvable_people(school.id, {pid for pid, _ in data.involved})
    unknown = {pid for pid, _ in data.involved} - set(people)
    if unknown:
        raise UnknownPeople(sorted(unknown))
    now = clock.utc_now()
    year = now.astimezone(SCHOOL_TZ).year
    case = Case(
        school_id=school.id,
        year=year,
        number=next_case_number(school.id, year),
        category=data.category,
        platform=data.platform,
        occurred_at=data.occurred_at,
        reported_at=now,
        description=data.description,
        severity=data.severity,
        state="reported",
        escalation_level=0,
        reported_by_id=user.id,
    )
    case.involvements = [Involvement(person_id=pid, role=role) for pid, role in data.involved]
    case.evidence = evidence_rows(
        school.id,
        user,
        NewEvidence(
            platform=data.platform,
            captured_at=data.captured_at,
            source_url=data.source_url,
            files=data.files,
            links=data.links,
        ),
        now,
    )
    db.session.add(case)
    db.session.flush()
    case.log("reported", user, action="case.report")
    return case
