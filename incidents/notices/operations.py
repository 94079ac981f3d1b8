"""Composing and sending notices to parents, in the caller's transaction."""

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from flask import render_template
from sqlalchemy import select

from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.cases.models import Case
from incidents.core import clock
from incidents.core.links import public_url_for
from incidents.core.pdf import render_pdf
from incidents.correspondence.models import Attachment
from incidents.correspondence.operations import record_correspondence
from incidents.evidence.storage import StoredFile, store_stream
from incidents.extensions import db
from incidents.followups.operations import add_followup
from incidents.notices import template
from incidents.notices.delivered import LETTER_TASK
from incidents.notices.models import Notice, NoticeRecipient
from incidents.notices.tokens import make_token, max_age
from incidents.outbox.enqueue import enqueue
from incidents.people.models import Person


class NamesOtherPupil(ValueError):
    """A notice mentions another pupil of the case; `problems` maps pupil id -> field -> names."""

    def __init__(self, problems: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(sorted(problems))
        self.problems = problems


@dataclass
class Draft:
    pupil: Person
    subject: str
    body: str


def notice_pupils(case: Case) -> list[Person]:
    """Involved pupils with at least one parent whose parents may be informed (no waiver)."""
    waived = {w.pupil_id for w in case.parent_contact_waivers}
    pupils: dict[int, Person] = {}
    for involvement in case.involvements:
        person = involvement.person
        if person.kind == "pupil" and person.parents and person.id not in waived:
            pupils.setdefault(person.id, person)
    return list(pupils.values())


def default_drafts(
    case: Case, pupils: Iterable[Person], next_followup_on: date | None, contact_person: str
) -> list[Draft]:
    subject = template.notice_subject(case.school)
    return [Draft(p, subject, template.notice_body(case, p, next_followup_on, contact_person)) for p in pupils]


def _other_names(case: Case, pupil: Person) -> set[str]:
    """First and last names of the other pupils of the case, minus the pupil's own (siblings)."""
    own = {pupil.first_name.strip().lower(), pupil.last_name.strip().lower()}
    names: set[str] = set()
    for involvement in case.involvements:
        other = involvement.person
        if other.kind == "pupil" and other.id != pupil.id:
            names.update(n.strip() for n in (other.first_name, other.last_name) if n.strip().lower() not in own)
    return {n for n in names if n}


def names_in(text: str | None, names: Iterable[str]) -> list[str]:
    """The names that occur in `text` as a whole word, case-insensitively."""
    return sorted(n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text or "", re.IGNORECASE))


def check_drafts(case: Case, drafts: Iterable[Draft]) -> None:
    problems: dict[int, dict[str, list[str]]] = {}
    for draft in drafts:
        names = _other_names(case, draft.pupil)
        found = {field: names_in(getattr(draft, field), names) for field in ("subject", "body")}
        found = {field: hits for field, hits in found.items() if hits}
        if found:
            problems[draft.pupil.id] = found
    if problems:
        raise NamesOtherPupil(problems)


def _letter_pdf(notice: Notice, parent: Person) -> StoredFile:
    html = render_template(
        "notices/letter.html",
        notice=notice,
        parent=parent,
        school=notice.school,
        date_text=template.long_date(clock.today()),
    )
    pdf = render_pdf(html)
    return store_stream(BytesIO(pdf), len(pdf) + 1, allowed={"application/pdf"})


