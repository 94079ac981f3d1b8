"""Which people are due, and what deleting them takes with it (read-only queries)."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import QueryableAttribute

from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.correspondence.models import Attachment, Correspondence, Filing, ParentContactWaiver
from incidents.evidence.models import Evidence
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Guardianship, Person
from incidents.police.models import PoliceReport
from incidents.retention.rules import cases_left_empty, due_since, is_due, only_concerns_leavers, parent_is_due
from incidents.sanctions.models import Sanction
from incidents.schools.models import School

PERSON_COUNTS = ("involvements", "filings", "correspondence", "sanctions", "waivers", "outbox")
CASE_COUNTS = ("evidence", "correspondence", "sanctions", "police_reports", "followups", "timeline", "outbox")


@dataclass
class PersonPlan:
    person_id: int
    school_id: int
    kind: str
    number: str | None
    left_on: date | None
    due_since: date
    counts: dict[str, int] = field(default_factory=dict)
    cases_deleted: list[str] = field(default_factory=list)  # references

    def summary(self) -> str:
        """What goes with this person, by type and count: identifiers only, never names or content."""
        what = f"person {self.person_id} ({self.kind}, number {self.number or '-'})"
        counts = ", ".join(f"{self.counts.get(k, 0)} {k}" for k in PERSON_COUNTS)
        cases = f"; cases deleted: {', '.join(self.cases_deleted)}" if self.cases_deleted else ""
        return f"{what}: {counts}{cases}"


@dataclass
class CasePlan:
    case_id: int
    school_id: int
    reference: str
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{self.counts.get(k, 0)} {k}" for k in CASE_COUNTS)
        return f"case {self.case_id} ({self.reference}): {counts}"


@dataclass
class SchoolPlan:
    school_id: int
    people: list[PersonPlan]
    cases: list[CasePlan]
    correspondence_ids: set[int]  # in cases that stay, concerning only leavers (or notices about them)
    shas: set[str]  # stored files referenced by rows that go
    outbox_ids: set[int] = field(default_factory=set)  # e-mails to leavers or notices about them

    @property
    def person_ids(self) -> set[int]:
        return {p.person_id for p in self.people}

    @property
    def case_ids(self) -> set[int]:
        return {c.case_id for c in self.cases}


def due_people(school: School, today: date) -> list[tuple[Person, date]]:
    """(person, due since) for the school's leavers whose retention has passed, parents included."""
    years = school.retention_years
    leavers = db.session.scalars(
        select(Person)
        .where(
            Person.school_id == school.id,
            Person.left_on.is_not(None),
            Person.left_on <= today,
            Person.kind.in_(("pupil", "staff")),
        )
        .order_by(Person.id)
    ).all()
    # `is_due` holds, so `due_since` is a date (mypy cannot see that).
    due = {p.id: (p, cast(date, due_since(p.left_on, years))) for p in leavers if is_due(p.left_on, years, today)}
    # Parents: their children all go (or they have none and left themselves).
    parents = db.session.scalars(
        select(Person).where(Person.school_id == school.id, Person.kind == "parent").order_by(Person.id)
    ).all()
    children: defaultdict[int, list[int]] = defaultdict(list)
    for parent_id, pupil_id in db.session.execute(
        select(Guardianship.parent_id, Guardianship.pupil_id)
        .join(Person, Person.id == Guardianship.parent_id)
        .where(Person.school_id == school.id)
    ):
        children[parent_id].append(pupil_id)
    for parent in parents:
        kids = children.get(parent.id, [])
        if parent_is_due([k in due for k in kids], is_due(parent.left_on, years, today)):
            # Without children a parent is due on their own leaving day, which is then set.
            since = max((due[k][1] for k in kids), default=cast(date, due_since(parent.left_on, years)))
            due[parent.id] = (parent, since)
    return [due[pid] for pid in sorted(due)]


