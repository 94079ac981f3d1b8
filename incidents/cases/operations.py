"""Use cases on cases. Operations flush, never commit: the request commits once."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from incidents.audit.record import audit
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.cases.numbering import next_case_number
from incidents.core import clock
from incidents.core.clock import SCHOOL_TZ
from incidents.evidence.models import Evidence
from incidents.evidence.storage import StoredFile
from incidents.extensions import db
from incidents.people.models import Person


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


def involvable_people(school_id, person_ids):
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


def report_case(school, user, data: NewCase):
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
    for stored, name in data.files:
        case.evidence.append(
            Evidence(
                school_id=school.id,
                kind="file",
                sha256=stored.sha256,
                size=stored.size,
                content_type=stored.content_type,
                original_name=name[:255],
                platform=data.platform,
                captured_at=data.captured_at,
                added_by_id=user.id,
                added_at=now,
            )
        )
    for url in data.links:
        case.evidence.append(
            Evidence(
                school_id=school.id,
                kind="link",
                url=url,
                platform=data.platform,
                captured_at=data.captured_at,
                added_by_id=user.id,
                added_at=now,
            )
        )
    case.events.append(CaseEvent(at=now, actor_id=user.id, kind="reported"))
    db.session.add(case)
    db.session.flush()
    audit("case.report", case)
    return case