def issue_notice(
    case: Case,
    user: User,
    pupil: Person,
    *,
    subject: str,
    body: str,
    kind: str = "manual",
    next_followup_on: date | None = None,
    contact_person: str | None = None,
    send_at: datetime | None = None,
    key_for: Callable[[Person], str] | None = None,
    compose_token: str | None = None,
) -> Notice:
    """One notice about `pupil` to each of their parents: an e-mail through the outbox (due at
    `send_at`) or a PDF letter, each filed as correspondence for the pupil and the parent.

    The correspondence is filed now but pending: it counts as the parents having been informed
    only once the e-mail is sent or the letter posted (the task added here is done), see
    notices/delivered.py."""
    send_at = send_at or clock.utc_now()
    sent_on = send_at.astimezone(clock.SCHOOL_TZ).date()
    notice = Notice(
        school_id=case.school_id,
        case_id=case.id,
        pupil_id=pupil.id,
        kind=kind,
        subject=subject,
        body=body,
        next_followup_on=next_followup_on,
        contact_person=contact_person,
        send_at=send_at,
        created_by_id=user.id,
        compose_token=compose_token,
    )
    notice.school = case.school
    for parent in pupil.parents:
        notice.recipients.append(
            NoticeRecipient(parent=parent, channel="email" if parent.email else "letter", nonce=secrets.token_hex(16))
        )
    if any(r.channel == "letter" for r in notice.recipients):
        notice.letter_task = add_followup(case, LETTER_TASK, sent_on, "coordinator")
    db.session.add(notice)
    db.session.flush()
    for recipient in notice.recipients:
        parent = recipient.parent
        record = record_correspondence(
            case,
            user,
            kind=recipient.channel,
            direction="out",
            occurred_on=sent_on,
            subject=subject,
            body=body,
            sender=contact_person,
            recipient=parent.full_name,
            concerns=[pupil.id, parent.id],
            pending_dispatch=True,
        )
        recipient.correspondence_id = record.id
        if recipient.channel == "email":
            assert parent.email  # the channel is "email" only for a parent with an address, see above
            key = key_for(parent) if key_for else f"notice:{notice.id}:{parent.id}"
            link = public_url_for("notices.public_notice", token=make_token(recipient, send_at))
            message = enqueue(
                school_id=case.school_id,
                key=key,
                kind="notice",
                to_address=parent.email,
                to_name=parent.full_name,
                subject=subject,
                body_text=template.email_text(body, link, max_age().days),
                case_id=case.id,
                recipient_person_id=parent.id,
                due_at=send_at,
            )
            db.session.flush()
            recipient.outbox_message_id = message.id
        else:
            stored = _letter_pdf(notice, parent)
            attachment = Attachment(
                correspondence_id=record.id,
                sha256=stored.sha256,
                size=stored.size,
                content_type=stored.content_type,
                filename=f"brief-{notice.id}-{parent.id}.pdf",
            )
            db.session.add(attachment)
            db.session.flush()
            recipient.attachment_id = attachment.id
    audit(
        "notice.create",
        notice,
        detail=f"case={case.id} pupil={pupil.id} kind={kind} recipients={len(notice.recipients)}",
    )
    return notice


def sent_with(case: Case, compose_token: str) -> Sequence[Notice]:
    """The notices already sent from the compose form carrying `compose_token`, if any."""
    return db.session.scalars(
        select(Notice).where(Notice.case_id == case.id, Notice.compose_token == compose_token).order_by(Notice.id)
    ).all()


def send_notices(
    case: Case,
    user: User,
    drafts: Sequence[Draft],
    next_followup_on: date,
    contact_person: str,
    compose_token: str | None = None,
) -> list[Notice]:
    """Check every draft first (nothing is written if one names another pupil), then send.

    `compose_token` is the form's one-time token: the caller checks `sent_with` first, and the
    unique constraint makes a concurrent second submission fail instead of sending twice."""
    check_drafts(case, drafts)
    return [
        issue_notice(
            case,
            user,
            d.pupil,
            subject=d.subject.strip(),
            body=d.body.strip(),
            next_followup_on=next_followup_on,
            contact_person=contact_person,
            compose_token=compose_token,
        )
        for d in drafts
    ]


def send_composed(
    case: Case, user: User, drafts: Sequence[Draft], next_followup_on: date, contact_person: str, compose_token: str
) -> list[Notice]:
    """`send_notices` for the compose form, in a savepoint: should a concurrent submission of
    the same form have taken `compose_token` first, the IntegrityError leaves only this
    savepoint rolled back, and the caller can still look up that submission's notices."""
    with db.session.begin_nested():
        return send_notices(case, user, drafts, next_followup_on, contact_person, compose_token=compose_token)


def record_read(recipient: NoticeRecipient) -> None:
    if recipient.read_at is None:
        recipient.read_at = clock.utc_now()
        audit("notice.read", recipient, school_id=recipient.notice.school_id, detail=f"notice={recipient.notice_id}")


def acknowledge(recipient: NoticeRecipient) -> None:
    record_read(recipient)
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = clock.utc_now()
        audit(
            "notice.acknowledge",
            recipient,
            school_id=recipient.notice.school_id,
            detail=f"notice={recipient.notice_id}",
        )
