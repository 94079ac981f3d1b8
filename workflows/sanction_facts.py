"""What a sanction step is judged on: the facts the application gathers (cases/facts.py).

Its own module, so that the workflow (sanction.py) and the measure rules (sanction_rules.py)
both take it without importing each other.
"""

from dataclasses import dataclass
from datetime import date


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
    count_objection_from_window_end: bool = False  # school setting
