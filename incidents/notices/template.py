"""The Dutch texts parents receive. Parents read Dutch whatever the staff's UI language,
so these are not run through the translation catalogue. They name only the pupil the
notice is about, never the case description (which may name others)."""

from datetime import date

from babel.dates import format_date
from flask_babel import force_locale

from incidents.cases.models import Case
from incidents.core.vocabulary import CATEGORIES
from incidents.people.models import Person
from incidents.schools.coordinator import coordinator_contact
from incidents.schools.models import School

LINK_HINT = (
    "Wilt u via onderstaande link laten weten dat u dit bericht hebt gelezen? U hebt daarvoor geen account nodig."
)


def long_date(day: date | None) -> str:
    return format_date(day, "d MMMM y", locale="nl") if day else ""


def _category(case: Case) -> str:
    with force_locale("nl"):
        return str(CATEGORIES.get(case.category, case.category)).lower()


def _coordinator_paragraph(school: School) -> str:
    """The anti-bullying coordinator as a paragraph of its own, or nothing when none is named."""
    sentence = coordinator_contact(school)
    return f"{sentence}\n\n" if sentence else ""


def notice_subject(school: School) -> str:
    return f"Bericht van {school.name} over een incident"


def notice_body(case: Case, pupil: Person, next_followup_on: date | None, contact_person: str) -> str:
    """The prefilled notice: what happened in general terms, what the school does, the next
    follow-up date and the contact person."""
    return (
        f"Beste ouder/verzorger van {pupil.first_name},\n\n"
        f"Wij informeren u over een incident op sociale media waarbij uw kind {pupil.full_name} "
        f"betrokken is. Het gaat om een melding in de categorie: {_category(case)}.\n\n"
        "Wat de school doet: wij hebben de betrokken leerlingen gesproken, leggen vast wat er is "
        "gebeurd en volgen de situatie de komende tijd. Waar nodig nemen wij maatregelen volgens "
        "het protocol sociale media van de school.\n\n"
        f"Volgend contactmoment: {long_date(next_followup_on)}.\n"
        f"Contactpersoon: {contact_person}.\n\n"
        "Hebt u vragen, neem dan contact op met de contactpersoon.\n\n"
        f"{_coordinator_paragraph(case.school)}"
        f"Met vriendelijke groet,\n{contact_person}\n{case.school.name}"
    )


def checkin_subject(school: School) -> str:
    return f"Hoe gaat het nu? Bericht van {school.name}"


def checkin_body(case: Case, pupil: Person, contact_person: str) -> str:
    return (
        f"Beste ouder/verzorger van {pupil.first_name},\n\n"
        f"Enige tijd geleden hebben wij u geïnformeerd over een incident op sociale media waarbij "
        f"uw kind {pupil.full_name} betrokken was. De school volgt hoe het nu gaat.\n\n"
        "Wij horen graag van u hoe het met uw kind gaat en of u nog iets merkt. "
        f"Neem daarvoor contact op met {contact_person}.\n\n"
        f"{_coordinator_paragraph(case.school)}"
        f"Met vriendelijke groet,\n{contact_person}\n{case.school.name}"
    )


def email_text(body: str, link: str, days: int) -> str:
    return f"{body}\n\n{LINK_HINT}\n{link}\n(Deze link is {days} dagen geldig.)\n"
