"""Whether a school is public (openbaar) or special (bijzonder), and the objection route that follows.

A public school's board is an administrative body, so a decision about a pupil is a "besluit"
and the objection follows the Algemene wet bestuursrecht. A special school's board is a private
legal person: the education acts themselves give the parents an objection to the board
(WPO art. 63(3), WVO art. 27(2); for a removal in secondary education with the procedure of
Inrichtingsbesluit WVO art. 15).

Terms (each gets the Algemene termijnenwet art. 1 shift in deadlines.py):

| term                 | public (Awb)                                   | special (WPO 63(3) / WVO 27(2))        |
|----------------------|------------------------------------------------|----------------------------------------|
| lodge the objection  | 6 weeks (art. 6:7), from the day after the     | 6 weeks after the decision was made    |
|                      | decision was made known (art. 6:8)             | known                                  |
| decide the objection | 6 weeks from the day after the objection term  | 4 weeks after the objection was        |
|                      | ended (art. 7:10(1)); 12 weeks with an         | received                               |
|                      | advisory committee (art. 7:13), not modelled   |                                        |

The six weeks to object end on the same day in both routes. The Awb's postponement by at most
six more weeks (art. 7:10(3)) needs a written notice to the parents and is not modelled.
"""

from typing import Final

PUBLIC: Final = "public"
SPECIAL: Final = "special"
LEGAL_STATUSES: Final = (PUBLIC, SPECIAL)

OBJECTION_WEEKS: Final = 6  # Awb 6:7 (public); WPO 63(3), WVO 27(2) (special)
PUBLIC_DECISION_WEEKS: Final = 6  # Awb 7:10(1), counted from the end of the objection term
SPECIAL_DECISION_WEEKS: Final = 4  # WPO 63(3), WVO 27(2), counted from receipt


def objection_route(legal_status: str, kind: str) -> str:
    """The route of an objection against a measure for `kind` ("pupil", "parent", "staff").
    A staff measure is employment law, at public schools too since the Wet normalisering
    rechtspositie ambtenaren (2020): never an Awb objection, so it keeps the term counted from
    receipt whatever the school's status (the staff rules live in sanction_rules.py)."""
    return SPECIAL if kind == "staff" else legal_status


def is_public(legal_status: str) -> bool:
    if legal_status not in LEGAL_STATUSES:
        raise ValueError(f"unknown legal status: {legal_status!r}")
    return legal_status == PUBLIC
