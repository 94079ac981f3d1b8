"""Proposing sanctions and moving them through their workflow."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from incidents.cases.facts import ADULT_AGE, sanction_facts
from incidents.core import clock
from incidents.core.concurrency import StaleRecord, check_version, flush_or_stale
from incidents.core.timeline_notes import sanction_note
from incidents.correspondence.models import Correspondence
from incidents.correspondence.operations import people_of_case, record_correspondence
from incidents.effects.persist import persist_effects
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.sanctions.models import Sanction
from incidents.sanctions.staff_operations import intent_of
from workflows import roles as R
from workflows import sanction as flow
from workflows.errors import TransitionRefused
from workflows.sanction_hearings import future_dates

SUBJECT_KINDS = ("pupil", "parent", "staff")


class NotASubject(ValueError):
    """The person is not involved in the case (nor a parent of an involved pupil)."""


class DateInFuture(ValueError):
    """A hearing or a fact of the decision dated after today; `fields` names the dates."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(fields)
        self.fields = fields


def refuse_future_dates(**dates: date | None) -> None:
    late = future_dates(clock.today(), dates)
    if late:
        raise DateInFuture(late)


def earlier_measures(sanction):
    """The subject's earlier sanctions at this school, revoked ones excluded."""
    rows = db.session.scalars(
        select(Sanction.measure).where(
            Sanction.subject_id == sanction.subject_id,
            Sanction.school_id == sanction.school_id,
            Sanction.state != "revoked",
            Sanction.id != (sanction.id or 0),
        )
    )
    return tuple(rows)


def earlier_sanctions(person_id, school_id):
    return db.session.scalars(
        select(Sanction)
        .where(Sanction.subject_id == person_id, Sanction.school_id == school_id)
        .order_by(Sanction.proposed_at)
    ).all()


def hearings_of(sanction: Sanction) -> list[flow.Hearing]:
    """The sanction's hearing reports as dated facts (withdrawn records do not count)."""
    if not sanction.id:
        return []
    rows = db.session.execute(
        select(Correspondence.hearing_party, Correspondence.occurred_on, Correspondence.hearing_attended).where(
            Correspondence.sanction_id == sanction.id,
            Correspondence.purpose == "hearing",
            Correspondence.withdrawn_at.is_(None),
        )
    )
    return [flow.Hearing(party or "", held_on, attended) for party, held_on, attended in rows]


def facts_for(sanction):
    hearings = hearings_of(sanction)
    followups = (
        db.session.scalars(select(Followup).where(Followup.sanction_id == sanction.id)).all() if sanction.id else []
    )
    return sanction_facts(sanction, clock.today(), earlier_measures(sanction), hearings, followups, intent_of(sanction))


def propose_sanction(case, user, role, subject, measure, justification=None, **details):
    """details: start_date, end_date, start_time (time-out), grounds, urgent_reason_known_on,
    in_personnel_file."""
    if subject.id not in people_of_case(case) or subject.kind not in SUBJECT_KINDS:
        raise NotASubject(subject.id)
    if measure == "timeout" and details.get("start_date") is None:
        details["start_date"] = clock.today()  # a time-out is given on the day itself
    elif measure != "timeout":
        details.pop("start_time", None)
    with db.session.no_autoflush:  # nothing is written until the proposal passes its checks
        sanction = Sanction(
            school_id=case.school_id,
            case_id=case.id,
            subject_id=subject.id,
            subject=subject,
            case=case,
            subject_kind=subject.kind,
            measure=measure,
            proposed_by_id=user.id,
            proposed_at=clock.utc_now(),
            justification=justification or None,
            **details,
        )
        try:
            outcome = flow.propose(sanction, role, facts_for(sanction), justification=justification)
        except TransitionRefused:
            case.sanctions.remove(sanction)
            raise
    db.session.add(sanction)
    db.session.flush()
    persist_effects(case, outcome, sanction=sanction)
    # The timeline is read by the case's coordinators too: a staff member's sanction is a
    # personnel matter, so its entry names neither the person nor the measure (the audit row
    # points at the sanction, which only directors open).
    note = None if subject.kind == "staff" else sanction_note(subject.full_name, measure)
    case.log("sanction.propose", user, note, record=sanction)
    return sanction, outcome


# The facts that gate a decision or its finality, recorded on the sanction page.
DETAIL_FIELDS = (
    "inspectie_consulted_on",
    "admitting_school",
    "admitting_school_agreed_on",
    "parents_involved",
)
DETAIL_DATES = ("inspectie_consulted_on", "admitting_school_agreed_on")


def _detail_value(name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if name == "parents_involved":
        return value if isinstance(value, bool) else None  # yes / no / not recorded
    return value or None


def update_sanction_details(sanction: Sanction, user: Any, expected_version: int | None, **values: Any) -> list[str]:
    """Record the facts that gate the decision (Inspectie consulted, admitting school and its
    agreement, an adult pupil's choice on involving the parents); returns the names of the fields
    changed. A date after today: DateInFuture. A staff sanction's intended measure has its own
    steps (staff_operations.py).

    Audited with the changed fields and their values, and on the timeline without a note: a
    staff member's sanction belongs to the personnel file, so the entry names no one."""
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"not a sanction detail: {sorted(unknown)}")
    check_version(sanction, expected_version)
    if not sanction.is_open:
        raise TransitionRefused("update_details", ("invalid_state",))
    refuse_future_dates(**{name: values.get(name) for name in DETAIL_DATES})
    changes: dict[str, Any] = {}
    for name, raw in values.items():
        value = _detail_value(name, raw)
        if getattr(sanction, name) != value:
            changes[name] = value
            setattr(sanction, name, value)
    if changes:
        detail = "; ".join(f"{name}={'' if value is None else value}" for name, value in changes.items())
        sanction.case.log("sanction.details", user, record=sanction, detail=detail)
        flush_or_stale()
    return list(changes)


