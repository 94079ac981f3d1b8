"""Recording correspondence and filing it in the files of the people it concerns."""

from collections.abc import Collection, Iterable
from datetime import date

from sqlalchemy import select

from incidents.auth.models import User
from incidents.cases.models import Case
from incidents.core import clock
from incidents.core.types import Identified
from incidents.correspondence.models import Attachment, Correspondence, Filing, ParentContactWaiver
from incidents.evidence.storage import StoredFile
from incidents.extensions import db
from incidents.people.models import Person


class NotInCase(ValueError):
    """A person chosen is not involved in the case (nor a parent of someone who is)."""


def people_of_case(case: Case) -> dict[int, Person]:
    """People a record of this case may be filed for: those involved and their parents."""
    people: dict[int, Person] = {}
    for involvement in case.involvements:
        person = involvement.person
        people[person.id] = person
        for parent in person.parents:
            people[parent.id] = parent
    return people


def record_correspondence(
    case: Case,
    user: User,
    *,
    kind: str,
    direction: str,
    occurred_on: date,
    subject: str,
    body: str | None = None,
    sender: str | None = None,
    recipient: str | None = None,
    concerns: Collection[int] = (),
    purpose: str = "general",
    sanction: Identified | None = None,
    hearing_party: str | None = None,
    attachments: Iterable[tuple[StoredFile, str]] = (),
    pending_dispatch: bool = False,
) -> Correspondence:
    """`attachments`: (StoredFile, file name) pairs already in the file store. `pending_dispatch`:
    an outgoing notice filed before it has left (see notices/delivered.py)."""
    allowed = people_of_case(case)
    unknown = [pid for pid in concerns if pid not in allowed]
    if unknown:
        raise NotInCase(unknown)
    record = Correspondence(
        school_id=case.school_id,
        case_id=case.id,
        sanction_id=sanction.id if sanction else None,
        kind=kind,
        direction=direction,
        purpose=purpose,
        hearing_party=hearing_party,
        occurred_on=occurred_on,
        sender=sender,
        recipient=recipient,
        subject=subject,
        body=body,
        created_by_id=user.id,
        pending_dispatch=pending_dispatch,
    )
    record.filings = [Filing(person_id=pid) for pid in dict.fromkeys(concerns)]
    record.attachments = [
        Attachment(sha256=f.sha256, size=f.size, content_type=f.content_type, filename=name) for f, name in attachments
    ]
    db.session.add(record)
    # The timeline is read by everyone who sees the case; the subject of a sanction or
    # personnel record is not (see correspondence/access.py), so it stays out of the note.
    staff_ids = {i.person_id for i in case.involvements if i.person.kind == "staff"}
    restricted = sanction is not None or bool(staff_ids & set(concerns))
    case.log(
        f"correspondence.{purpose}",
        user,
        None if restricted else subject,
        action="correspondence.create",
        record=record,
    )
    return record


def record_parent_contact(
    case: Case,
    user: User,
    pupil: Person,
    *,
    kind: str,
    occurred_on: date,
    note: str | None,
    attachments: Iterable[tuple[StoredFile, str]] = (),
) -> Correspondence:
    """Parents of `pupil` informed: correspondence filed in the pupil's file."""
    names = ", ".join(p.full_name for p in pupil.parents) or None
    return record_correspondence(
        case,
        user,
        kind=kind,
        direction="out",
        occurred_on=occurred_on,
        subject=f"Ouders van {pupil.full_name} geïnformeerd",
        body=note,
        recipient=names,
        concerns=[pupil.id],
        purpose="parent_contact",
        attachments=attachments,
    )


def waive_parent_contact(case: Case, user: User, pupil: Person, reason: str) -> ParentContactWaiver:
    """Record why the parents of `pupil` are not informed (e.g. it would endanger the child)."""
    waiver = db.session.scalar(
        select(ParentContactWaiver).where(
            ParentContactWaiver.case_id == case.id, ParentContactWaiver.pupil_id == pupil.id
        )
    )
    if waiver is None:
        waiver = ParentContactWaiver(case_id=case.id, pupil_id=pupil.id, reason=reason, recorded_by_id=user.id)
        db.session.add(waiver)
    else:  # a second reason replaces the first; the timeline keeps both
        waiver.reason, waiver.recorded_by_id, waiver.recorded_at = reason, user.id, clock.utc_now()
    db.session.flush()
    case.log("parent_contact.waived", user, reason, action="parent_contact.waive", record=waiver)
    return waiver
