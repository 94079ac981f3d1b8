"""What a sanction step is judged on: the facts the application gathers (cases/facts.py).

Its own module, so that the workflow (sanction.py) and the measure rules (sanction_rules.py)
both take it without importing each other.
"""

from dataclasses import dataclass
from datetime import date, time

from .geschillencommissie import AdviceRequest
from .legal_status import SPECIAL


@dataclass(frozen=True)
class Hearing:
    """A filed hearing report: who, on which day, and whether they came (an invitation the
    party did not attend is filed as well: two of them count for an objection)."""

    party: str  # "teacher", "parents", "pupil", "employee"
    held_on: date
    attended: bool = True


@dataclass(frozen=True)
class SanctionFacts:
    today: date
    kind: str  # "pupil", "parent", "staff"
    measure: str  # a step of ladder(kind)
    earlier_measures: tuple[str, ...] = ()  # the subject's earlier sanctions (not revoked)
    secondary: bool = False  # secondary education (VO)
    compulsory_school_age: bool = False
    start_date: date | None = None  # suspensions; the day of a time-out
    start_time: time | None = None  # time-out: it lasts from then to the end of that school day
    end_date: date | None = None
    # The school's own holidays, for counting school days; public holidays (Atw) are computed
    # by deadlines.py from the dates themselves, for school days and every term alike.
    holidays: frozenset[date] = frozenset()
    hearing_reports: tuple[Hearing, ...] = ()
    pupil_adult: bool = False  # 18 or older: the pupil decides whether the parents are involved
    parents_involved: bool | None = None  # the adult pupil's choice; None: not recorded
    timeout_report_filed: bool = False
    inspectie_consulted: bool = False
    inspectie_informed: bool = False
    admitting_school: str | None = None
    admitting_school_agreed_on: date | None = None
    grounds: str | None = None  # staff suspension
    # Staff (staff_rules.py): the intended-measure letter filed in the personnel file, when it
    # was sent and received, and whether the employee's written response is filed.
    intent_filed: bool = False
    intent_sent_on: date | None = None
    intent_received_on: date | None = None
    response_filed: bool = False
    response_weeks: int = 3  # school setting (the CAO in force)
    urgent_reason_known_on: date | None = None  # summary dismissal
    in_personnel_file: bool = False  # staff warning
    notified_on: date | None = None
    objection_deadline: date | None = None
    objection_received_on: date | None = None
    legal_status: str = SPECIAL  # school setting: "public" (Awb) or "special" (WPO 63 / WVO 27)
    geschillencommissie: AdviceRequest | None = None  # the parents' request for advice (removal)

    @property
    def hearings(self) -> frozenset[str]:
        """The parties heard by the decision day: a report dated after today (or of an
        invitation the party did not attend) does not count."""
        return frozenset(h.party for h in self.hearing_reports if h.attended and h.held_on <= self.today)
