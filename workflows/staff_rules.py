"""Rules for sanctions of staff members: the intended measure and its response term, and the
summary dismissal's remedy (rules 5 to 7 of the protocol issue; BW 7:611, 7:677, 7:686a).

Pure functions of dates and facts; sanction_rules.py calls them for staff sanctions, and the
application calls the date checks before it records a delivery or a response.

Choices beyond the statutes:
- The intended measure ("voornemen") only counts once its letter is filed in the personnel
  file; how it was sent is one of SEND_METHODS, each of which leaves proof of receipt.
- The response term runs from the day after receipt: N weeks (the school's CAO setting)
  after the day of receipt is its last day, moved by the Atw (art. 1) off a weekend or holiday.
- The employee's written response must be filed (an incoming letter or e-mail for that
  sanction) to decide before the term ends; no response leaves the whole term to run.
- A summary dismissal ends the employment the day it is given: the employee may ask the
  kantonrechter to annul it within two months of that day (BW 7:686a lid 4, Atw art. 1).
"""

from datetime import date, timedelta

from . import atw
from . import deadlines as D
from .effects import Outcome, Verdict
from .roles import DIRECTOR
from .sanction_facts import SanctionFacts

REGISTERED_LETTER = "registered_letter"  # aangetekend, with proof of delivery
BY_HAND = "by_hand"  # handed over, receipt signed by the employee
EMAIL_READ_RECEIPT = "email_read_receipt"  # e-mail, with a read receipt kept
SEND_METHODS = (REGISTERED_LETTER, BY_HAND, EMAIL_READ_RECEIPT)
COURT_TERM_MONTHS = 2

# Reason codes.
INTENT_NOT_SENT = "intent_not_sent"
INTENT_RECEIPT_UNKNOWN = "intent_receipt_unknown"
RESPONSE_TERM_RUNNING = "response_term_running"  # details: until
DATE_IN_FUTURE = "date_in_future"
DATE_BEFORE_PROPOSAL = "date_before_proposal"
RECEIVED_BEFORE_SENT = "received_before_sent"
SEND_METHOD_REQUIRED = "send_method_required"
DATE_REQUIRED = "date_required"


def response_term_end(received_on: date, weeks: int) -> date:
    """Last day the employee may respond: `weeks` weeks counted from the day after receipt."""
    return D.staff_response_due(received_on, weeks)


def court_request_deadline(dismissed_on: date) -> date:
    """Last day to ask the kantonrechter to annul a summary dismissal (BW 7:686a lid 4)."""
    return atw.extend_last_day(D.add_months(dismissed_on, COURT_TERM_MONTHS))


def _date_errors(day: date | None, earliest: date, today: date, before_code: str) -> str | None:
    if day is None:
        return DATE_REQUIRED
    if day > today:
        return DATE_IN_FUTURE
    if day < earliest:
        return before_code
    return None


def intent_delivery_errors(
    sent_how: str | None, sent_on: date | None, received_on: date | None, proposed_on: date, today: date
) -> dict[str, str]:
    """Field -> reason code for a delivery of the intended-measure letter that cannot be true:
    no method, dates in the future, sent before the sanction was proposed, received before sent.
    `received_on` may be left empty until the proof of receipt is in."""
    errors: dict[str, str] = {}
    if sent_how not in SEND_METHODS:
        errors["sent_how"] = SEND_METHOD_REQUIRED
    sent_error = _date_errors(sent_on, proposed_on, today, DATE_BEFORE_PROPOSAL)
    if sent_error:
        errors["sent_on"] = sent_error
    if received_on is not None:
        received_error = _date_errors(received_on, proposed_on, today, DATE_BEFORE_PROPOSAL)
        if received_error is None and sent_on is not None and received_on < sent_on:
            received_error = RECEIVED_BEFORE_SENT
        if received_error:
            errors["received_on"] = received_error
    return errors


def response_errors(received_on: date | None, intent_sent_on: date | None, today: date) -> dict[str, str]:
    """Field -> reason code for the employee's written response: it needs a sent intended
    measure, and came in on a day between that sending and today."""
    if intent_sent_on is None:
        return {"received_on": INTENT_NOT_SENT}
    error = _date_errors(received_on, intent_sent_on, today, RECEIVED_BEFORE_SENT)
    return {"received_on": error} if error else {}


def delivery_effects(received_on: date | None, weeks: int) -> Outcome:
    """Once receipt is known, the director's task to decide falls on the first day after the
    response term (a response filed earlier lets the decision come sooner)."""
    out = Outcome("record_intent_delivery", None, "")
    if received_on is not None:
        out.response_due = response_term_end(received_on, weeks)
        out.follow("decide_sanction", out.response_due + timedelta(days=1), DIRECTOR)
    return out


def check_response_term(v: Verdict, facts: SanctionFacts) -> None:
    """Rules 5 and 7: before deciding, the intended measure was filed and received, and the
    response term has ended or the employee's written response is filed."""
    received = facts.intent_received_on
    if not facts.intent_filed:
        v.refuse(INTENT_NOT_SENT)
    elif received is None:
        v.refuse(INTENT_RECEIPT_UNKNOWN)
    elif received > facts.today:  # the application refuses it already; a term must not start later
        v.refuse(DATE_IN_FUTURE)
    elif not facts.response_filed:
        until = response_term_end(received, facts.response_weeks)
        if facts.today <= until:
            v.refuse(RESPONSE_TERM_RUNNING, until=until)
