"""Police reports: opening one (with the mandatory path for staff sexual offences) and
moving it through its workflow."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from incidents.auth.models import User
from incidents.cases.facts import police_facts
from incidents.cases.models import Case
from incidents.core import clock
from incidents.core.concurrency import check_version, flush_or_stale
from incidents.effects.persist import persist_effects
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import complete_followup
from incidents.people.models import Person
from incidents.police.models import PoliceReport
from workflows import police as flow
from workflows.effects import Option, Outcome
from workflows.police import PoliceFacts


class VictimNotInCase(ValueError):
    pass


class InvalidOpening(ValueError):
    """The report cannot be opened as entered; `errors` maps a form field to a reason code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def facts_for(report: PoliceReport) -> PoliceFacts:
    followups = db.session.scalars(select(Followup).where(Followup.police_report_id == report.id)).all()
    return police_facts(report, clock.today(), followups)


def open_police_report(
    case: Case, user: User, offence: str, victim: Person | None = None, known_on: date | None = None
) -> tuple[PoliceReport, Outcome]:
    """Record that a police report is considered; creates the follow-ups the offence requires."""
    if victim is not None and victim.id not in {i.person_id for i in case.involvements}:
        raise VictimNotInCase(victim.id)
    errors = flow.opening_errors(offence, clock.today(), known_on)
    if errors:  # e.g. a "learned of it on" after today would stretch the complaint term
        raise InvalidOpening(errors)
    outcome = flow.opening_effects(offence, clock.today(), known_on)
    report = PoliceReport(
        school_id=case.school_id,
        case_id=case.id,
        offence=offence,
        victim_id=victim.id if victim else None,
        known_on=known_on,
        complaint_deadline=outcome.complaint_deadline,
        created_by_id=user.id,
        state=outcome.target,
    )
    db.session.add(report)
    db.session.flush()
    persist_effects(case, outcome, police_report=report)
    case.log("police.open", user, offence, record=report)
    return report, outcome


def police_options(report: PoliceReport, role: str) -> list[Option]:
    return flow.available(report.state, role, facts_for(report))


def transition_police_report(
    report: PoliceReport, user: User, role: str, event: str, expected_version: str | int | None, **params: Any
) -> Outcome:
    """params: file(police_unit, report_number, filed_on), record_outcome(outcome),
    decide_not_to_file(reason), record_support(filed_by, filed_on)."""
    check_version(report, expected_version)
    outcome = flow.fire(report, event, role, facts_for(report), **params)
    if event == "file":
        report.filed_on = params.get("filed_on") or clock.today()
        report.police_unit = params.get("police_unit")
        report.report_number = params.get("report_number")
        _complete_file_now(report, user)
    elif event == "record_outcome":
        report.outcome = params.get("outcome")
    elif event == "decide_not_to_file":
        report.not_filed_reason = params.get("reason")
    elif event == "record_support":
        report.support_filed_by = params.get("filed_by")
        report.filed_on = params.get("filed_on") or clock.today()
    flag_modified(report, "state")
    persist_effects(report.case, outcome, police_report=report)
    report.case.log(
        f"police.{event}",
        user,
        params.get("reason") or params.get("outcome"),
        record=report,
        detail=f"{outcome.source}->{outcome.target}",
    )
    flush_or_stale()
    return outcome


def _complete_file_now(report: PoliceReport, user: User) -> None:
    """Filing the report is what the "file now" task asked for."""
    tasks = db.session.scalars(
        select(Followup).where(
            Followup.police_report_id == report.id, Followup.kind == flow.FILE_NOW, Followup.status == "open"
        )
    )
    for task in tasks:
        complete_followup(task, user)


def record_suspicion(report: PoliceReport, user: User, found: bool, expected_version: str | int | None) -> None:
    """Record the confidential inspector's conclusion; with a reasonable suspicion the board
    must report: 'decide not to file' is refused from then on (workflow rule), and a task to
    file the report is due today for the directors."""
    if report.offence != flow.SEXUAL_OFFENCE_STAFF or report.state != "considered":
        raise ValueError("no conclusion to record for this report")
    check_version(report, expected_version)
    outcome = flow.suspicion_effects(report.offence, found, report.reasonable_suspicion, clock.today())
    report.reasonable_suspicion = found
    persist_effects(report.case, outcome, police_report=report)
    answer = "yes" if found else "no"
    report.case.log("police.suspicion", user, answer, record=report, detail=answer)
    flush_or_stale()
