"""The access-request register's use cases: register, extend, link the export, answer.

Each checks the rules of workflows/access_request.py and raises `Refused` with the messages'
codes keyed by form field, so the page shows them next to the field and nothing is saved.
Flush, never commit; the extension e-mail is an outbox row in the same transaction.
"""

from collections.abc import Mapping
from datetime import date

from flask_babel import force_locale, format_date, gettext

from incidents.access_requests.models import AccessRequest
from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.core import clock
from incidents.core.concurrency import check_version, flush_or_stale
from incidents.correspondence.withheld import LeftOut
from incidents.extensions import db
from incidents.outbox.enqueue import enqueue
from incidents.people.models import Person
from workflows import access_request as rules


class Refused(Exception):
    """The rules refused the input; `problems` maps a form field to (reason code, details)."""

    def __init__(self, problems: rules.Problems) -> None:
        super().__init__(", ".join(code for items in problems.values() for code, _d in items))
        self.problems = problems


def _refuse_if(problems: rules.Problems) -> None:
    if problems:
        raise Refused(problems)


def requester_of(subject: Person, requester: Person, received_on: date) -> rules.Requester:
    """The facts about who asked, on the day the request was received."""
    authority = {g.parent_id: g.parental_authority for g in subject.guardianships}
    return rules.Requester(
        relation=rules.SELF if requester.id == subject.id else rules.PARENT,
        subject_kind=subject.kind,
        subject_age=rules.age_on(subject.date_of_birth, received_on),
        is_parent_of_subject=requester.id in authority,
        parental_authority=authority.get(requester.id, False),
    )


def register_request(
    subject: Person,
    requester: Person,
    user: User,
    *,
    received_on: date,
    identity_check: str,
    identity_note: str | None,
) -> AccessRequest:
    # The age counts on the day received: only a valid day can tell who may ask.
    _refuse_if(rules.check_received(received_on, clock.today()))
    _refuse_if(rules.check_requester(requester_of(subject, requester, received_on)))
    item = AccessRequest(
        school_id=subject.school_id,
        subject_id=subject.id,
        requester_id=requester.id,
        relation=rules.SELF if requester.id == subject.id else rules.PARENT,
        received_on=received_on,
        identity_check=identity_check,
        identity_note=identity_note,
        due_on=rules.due_on(received_on),
        created_by_id=user.id,
    )
    db.session.add(item)
    db.session.flush()
    audit("access_request.registered", item, detail=f"person={subject.id};requester={requester.id}")
    return item


def extend_request(
    item: AccessRequest,
    user: User,
    version: int | str | None,
    *,
    extended_to: date | None,
    reason: str,
    via: str,
    notified_on: date | None,
    school_name: str,
) -> AccessRequest:
    """Extend the term (AVG 12(3)); by e-mail the notice goes out through the outbox today."""
    check_version(item, version)
    today = clock.today()
    sent_on = today if via == "email" else notified_on
    problems = rules.check_extension(
        rules.Extension(
            received_on=item.received_on,
            extended_to=extended_to,
            reason=reason,
            notified_on=sent_on,
            already_extended=item.extended_to is not None,
            answered=item.answered_on is not None,
        ),
        today,
    )
    if via == "email" and "notified_on" in problems:  # sent today by Meldpunt: the channel is the field
        problems.setdefault("via", []).extend(problems.pop("notified_on"))
    if via == "email" and not item.requester.email:
        problems.setdefault("via", []).append(("access_no_email", {}))
    _refuse_if(problems)
    assert extended_to is not None and sent_on is not None  # checked above
    item.extended_to, item.extension_reason = extended_to, reason.strip()
    item.extension_via, item.extension_notified_on = via, sent_on
    if via == "email":
        _send_extension_mail(item, extended_to, reason.strip(), school_name)
    flush_or_stale()
    audit("access_request.extended", item, detail=f"to={extended_to.isoformat()};via={via}")
    return item


def _send_extension_mail(item: AccessRequest, extended_to: date, reason: str, school_name: str) -> None:
    with force_locale("nl"):
        subject = gettext("Your access request: more time needed")
        body = gettext(
            "Dear %(name)s,\n\nOn %(received)s we received your request to see the personal data we "
            "hold. We need more time to answer it: you will receive our answer by %(until)s at the "
            "latest.\n\nThe reason: %(reason)s\n\nKind regards,\n%(school)s",
            name=item.requester.full_name,
            received=format_date(item.received_on, "long"),
            until=format_date(extended_to, "long"),
            reason=reason,
            school=school_name,
        )
    address = item.requester.email
    assert address, "extend_request refuses the e-mail channel without an address"
    enqueue(
        school_id=item.school_id,
        key=f"access_request:{item.id}:extension",
        kind="access_request_extension",
        to_address=address,
        to_name=item.requester.full_name,
        subject=subject,
        body_text=body,
        recipient_person_id=item.requester_id,
    )


def record_export(item: AccessRequest, user: User, omitted: LeftOut, detail: str) -> None:
    """The export made for the request: when, by whom, and whether it left anything out."""
    item.exported_at = clock.utc_now()
    item.exported_by_id = user.id
    item.export_complete = omitted.complete
    flush_or_stale()
    audit("access_request.exported", item, detail=detail)


def answer_request(item: AccessRequest, user: User, version: int | str | None, answered_on: date) -> AccessRequest:
    """The request answered on `answered_on`, with the complete export made for it."""
    check_version(item, version)
    problems = rules.check_answer(item.received_on, answered_on, clock.today(), item.export_complete)
    if item.answered_on is not None:
        problems.setdefault("answered_on", []).insert(0, (rules.ALREADY_ANSWERED, {}))
    _refuse_if(problems)
    item.answered_on, item.answered_by_id = answered_on, user.id
    flush_or_stale()
    audit("access_request.answered", item, detail=f"on={answered_on.isoformat()}")
    return item


def details_for_display(details: Mapping[str, object]) -> dict[str, object]:
    """Dates in a reason's details, written as the page's language writes them."""
    return {key: format_date(value) if isinstance(value, date) else value for key, value in details.items()}
