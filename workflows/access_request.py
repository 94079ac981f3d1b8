"""Access requests (AVG art. 12 and 15): who may ask, and by when the school must answer.

Pure rules; the caller passes the facts and "today". Each check returns reason codes keyed by
the form field they belong to, so the page shows the message next to that field.

Choices beyond the statute text:
- Who asks for a pupil's file: a parent with parental authority while the pupil is under 16,
  the pupil from 16 (UAVG art. 5 with BW 1:245 for the legal representative), the age counted
  on the day the request was received. A staff member asks for their own file. Any other
  combination is refused with a message, so the register holds only requests the school must
  answer under the AVG.
- Terms count in calendar months from the day of receipt (Regulation 1182/71 art. 3): the
  answer is due on the same date one month later, or on the last day of that month when the
  date does not exist (31 January -> 28/29 February). No weekend or holiday shift is added:
  the school answers by that date at the latest.
- An extension brings the term to at most 3 months from receipt (AVG 12(3)); its reason must
  reach the requester within the first month, so the notice is dated on or before the
  original due date and never in the future.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from . import deadlines as D

ANSWER_MONTHS = 1  # AVG 12(3): without undue delay and in any event within one month
MAX_MONTHS = 3  # extended "by two further months": three months from receipt in all
OWN_DECISION_AGE = 16  # UAVG art. 5: from 16 the pupil exercises their rights themselves
REMIND_DAYS_BEFORE = 7  # the register's reminder goes out a week before the due date

# Who the requester is to the person whose file is asked for.
PARENT, SELF = "parent", "self"
OPEN, OVERDUE, ANSWERED = "open", "overdue", "answered"

# Reason codes (messages in incidents/core/reasons.py).
DATE_IN_FUTURE = "date_in_future"
BEFORE_RECEIPT = "access_before_receipt"
PARENT_FOR_PUPIL_FROM_16 = "access_parent_pupil_16"  # details: age
PUPIL_UNDER_16 = "access_pupil_under_16"  # details: age
AGE_UNKNOWN = "access_age_unknown"
NO_PARENTAL_AUTHORITY = "access_no_parental_authority"
NOT_A_PARENT = "access_not_a_parent"
ONLY_OWN_FILE = "access_only_own_file"
NO_FILE_OF_THIS_KIND = "access_no_file_of_this_kind"
EXTENSION_REASON_REQUIRED = "reason_required"
EXTENDED_TO_REQUIRED = "access_extended_to_required"
NOTICE_DATE_REQUIRED = "access_notice_date_required"
EXTENSION_NOT_LATER = "access_extension_not_later"  # details: due
EXTENSION_TOO_LONG = "access_extension_too_long"  # details: latest
EXTENSION_NOTICE_LATE = "access_extension_notice_late"  # details: due
ALREADY_EXTENDED = "access_already_extended"
ALREADY_ANSWERED = "access_already_answered"
NO_COMPLETE_EXPORT = "access_no_complete_export"

Problems = dict[str, list[tuple[str, Mapping[str, object]]]]


def _add(problems: Problems, field: str, code: str, **details: object) -> None:
    problems.setdefault(field, []).append((code, details))


@dataclass(frozen=True)
class Requester:
    """The person who asked, as the register sees them beside the file's owner."""

    relation: str  # PARENT or SELF
    subject_kind: str  # the file's owner: "pupil", "staff" or "parent"
    subject_age: int | None = None  # the pupil's age on the day received
    is_parent_of_subject: bool = False
    parental_authority: bool = False


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_requester(requester: Requester, field: str = "requester") -> Problems:
    """Whether this requester may ask for this file (see the module's choices)."""
    problems: Problems = {}
    if requester.subject_kind == "staff":
        if requester.relation != SELF:
            _add(problems, field, ONLY_OWN_FILE)
        return problems
    if requester.subject_kind != "pupil":
        _add(problems, field, NO_FILE_OF_THIS_KIND)
        return problems
    age = requester.subject_age
    if age is None:
        _add(problems, field, AGE_UNKNOWN)
    elif requester.relation == SELF and age < OWN_DECISION_AGE:
        _add(problems, field, PUPIL_UNDER_16, age=age)
    elif requester.relation == PARENT:
        if not requester.is_parent_of_subject:
            _add(problems, field, NOT_A_PARENT)
        elif not requester.parental_authority:
            _add(problems, field, NO_PARENTAL_AUTHORITY)
        elif age >= OWN_DECISION_AGE:
            _add(problems, field, PARENT_FOR_PUPIL_FROM_16, age=age)
    return problems


def check_received(received_on: date, today: date, field: str = "received_on") -> Problems:
    problems: Problems = {}
    if received_on > today:
        _add(problems, field, DATE_IN_FUTURE)
    return problems


def due_on(received_on: date) -> date:
    """AVG 12(3): one calendar month after receipt, end-of-month aware."""
    return D.add_months(received_on, ANSWER_MONTHS)


def latest_extension(received_on: date) -> date:
    """The latest day an extended term may end: three months after receipt."""
    return D.add_months(received_on, MAX_MONTHS)


@dataclass(frozen=True)
class Extension:
    received_on: date
    extended_to: date | None
    reason: str
    notified_on: date | None  # the day the reason was sent to the requester
    already_extended: bool = False
    answered: bool = False


def _check_new_date(problems: Problems, ext: Extension, due: date) -> None:
    latest = latest_extension(ext.received_on)
    if ext.extended_to is None:
        _add(problems, "extended_to", EXTENDED_TO_REQUIRED)
    elif ext.extended_to <= due:
        _add(problems, "extended_to", EXTENSION_NOT_LATER, due=due)
    elif ext.extended_to > latest:
        _add(problems, "extended_to", EXTENSION_TOO_LONG, latest=latest)


def _check_notice(problems: Problems, ext: Extension, due: date, today: date) -> None:
    if ext.notified_on is None:
        _add(problems, "notified_on", NOTICE_DATE_REQUIRED)
    elif ext.notified_on > today:
        _add(problems, "notified_on", DATE_IN_FUTURE)
    elif ext.notified_on < ext.received_on:
        _add(problems, "notified_on", BEFORE_RECEIPT)
    elif ext.notified_on > due:
        _add(problems, "notified_on", EXTENSION_NOTICE_LATE, due=due)


def check_extension(ext: Extension, today: date) -> Problems:
    """To at most 3 months from receipt, with a reason sent to the requester in the first month."""
    problems: Problems = {}
    due = due_on(ext.received_on)
    if ext.answered:
        _add(problems, "extended_to", ALREADY_ANSWERED)
    elif ext.already_extended:
        _add(problems, "extended_to", ALREADY_EXTENDED)
    if not ext.reason.strip():
        _add(problems, "reason", EXTENSION_REASON_REQUIRED)
    _check_new_date(problems, ext, due)
    _check_notice(problems, ext, due, today)
    return problems


def check_answer(received_on: date, answered_on: date, today: date, has_complete_export: bool) -> Problems:
    """The answer: dated between receipt and today, with an export that left nothing out."""
    problems: Problems = {}
    if answered_on > today:
        _add(problems, "answered_on", DATE_IN_FUTURE)
    elif answered_on < received_on:
        _add(problems, "answered_on", BEFORE_RECEIPT)
    if not has_complete_export:
        _add(problems, "answered_on", NO_COMPLETE_EXPORT)
    return problems


def status(current_due: date, answered_on: date | None, today: date) -> str:
    """open / overdue / answered; overdue is derived from the due date, never stored."""
    if answered_on is not None:
        return ANSWERED
    return OVERDUE if current_due < today else OPEN
