"""Hearings as dated facts: no date after today, and the hearing of an objector.

WPO 63 and IB WVO 15 ask that the objector is heard before the objection is decided; the
Awb (7:3) lets the hearing go when the objector, invited, does not come. Two recorded
invitations the objector did not attend count as that.
"""

from collections.abc import Mapping
from datetime import date

from .effects import Verdict
from .sanction_facts import Hearing, SanctionFacts
from .sanction_rules import PARENT, STAFF, parents_involved

DATE_IN_FUTURE = "date_in_future"
OBJECTOR_NOT_HEARD = "objector_not_heard"  # details: received_on, missed, needed
OBJECTION_RECEIPT_UNKNOWN = "objection_receipt_unknown"
MISSED_INVITATIONS_NEEDED = 2


def future_dates(today: date, dates: Mapping[str, date | None]) -> tuple[str, ...]:
    """Names of the dates that lie after today: a hearing or decision cannot have happened yet."""
    return tuple(name for name, day in dates.items() if day is not None and day > today)


def objector_parties(facts: SanctionFacts) -> frozenset[str]:
    """Who may have objected: the employee; the parents; for a pupil the parents (while they
    are involved) and the pupil."""
    if facts.kind == STAFF:
        return frozenset({"employee"})
    if facts.kind == PARENT:
        return frozenset({"parents"})
    return frozenset({"parents", "pupil"}) if parents_involved(facts) else frozenset({"pupil"})


def objection_hearings(facts: SanctionFacts) -> tuple[Hearing, ...]:
    """The objector's hearing reports dated from the objection's receipt up to today."""
    received = facts.objection_received_on
    if received is None:
        return ()
    parties = objector_parties(facts)
    return tuple(h for h in facts.hearing_reports if h.party in parties and received <= h.held_on <= facts.today)


def objector_heard(facts: SanctionFacts) -> bool:
    """Heard after the objection came in, or invited twice without coming."""
    hearings = objection_hearings(facts)
    missed = sum(1 for h in hearings if not h.attended)
    return any(h.attended for h in hearings) or missed >= MISSED_INVITATIONS_NEEDED


def check_objector_heard(v: Verdict, facts: SanctionFacts) -> None:
    """Guard on `decide_objection`: the page shows what is still missing."""
    if facts.objection_received_on is None:
        v.refuse(OBJECTION_RECEIPT_UNKNOWN)
    elif not objector_heard(facts):
        missed = sum(1 for h in objection_hearings(facts) if not h.attended)
        v.refuse(
            OBJECTOR_NOT_HEARD,
            received_on=facts.objection_received_on,
            missed=missed,
            needed=MISSED_INVITATIONS_NEEDED,
        )
