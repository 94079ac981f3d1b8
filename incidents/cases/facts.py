"""Building workflow facts from the database, for cases, sanctions and police reports."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from incidents.calendar.queries import holiday_dates
from workflows import police as police_flow
from workflows import sanction as sanction_flow
from workflows.case import CaseFacts
from workflows.police import PoliceFacts
from workflows.sanction import SanctionFacts

ADULT_AGE = 18


def pupils_without_parent_contact(case, today):
    """Involved pupils under 18 whose parents were neither informed nor waived, by name."""
    informed = {
        filing.person_id
        for record in case.correspondence
        if record.purpose == "parent_contact" and record.withdrawn_at is None and not record.pending_dispatch
        for filing in record.filings
    }
    waived = {w.pupil_id for w in case.parent_contact_waivers}
    missing = []
    for involvement in case.involvements:
        pupil = involvement.person
        if pupil.kind != "pupil" or pupil.id in informed or pupil.id in waived:
            continue
        age = pupil.age_on(today)
        if age is None or age < ADULT_AGE:
            missing.append(pupil.full_name)
    return tuple(dict.fromkeys(missing))


def case_facts(case, today):
    return CaseFacts(
        today=today,
        escalation_level=case.escalation_level,
        pupils_without_parent_contact=pupils_without_parent_contact(case, today),
        open_sanctions=sum(1 for s in case.sanctions if s.state in sanction_flow.OPEN_STATES),
        open_police_reports=sum(1 for r in case.police_reports if r.state in police_flow.OPEN_STATES),
        aftercare_days=case.school.monitoring_checkin_days,
    )


def _followup_done(record_followups, kind):
    matching = [f for f in record_followups if f.kind == kind]
    return bool(matching) and all(f.status == "done" for f in matching)


def school_holidays_during(school_id: int, start: date | None, end: date | None) -> frozenset[date]:
    """The school's holidays from `start` to `end`: days that are no school days, for counting a
    suspension's length. Only school days use them: the legal terms (objection window, decision
    terms, staff response term, complaint term) are not extended by school holidays, only by the
    Atw shift of a last day on a weekend or public holiday (workflows/deadlines.py)."""
    if start is None or end is None:
        return frozenset()
    return holiday_dates(school_id, start, end)


def _advice_request(sanction):
    # The backref of incidents/sanctions/advice_models.py (a package above this one).
    request = getattr(sanction, "geschillencommissie_request", None)
    return request.as_facts() if request is not None else None


def sanction_facts(sanction, today, earlier_measures=(), hearings=(), followups=(), staff_intent=None):
    """`hearings`: the sanction's filed hearing reports as workflow Hearing(party, held_on, attended);
    `staff_intent`: the sanction's StaffIntent row (intended-measure letter), if any."""
    subject = sanction.subject
    age = subject.age_on(today) if subject.kind == "pupil" else None
    school = sanction.case.school
    return SanctionFacts(
        today=today,
        kind=sanction.subject_kind,
        measure=sanction.measure,
        earlier_measures=tuple(earlier_measures),
        secondary=school.is_secondary,
        compulsory_school_age=age is not None and age < ADULT_AGE,
        start_date=sanction.start_date,
        start_time=sanction.start_time,
        end_date=sanction.end_date,
        # Public holidays need no fact: the workflow computes them from the dates.
        holidays=school_holidays_during(school.id, sanction.start_date, sanction.end_date),
        hearing_reports=tuple(hearings),
        pupil_adult=age is not None and age >= ADULT_AGE,
        parents_involved=sanction.parents_involved,
        timeout_report_filed=_followup_done(followups, "file_timeout_report"),
        inspectie_consulted=sanction.inspectie_consulted_on is not None,
        inspectie_informed=_followup_done(followups, "inform_inspectie"),
        admitting_school=sanction.admitting_school,
        admitting_school_agreed_on=sanction.admitting_school_agreed_on,
        grounds=sanction.grounds,
        intent_filed=staff_intent is not None,
        intent_sent_on=staff_intent.sent_on if staff_intent else None,
        intent_received_on=staff_intent.received_on if staff_intent else None,
        response_filed=staff_intent is not None and staff_intent.response_id is not None,
        response_weeks=school.staff_response_weeks,
        urgent_reason_known_on=sanction.urgent_reason_known_on,
        in_personnel_file=sanction.in_personnel_file,
        notified_on=sanction.notified_on,
        objection_deadline=sanction.objection_deadline,
        objection_received_on=sanction.objection_received_on,
        legal_status=school.legal_status,
        geschillencommissie=_advice_request(sanction),
    )


# The police report and its follow-ups are typed Any: their models sit above cases.
def police_facts(report: Any, today: date, followups: Iterable[Any] = ()) -> PoliceFacts:
    victim_age = report.victim.age_on(today) if report.victim is not None else None
    steps = [f for f in followups if f.kind in police_flow.MANDATORY_STEPS]
    return PoliceFacts(
        today=today,
        offence=report.offence,
        victim_age=victim_age,
        known_on=report.known_on,
        mandatory_steps_done=all(f.status == "done" for f in steps),
        reasonable_suspicion=report.reasonable_suspicion,
    )
