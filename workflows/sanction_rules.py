"""Sanction ladders and the measure-specific rules (numbered as in the protocol issue).

Functions take the facts of a sanction step (workflows/sanction_facts.py).
"""

from collections.abc import Iterable

from . import deadlines as D
from .effects import Verdict
from .sanction_facts import SanctionFacts
from .staff_rules import check_response_term

PUPIL, PARENT, STAFF = "pupil", "parent", "staff"
WARNING, TIMEOUT, SUSPENSION, REMOVAL = "warning", "timeout", "suspension", "removal"
PREMISES_BAN = "premises_ban"
REPRIMAND, DISMISSAL, SUMMARY_DISMISSAL = "reprimand", "dismissal", "summary_dismissal"

LADDERS: dict[str, tuple[str, ...]] = {
    PUPIL: (WARNING, TIMEOUT, SUSPENSION, REMOVAL),
    PARENT: (WARNING, PREMISES_BAN),
    STAFF: (WARNING, REPRIMAND, SUSPENSION, DISMISSAL, SUMMARY_DISMISSAL),
}
MAX_SUSPENSION_SCHOOL_DAYS = 5

# Reason codes.
REASONS_REQUIRED = "reasons_required"  # written reasons (param "reasons")
SUSPENSION_DATES_REQUIRED = "suspension_dates_required"
SUSPENSION_DATES_INVALID = "suspension_dates_invalid"
SUSPENSION_TOO_LONG = "suspension_too_long"  # details: school_days, max
TEACHER_NOT_HEARD = "teacher_not_heard"
PARENTS_NOT_HEARD = "parents_not_heard"
PUPIL_NOT_HEARD = "pupil_not_heard"
INSPECTIE_NOT_CONSULTED = "inspectie_not_consulted"
INSPECTIE_NOT_INFORMED = "inspectie_not_informed"
NO_ADMITTING_SCHOOL = "no_admitting_school"
GROUNDS_REQUIRED = "grounds_required"
DURATION_REQUIRED = "duration_required"
URGENT_REASON_DATE_REQUIRED = "urgent_reason_date_required"
NOT_IMMEDIATE = "not_immediate"  # details: known_on; lifted by override + override_reason
ADULT_CHOICE_MISSING = "adult_choice_missing"  # an adult pupil has not said whether parents are involved
TIMEOUT_START_TIME_REQUIRED = "timeout_start_time_required"
TIMEOUT_ONE_DAY = "timeout_one_day"  # a time-out has no end date: it ends with the school day
TIMEOUT_REPORT_MISSING = "timeout_report_missing"
# Warnings.
NOT_IMMEDIATE_OVERRIDDEN = "not_immediate_overridden"


def ladder(kind: str) -> tuple[str, ...]:
    return LADDERS[kind]


def skipped_steps(kind: str, measure: str, earlier_measures: Iterable[str]) -> tuple[str, ...]:
    """Ladder steps between the highest earlier measure and `measure` (rule 8).

    Steps below the highest earlier measure do not count: a removal after a suspension
    skips nothing, even without an earlier warning.
    """
    steps = LADDERS[kind]
    target = steps.index(measure)
    done = [steps.index(m) for m in earlier_measures if m in steps]
    start = max(done) + 1 if done else 0
    return steps[start:target]


def needs_intent_letter(kind: str, measure: str, facts: SanctionFacts) -> bool:
    """Rules 5 and 7: intended measure in writing, then a response term (also dismissal)."""
    if kind != STAFF:
        return False
    return measure in (REPRIMAND, SUSPENSION, DISMISSAL) or (measure == WARNING and facts.in_personnel_file)


def needs_hearing(kind: str, measure: str, facts: SanctionFacts) -> bool:
    return (kind == PUPIL and measure == REMOVAL) or needs_intent_letter(kind, measure, facts)


def is_objectable(kind: str, measure: str, facts: SanctionFacts) -> bool:
    """Everything but a plain warning, a time-out or a summary dismissal is a decision open to
    objection; a summary dismissal is contested at the kantonrechter (BW 7:686a)."""
    if measure == TIMEOUT or (kind == STAFF and measure == SUMMARY_DISMISSAL):
        return False
    if measure == WARNING:
        return kind == STAFF and facts.in_personnel_file
    return True


def parents_involved(facts: SanctionFacts) -> bool:
    """Parents take part while the pupil is under 18; from 18 only when the pupil chose so
    (not recorded yet: not involved, the privacy-safe default)."""
    if facts.kind != PUPIL or not facts.pupil_adult:
        return True
    return facts.parents_involved is True