def _grouped(
    column: QueryableAttribute[int | None], ids: Collection[int], key: QueryableAttribute[int | None] | None = None
) -> dict[int, int]:
    """{key: count} of rows whose `column` is in ids."""
    if not ids:
        return {}
    key = key if key is not None else column
    rows = db.session.execute(select(key, func.count()).where(column.in_(ids)).group_by(key)).tuples()
    return cast("dict[int, int]", dict(rows.all()))  # the rows are IN `ids`: no NULL key by default


def plan_school(school: School, today: date) -> SchoolPlan:
    """What retention deletes in `school` as of `today`: the due people, the cases left without anyone,
    and the correspondence, e-mails and stored files that go with them."""
    due = due_people(school, today)
    leaving = {person.id for person, _ in due}
    involved = _involved_with(leaving)
    doomed_cases = cases_left_empty(involved, leaving)
    filed_for = _filed_for(leaving, doomed_cases)
    doomed_records = only_concerns_leavers(filed_for, leaving)
    outbox_concerns, notice_records = _outbox_and_notice_records(leaving, doomed_cases)
    for record_id in notice_records - doomed_records:
        filed_for.setdefault(record_id, set())
    doomed_records |= notice_records

    cases = _case_plans(doomed_cases)
    references = {c.case_id: c.reference for c in cases}
    counts = _person_counts(leaving, {r: filed_for[r] for r in doomed_records}, outbox_concerns)
    cases_deleted = _cases_deleted_by_person(involved, doomed_cases, references)
    people = []
    for person, since in due:
        plan = PersonPlan(person.id, school.id, person.kind, person.external_number, person.left_on, since)
        plan.counts = {name: by_person.get(person.id, 0) for name, by_person in counts.items()}
        plan.cases_deleted = cases_deleted.get(person.id, [])
        people.append(plan)
    return SchoolPlan(
        school.id, people, cases, doomed_records, _shas(doomed_cases, doomed_records), set(outbox_concerns)
    )


def _involved_with(leaving: Collection[int]) -> dict[int, set[int]]:
    """{case id: ids of everyone involved} for the cases in which someone in `leaving` is involved."""
    involved: defaultdict[int, set[int]] = defaultdict(set)
    if not leaving:
        return involved
    touched = select(Involvement.case_id).where(Involvement.person_id.in_(leaving))
    for case_id, person_id in db.session.execute(
        select(Involvement.case_id, Involvement.person_id).where(Involvement.case_id.in_(touched))
    ):
        involved[case_id].add(person_id)
    return involved


def _filed_for(leaving: Collection[int], doomed_cases: Collection[int]) -> dict[int, set[int]]:
    """{correspondence id: people it is filed for} for correspondence filed for someone in `leaving`,
    outside the cases that go whole."""
    filed_for: defaultdict[int, set[int]] = defaultdict(set)
    if not leaving:
        return filed_for
    touched = select(Filing.correspondence_id).where(Filing.person_id.in_(leaving))
    for record_id, person_id, case_id in db.session.execute(
        select(Filing.correspondence_id, Filing.person_id, Correspondence.case_id)
        .join(Correspondence, Correspondence.id == Filing.correspondence_id)
        .where(Filing.correspondence_id.in_(touched))
    ):
        if case_id not in doomed_cases:
            filed_for[record_id].add(person_id)
    return filed_for


def _outbox_and_notice_records(
    leaving: set[int], doomed_cases: Collection[int]
) -> tuple[dict[int, set[int]], set[int]]:
    """The e-mails that go, each with the leaving people it is to or about, and the correspondence that
    notices about leaving pupils produced in cases that stay."""
    # A notice about a leaving pupil goes with the pupil (the notices table cascades), and so do
    # the letters and e-mails it produced, also those to a parent who stays for a sibling.
    # outbox message id -> leaving people it is to or about
    outbox_concerns: defaultdict[int, set[int]] = defaultdict(set)
    notice_records: set[int] = set()
    if not leaving:
        return outbox_concerns, notice_records
    for pupil_id, parent_id, message_id, record_id, case_id in db.session.execute(
        select(
            Notice.pupil_id,
            NoticeRecipient.parent_id,
            NoticeRecipient.outbox_message_id,
            NoticeRecipient.correspondence_id,
            Notice.case_id,
        )
        .join(NoticeRecipient, NoticeRecipient.notice_id == Notice.id)
        .where(Notice.pupil_id.in_(leaving) | NoticeRecipient.parent_id.in_(leaving))
    ):
        if message_id is not None:
            outbox_concerns[message_id] |= {pupil_id, parent_id} & leaving
        if pupil_id in leaving and record_id is not None and case_id not in doomed_cases:
            notice_records.add(record_id)
    for message_id, person_id in db.session.execute(
        select(OutboxMessage.id, OutboxMessage.recipient_person_id).where(
            OutboxMessage.recipient_person_id.in_(leaving)
        )
    ):
        outbox_concerns[message_id].add(cast(int, person_id))  # IN `leaving`: never NULL here
    return outbox_concerns, notice_records


