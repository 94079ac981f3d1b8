"""What a sanction step is judged on: the facts the application gathers (cases/facts.py).

Its own module, so that the workflow (sanction.py) and the measure rules (sanction_rules.py)
both take it without importing each other.
"""

from dataclasses import dataclass
from datetime import date

from .geschillencommissie import AdviceRequest
from .legal_status import SPECIAL


@dataclass(frozen=True)
class SanctionFacts:
    today: date
    kind: str  # "pupil", "parent", "staff"
    measure: str  # a step of ladder(kind)
    earlier_measures: tuple[str, ...] = ()  # the subject's earlier sanctions (not revoked)
    secondary: bool = False  # secondary education (VO)
    compulsory_school_age: bool = False
    start_date: date | None = None  # suspensions
    end_date: date | None = None
    # The school's own holidays, for counting school days; public holidays (Atw) are computed
    # by deadlines.py from the dates themselves, for school days and every term alike.
    holidays: frozenset[date] = frozenset()
    hearings: frozenset[str] = frozenset()  # of "teacher", "parents", "pupil"
    inspectie_consulted: bool = False
    inspectie_informed: bool = False
    admitting_school: str | None = None
    admitting_school_agreed_on: date | None = None
    grounds: str | None = None  # staff suspension
    intent_sent_on: date | None = None  # staff: intended measure sent in writing
    response_received: bool = False
    response_weeks: int = 3  # school setting
    urgent_reason_known_on: date | None = None  # summary dismissal
    in_personnel_file: bool = False  # staff warning
    notified_on: date | None = None
    objection_deadline: date | None = None
    legal_status: str = SPECIAL  # school setting: "public" (Awb) or "special" (WPO 63 / WVO 27)
    geschillencommissie: AdviceRequest | None = None  # the parents' request for advice (removal)
