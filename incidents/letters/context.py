"""The merge fields of a letter: a flat dict of plain strings, never a model object.

A template only ever sees what this module copies out of the database, so it cannot reach
anything else. Letters are Dutch whatever language the writer's screen is in.
"""

from dataclasses import dataclass
from datetime import date, time

from babel.dates import format_date
from flask_babel import force_locale

from incidents.cases.facts import school_holidays_during
from incidents.core import clock
from incidents.core.vocabulary import CATEGORIES, MEASURES, ROLE_LABELS
from incidents.letters.registry import FIELDS
from incidents.schools.coordinator import coordinator_contact
from workflows import deadlines as D
from workflows.staff_rules import court_request_deadline


def long_date(day):
    """16 november 2026."""
    return format_date(day, "d MMMM y", locale="nl") if day else ""


def _dutch(label):
    with force_locale("nl"):
        return str(label)


@dataclass(frozen=True)
class Extra:
    """Fields typed in on the writing form."""

    hearing_date: date | None = None
    hearing_time: time | None = None
    hearing_place: str = ""


def objection_procedure(school):
    """How the board handles an objection, by the school's legal status (workflows/legal_status.py)."""
    if school.is_public:
        return (
            f"Omdat {school.name} een openbare school is, is op uw bezwaar de Algemene wet bestuursrecht van "
            "toepassing (artikelen 6:7 en 7:10). Het bestuur hoort u over uw bezwaar en beslist binnen zes weken "
            "na afloop van de bezwaartermijn. Het kan die beslissing met ten hoogste zes weken uitstellen en laat "
            "u dat dan schriftelijk weten. Bent u het niet eens met de beslissing op uw bezwaar, dan kunt u "
            "daarna beroep instellen bij de rechtbank."
        )
    law = (
        "artikel 27 van de Wet op het voortgezet onderwijs"
        if school.is_secondary
        else "artikel 63 van de Wet op het primair onderwijs"
    )
    return (
        f"Omdat {school.name} een bijzondere school is, maakt u bezwaar bij het bestuur van de school ({law}). "
        "Het bestuur hoort u over uw bezwaar en beslist binnen vier weken na ontvangst van het bezwaarschrift."
    )


def geschillencommissie_paragraph(school):
    """The parents' right to the commission's advice on a removal (workflows/geschillencommissie.py)."""
    law = (
        "artikel 27 van de Wet op het voortgezet onderwijs"
        if school.is_secondary
        else "artikel 43 van de Wet op het primair onderwijs"
    )
    return (
        "Daarnaast kunt u de Geschillencommissie passend onderwijs om advies vragen over dit besluit "
        f"({law}). Dien uw verzoek binnen zes weken na de dag waarop deze brief is verzonden in bij de "
        "commissie, via www.onderwijsgeschillen.nl. De commissie brengt binnen tien weken advies uit aan het "
        "bestuur. Hebt u ook bezwaar gemaakt, dan beslist het bestuur pas over uw bezwaar als dat advies er is."
    )


def _school_fields(school):
    return {
        "objection_procedure": objection_procedure(school),
        "geschillencommissie": geschillencommissie_paragraph(school),
        "coordinator_name": school.coordinator_name or "",
        "coordinator_contact": coordinator_contact(school),
    }


def _sanction_fields(sanction, today):
    if sanction is None:
        return {}
    days = ""
    if sanction.start_date and sanction.end_date:
        holidays = school_holidays_during(sanction.school_id, sanction.start_date, sanction.end_date)
        days = str(D.school_days_between(sanction.start_date, sanction.end_date, holidays))
    # Before the decision is notified there is no deadline yet: this letter is the
    # notification, so the term runs from today.
    deadline = sanction.objection_deadline or D.objection_window_end(today)
    return {
        "measure": _dutch(MEASURES.get(sanction.measure, sanction.measure)),
        "start_date": long_date(sanction.start_date),
        "end_date": long_date(sanction.end_date),
        "start_time": sanction.start_time.strftime("%H:%M") if sanction.start_time else "",
        "days": days,
        "reasons": sanction.reasons or sanction.grounds or "",
        "decision_date": long_date(sanction.decided_on),
        "objection_deadline": long_date(deadline),
        "admitting_school": sanction.admitting_school or "",
        "court_deadline": _court_deadline(sanction, today),
    }


def _court_deadline(sanction, today):
    if sanction.measure != "summary_dismissal":
        return ""
    # The employment ends the day the dismissal is given: the decision date, or today's letter.
    return long_date(court_request_deadline(sanction.decided_on or today))


def build_context(case, *, concerns, addressee_name, sender, sender_role, sanction=None, extra=Extra()):
    """Merge fields for a letter about `concerns` (a Person) in `case`."""
    today = clock.today()
    school = case.school
    context = dict.fromkeys(FIELDS, "")
    context.update(
        {
            "school_name": school.name,
            "today": long_date(today),
            "case_reference": case.reference,
            "category": _dutch(CATEGORIES.get(case.category, case.category)),
            "incident_date": long_date(case.occurred_at.astimezone(clock.SCHOOL_TZ).date()),
            "person_name": concerns.full_name if concerns is not None else "",
            "group": concerns.group.name if concerns is not None and concerns.group is not None else "",
            "addressee_name": addressee_name or "",
            "objection_board": f"het bestuur van {school.foundation.name}",
            "response_weeks": str(school.staff_response_weeks),
            "hearing_date": long_date(extra.hearing_date),
            "hearing_time": extra.hearing_time.strftime("%H:%M") if extra.hearing_time else "",
            "hearing_place": extra.hearing_place or "",
            "sender_name": sender.name,
            "sender_role": _dutch(ROLE_LABELS.get(sender_role, sender_role)).lower(),
        }
    )
    context.update(_school_fields(school))
    context.update(_sanction_fields(sanction, today))
    return {key: str(value) for key, value in context.items()}


def sample_context(school_name, foundation_name, school=None):
    """Made-up values for previewing a template on the admin's edit page; the school's own
    objection route and coordinator when `school` is given."""
    today = clock.today()
    sample = {
        "school_name": school_name,
        "today": long_date(today),
        "case_reference": f"{today.year}-0042",
        "category": _dutch(CATEGORIES["bullying"]),
        "incident_date": long_date(today),
        "person_name": "Sam de Vries",
        "group": "2B",
        "addressee_name": "mevrouw J. de Vries",
        "measure": _dutch(MEASURES["suspension"]),
        "start_date": long_date(today),
        "end_date": long_date(D.add_school_days(today, 2)),
        "start_time": "10:45",
        "days": "3",
        "reasons": "Sam heeft een filmpje van een klasgenoot zonder toestemming op TikTok gezet.",
        "decision_date": long_date(today),
        "objection_deadline": long_date(D.objection_window_end(today)),
        "objection_board": f"het bestuur van {foundation_name}",
        "admitting_school": "Voorbeeldcollege",
        "response_weeks": "3",
        "court_deadline": long_date(court_request_deadline(today)),
        "hearing_date": long_date(D.add_school_days(today, 3)),
        "hearing_time": "14:30",
        "hearing_place": "kamer van de directeur",
        "sender_name": "A. Bakker",
        "sender_role": "directeur",
    }
    if school is not None:
        sample.update(_school_fields(school))
    return {**dict.fromkeys(FIELDS, ""), **sample}