def _person_counts(
    leaving: Collection[int], doomed_filed_for: dict[int, set[int]], outbox_concerns: dict[int, set[int]]
) -> dict[str, dict[int, int]]:
    """{count name: {person id: n}} of what goes with each leaving person, in PERSON_COUNTS' sense.

    `doomed_filed_for`: the correspondence that goes, with the people it is filed for."""
    return {
        "involvements": _grouped(Involvement.person_id, leaving),
        "filings": _grouped(Filing.person_id, leaving),
        "sanctions": _grouped(Sanction.subject_id, leaving),
        "waivers": _grouped(ParentContactWaiver.pupil_id, leaving),
        "correspondence": _tally(doomed_filed_for.values()),
        "outbox": _tally(outbox_concerns.values()),
    }


def _tally(groups: Iterable[set[int]]) -> dict[int, int]:
    """{person id: number of the groups (sets of person ids) they are in}."""
    counts: defaultdict[int, int] = defaultdict(int)
    for person_ids in groups:
        for person_id in person_ids:
            counts[person_id] += 1
    return counts


def _cases_deleted_by_person(
    involved: dict[int, set[int]], doomed_cases: Collection[int], references: dict[int, str]
) -> dict[int, list[str]]:
    """{person id: sorted references of the cases that go and in which they were involved}."""
    by_person: defaultdict[int, list[str]] = defaultdict(list)
    for case_id, person_ids in involved.items():
        if case_id in doomed_cases:
            for person_id in person_ids:
                by_person[person_id].append(references[case_id])
    return {person_id: sorted(refs) for person_id, refs in by_person.items()}


def _case_plans(case_ids: Collection[int]) -> list[CasePlan]:
    if not case_ids:
        return []
    counts = {
        "evidence": _grouped(Evidence.case_id, case_ids),
        "correspondence": _grouped(Correspondence.case_id, case_ids),
        "sanctions": _grouped(Sanction.case_id, case_ids),
        "police_reports": _grouped(PoliceReport.case_id, case_ids),
        "followups": _grouped(Followup.case_id, case_ids),
        "timeline": _grouped(CaseEvent.case_id, case_ids),
        "outbox": _grouped(OutboxMessage.case_id, case_ids),
    }
    plans = []
    for case in db.session.scalars(select(Case).where(Case.id.in_(case_ids)).order_by(Case.id)):
        plans.append(
            CasePlan(case.id, case.school_id, case.reference, {name: counts[name].get(case.id, 0) for name in counts})
        )
    return plans


def _shas(case_ids: Collection[int], record_ids: Collection[int]) -> set[str]:
    """Hashes of stored files referenced by evidence and attachments that go."""
    shas: set[str] = set()
    if case_ids:
        shas |= set(
            db.session.scalars(select(Evidence.sha256).where(Evidence.case_id.in_(case_ids), Evidence.kind == "file"))
        )
        shas |= set(
            db.session.scalars(
                select(Attachment.sha256)
                .join(Correspondence, Correspondence.id == Attachment.correspondence_id)
                .where(Correspondence.case_id.in_(case_ids))
            )
        )
    if record_ids:
        shas |= set(db.session.scalars(select(Attachment.sha256).where(Attachment.correspondence_id.in_(record_ids))))
    return shas