def recipients(facts: SanctionFacts) -> tuple[str, ...]:
    """Who receives the hearing invitation and the written decision."""
    if facts.kind == STAFF:
        return ("employee",)
    if facts.kind != PUPIL:
        return ("parents",)
    parents = ("parents",) if parents_involved(facts) else ()
    pupil = ("pupil",) if facts.secondary or facts.pupil_adult else ()
    return parents + pupil


def suspension_school_days(facts: SanctionFacts) -> int:
    """School days of a suspension; callers check first that both dates are there."""
    if facts.start_date is None or facts.end_date is None:
        raise ValueError("a suspension without start or end date has no length")
    return D.school_days_between(facts.start_date, facts.end_date, facts.holidays)


def check_decision(v: Verdict, facts: SanctionFacts) -> None:
    """Guards on `decide` for the measure at hand."""
    kind, measure = facts.kind, facts.measure
    if is_objectable(kind, measure, facts):
        v.require("reasons")
    if kind == PUPIL and measure == SUSPENSION:
        _check_pupil_suspension(v, facts)
    elif kind == PUPIL and measure == REMOVAL:
        _check_removal(v, facts)
    elif kind == STAFF:
        if needs_intent_letter(kind, measure, facts):
            check_response_term(v, facts)
        if measure == SUSPENSION:
            if not (facts.grounds or "").strip():
                v.refuse(GROUNDS_REQUIRED)
            if not facts.start_date or not facts.end_date or facts.end_date < facts.start_date:
                v.refuse(DURATION_REQUIRED)
        elif measure == SUMMARY_DISMISSAL:
            check_immediate(v, facts)


def _check_pupil_suspension(v: Verdict, facts: SanctionFacts) -> None:  # rule 2
    if not facts.start_date or not facts.end_date:
        v.refuse(SUSPENSION_DATES_REQUIRED)
    elif facts.end_date < facts.start_date:
        v.refuse(SUSPENSION_DATES_INVALID)
    else:
        days = suspension_school_days(facts)
        if days > MAX_SUSPENSION_SCHOOL_DAYS:
            v.refuse(SUSPENSION_TOO_LONG, school_days=days, max=MAX_SUSPENSION_SCHOOL_DAYS)


def _check_removal(v: Verdict, facts: SanctionFacts) -> None:  # rule 3
    heard = facts.hearings  # only reports dated on or before today count
    if "teacher" not in heard:
        v.refuse(TEACHER_NOT_HEARD)
    if facts.kind == PUPIL and facts.pupil_adult and facts.parents_involved is None:
        v.refuse(ADULT_CHOICE_MISSING)
    elif parents_involved(facts) and "parents" not in heard:
        v.refuse(PARENTS_NOT_HEARD)
    if (facts.secondary or facts.pupil_adult) and "pupil" not in heard:
        v.refuse(PUPIL_NOT_HEARD)
    if facts.secondary and facts.compulsory_school_age and not facts.inspectie_consulted:
        v.refuse(INSPECTIE_NOT_CONSULTED)


def check_immediate(v: Verdict, facts: SanctionFacts) -> None:  # rule 6
    if facts.urgent_reason_known_on is None:
        v.refuse(URGENT_REASON_DATE_REQUIRED)
    elif facts.today > facts.urgent_reason_known_on:
        v.overridable(NOT_IMMEDIATE, NOT_IMMEDIATE_OVERRIDDEN, known_on=facts.urgent_reason_known_on)


def check_timeout_proposal(v: Verdict, facts: SanctionFacts) -> None:
    """A time-out lasts from a start time to the end of that school day (the protocols)."""
    if facts.start_time is None:
        v.refuse(TIMEOUT_START_TIME_REQUIRED)
    if facts.end_date is not None:
        v.refuse(TIMEOUT_ONE_DAY)


def informs_inspectie_after_decision(facts: SanctionFacts) -> bool:
    """IB WVO 14: a removal in secondary education is told to the Inspectie in writing,
    with reasons, after the decision."""
    return facts.kind == PUPIL and facts.measure == REMOVAL and facts.secondary


def check_finality(v: Verdict, facts: SanctionFacts) -> None:
    """Conditions before a sanction becomes final (rules 2 and 3, and the time-out report)."""
    if facts.kind != PUPIL:
        return
    if facts.measure == SUSPENSION and not facts.inspectie_informed:
        if facts.start_date and facts.end_date and suspension_school_days(facts) > 1:
            v.refuse(INSPECTIE_NOT_INFORMED)
    elif facts.measure == REMOVAL:
        if not (facts.admitting_school and facts.admitting_school_agreed_on):
            v.refuse(NO_ADMITTING_SCHOOL)
        if informs_inspectie_after_decision(facts) and not facts.inspectie_informed:
            v.refuse(INSPECTIE_NOT_INFORMED)
    elif facts.measure == TIMEOUT and not facts.timeout_report_filed:
        v.refuse(TIMEOUT_REPORT_MISSING)