def suspension_length(sanction: Sanction) -> int | None:
    """A pupil suspension's length in school days, as its decision counts it (weekends, public
    holidays and the school's holidays left out); None without a valid period."""
    if sanction.subject_kind != "pupil" or sanction.start_date is None or sanction.end_date is None:
        return None
    if sanction.end_date < sanction.start_date:
        return None
    return flow.suspension_school_days(facts_for(sanction))


def file_hearing_report(
    sanction: Sanction,
    user: Any,
    *,
    party: str,
    held_on: date,
    attended: bool,
    subject: str,
    report: str,
    attachments: Any = (),
) -> Correspondence:
    """File a hearing report (or the record of an invitation not attended) in the subject's
    file. A hearing dated after today has not taken place: DateInFuture."""
    refuse_future_dates(occurred_on=held_on)
    record = record_correspondence(
        sanction.case,
        user,
        kind="hearing",
        direction="in",
        occurred_on=held_on,
        subject=subject,
        body=report,
        concerns=[sanction.subject_id],
        purpose="hearing",
        sanction=sanction,
        hearing_party=party,
        attachments=attachments,
    )
    record.hearing_attended = attended
    return record


def subject_is_adult(sanction: Sanction) -> bool:
    """A pupil of 18 or older decides whether the parents are involved."""
    if sanction.subject_kind != "pupil":
        return False
    age = sanction.subject.age_on(clock.today())
    return age is not None and age >= ADULT_AGE


def sanction_followups(sanction: Sanction) -> list[Followup]:
    return list(db.session.scalars(select(Followup).where(Followup.sanction_id == sanction.id).order_by(Followup.id)))


def sanction_options(sanction, role):
    return flow.available(sanction.state, role, facts_for(sanction))


def transition_sanction(sanction, user, role, event, expected_version, **params):
    """params by event: decide(reasons, override, override_reason), file_objection(received_on),
    decide_objection(outcome, reasons), revoke(reason)."""
    if expected_version is not None:
        check_version(sanction, expected_version)
    refuse_future_dates(received_on=params.get("received_on"))  # an objection not yet received
    outcome = flow.fire(sanction, event, role, facts_for(sanction), **params)
    today = clock.today()
    if event == "decide":
        sanction.decided_on = today
        sanction.decided_by_id = user.id if user else None
        sanction.reasons = params.get("reasons") or sanction.reasons
        sanction.override_reason = params.get("override_reason") or None
    if outcome.notified_on or event == "notify":
        sanction.notified_on = outcome.notified_on or today
    if outcome.objection_deadline:
        sanction.objection_deadline = outcome.objection_deadline
    if outcome.objection_received_on:
        sanction.objection_received_on = outcome.objection_received_on
    if outcome.objection_decision_due:
        sanction.objection_decision_due = outcome.objection_decision_due
    if outcome.objection_outcome:
        sanction.objection_outcome = outcome.objection_outcome
    flag_modified(sanction, "state")
    persist_effects(sanction.case, outcome, sanction=sanction)
    note = params.get("reason") or params.get("reasons") or params.get("override_reason")
    sanction.case.log(f"sanction.{event}", user, note, record=sanction, detail=f"{outcome.source}->{outcome.target}")
    flush_or_stale()
    return outcome


def _window_passed(sanction: Sanction, today: date) -> bool:
    # Only the objection window ends by itself; `notified` and `objection_decided` become
    # final by a director's explicit step.
    return sanction.state == "objection_window" and flow.is_due_for_finalization(
        sanction.state, sanction.objection_deadline, today
    )


def finalizes_soon(sanction: Sanction, today: date | None = None) -> bool:
    """The objection window passed and no rule holds the sanction back: the scheduler's next
    run (jobs.finalize_sanctions, every five minutes) makes it final."""
    if not _window_passed(sanction, today or clock.today()):
        return False
    return any(option.event == "finalize" and option.allowed for option in sanction_options(sanction, R.SYSTEM))


def finalize_due_sanctions(case):
    """Sanctions whose objection window has passed become final (rule 4), as the system.
    Called by the scheduler; a sanction still blocked (e.g. Inspectie not informed) stays."""
    today = clock.today()
    finalized = []
    for sanction in case.sanctions:
        if not _window_passed(sanction, today):
            continue
        try:
            # A savepoint: when a second scheduler finalized it first, the other sanctions still go.
            with db.session.begin_nested():
                transition_sanction(sanction, None, R.SYSTEM, "finalize", None)
            finalized.append(sanction)
        except (TransitionRefused, StaleRecord):
            db.session.refresh(sanction)
            continue
    return finalized


def cases_with_due_sanctions(today=None):
    """Ids of cases (any school) with a sanction whose objection window has passed."""
    today = today or clock.today()
    return list(
        db.session.scalars(
            select(Sanction.case_id)
            .where(Sanction.state == "objection_window", Sanction.objection_deadline < today)
            .distinct()
            .order_by(Sanction.case_id)
        )
    )
