"""The intended measure of a staff sanction: its letter filed, its delivery recorded, the
employee's written response filed. The response term and the decision rule are in
workflows/staff_rules.py; these operations keep the dates they rely on true."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from incidents.auth.models import User
from incidents.core import clock
from incidents.core.concurrency import check_version, flush_or_stale
from incidents.correspondence.models import Correspondence
from incidents.correspondence.operations import record_correspondence
from incidents.effects.persist import persist_effects
from incidents.evidence.storage import StoredFile
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.sanctions.models import Sanction
from incidents.sanctions.staff_models import StaffIntent
from workflows import staff_rules
from workflows.errors import TransitionRefused
from workflows.sanction_facts import SanctionFacts
from workflows.sanction_rules import needs_intent_letter

RESPONSE_KINDS = ("letter", "email")
BEFORE_DECISION = ("proposed", "hearing")
RESPONSE_SUBJECT = "Schriftelijke reactie op het voornemen"  # letters and files are Dutch


class InvalidEntry(ValueError):
    """Entered dates or choices that cannot be true; `errors` maps a form field to a reason code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def intent_of(sanction: Sanction) -> StaffIntent | None:
    sanction_id: int | None = sanction.id  # None while a proposal is being checked, before its flush
    if sanction_id is None:
        return None
    return db.session.scalar(select(StaffIntent).where(StaffIntent.sanction_id == sanction_id))


def needs_intent(sanction: Sanction) -> bool:
    """Whether this measure is first announced as an intended measure (rules 5 and 7)."""
    facts = SanctionFacts(
        today=clock.today(),
        kind=sanction.subject_kind,
        measure=sanction.measure,
        in_personnel_file=sanction.in_personnel_file,
    )
    return needs_intent_letter(sanction.subject_kind, sanction.measure, facts)


def _proposed_on(sanction: Sanction) -> date:
    return sanction.proposed_at.astimezone(clock.SCHOOL_TZ).date()


def _touch(sanction: Sanction) -> None:
    # The sanction page's forms carry its version: a change here makes their copies stale.
    flag_modified(sanction, "state")


def attach_intent_letter(sanction: Sanction, letter: Correspondence) -> StaffIntent:
    """The intended-measure letter was filed (letters/operations.py): it counts as sent on the
    day it was filed until the delivery is recorded. A new letter starts the delivery over."""
    intent = intent_of(sanction)
    if intent is None:
        intent = StaffIntent(sanction_id=sanction.id)
        db.session.add(intent)
    intent.letter = letter
    intent.sent_on = letter.occurred_on
    intent.sent_how = intent.received_on = intent.response_id = None
    _touch(sanction)
    return intent


def _open_intent(sanction: Sanction, step: str) -> StaffIntent:
    """The intent of a sanction not decided yet: delivery and response matter before the decision."""
    if sanction.state not in BEFORE_DECISION:
        raise TransitionRefused(step, ("invalid_state",), {"invalid_state": {"state": sanction.state}})
    intent = intent_of(sanction)
    if intent is None:
        raise TransitionRefused(step, (staff_rules.INTENT_NOT_SENT,))
    return intent


def record_intent_delivery(
    sanction: Sanction,
    user: User,
    expected_version: int | None,
    *,
    sent_how: str | None,
    sent_on: date | None,
    received_on: date | None,
) -> StaffIntent:
    """How and when the intended measure was sent, and when the employee received it. Dates in
    the future or before the proposal are refused field by field (InvalidEntry)."""
    check_version(sanction, expected_version)
    intent = _open_intent(sanction, "record_intent_delivery")
    errors = staff_rules.intent_delivery_errors(sent_how, sent_on, received_on, _proposed_on(sanction), clock.today())
    if errors or sent_on is None:
        raise InvalidEntry(errors)
    intent.sent_how, intent.sent_on, intent.received_on = sent_how, sent_on, received_on
    _move_decision_task(sanction, received_on)
    _touch(sanction)
    # The timeline names no one: a staff sanction belongs to the personnel file.
    detail = f"sent_how={sent_how}; sent_on={sent_on}; received_on={received_on or ''}"
    sanction.case.log("sanction.intent_delivery", user, record=sanction, detail=detail)
    flush_or_stale()
    return intent


def _move_decision_task(sanction: Sanction, received_on: date | None) -> None:
    """The director's task to decide falls on the day after the response term."""
    outcome = staff_rules.delivery_effects(received_on, sanction.case.school.staff_response_weeks)
    open_tasks = db.session.scalars(
        select(Followup).where(
            Followup.sanction_id == sanction.id, Followup.kind == "decide_sanction", Followup.status == "open"
        )
    ).all()
    if open_tasks:
        for task, spec in zip(open_tasks, outcome.followups, strict=False):
            task.due_on = spec.due
    else:
        persist_effects(sanction.case, outcome, sanction=sanction)


def file_employee_response(
    sanction: Sanction,
    user: User,
    expected_version: int | None,
    *,
    kind: str,
    received_on: date | None,
    body: str | None,
    attachments: Iterable[tuple[StoredFile, str]] = (),
) -> Correspondence:
    """File the employee's written response as incoming correspondence in the personnel file;
    from then on the director may decide before the response term ends."""
    if kind not in RESPONSE_KINDS:
        raise ValueError(f"a written response comes as {RESPONSE_KINDS}, not {kind!r}")
    check_version(sanction, expected_version)
    intent = _open_intent(sanction, "file_employee_response")
    errors = staff_rules.response_errors(received_on, intent.sent_on, clock.today())
    if errors or received_on is None:
        raise InvalidEntry(errors)
    record = record_correspondence(
        sanction.case,
        user,
        kind=kind,
        direction="in",
        occurred_on=received_on,
        subject=RESPONSE_SUBJECT,
        body=body,
        sender=sanction.subject.full_name,
        concerns=[sanction.subject_id],
        sanction=sanction,
        attachments=attachments,
    )
    intent.response = record
    _touch(sanction)
    flush_or_stale()
    return record


def court_deadline(sanction: Sanction) -> date | None:
    """For a decided summary dismissal: the last day to ask the kantonrechter (BW 7:686a)."""
    if sanction.subject_kind != "staff" or sanction.measure != "summary_dismissal" or sanction.decided_on is None:
        return None
    return staff_rules.court_request_deadline(sanction.decided_on)
