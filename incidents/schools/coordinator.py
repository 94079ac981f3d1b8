"""The anti-bullying coordinator as the parents' contact (WPO art. 4c, WVO art. 3b).

Dutch whatever the staff's UI language: it goes into parent notices and decision letters.
"""

from incidents.schools.models import School


def coordinator_reach(school: School) -> str:
    """ "a@school.nl, telefoon 010 123 4567": how parents reach the coordinator."""
    ways = [school.coordinator_email or "", f"telefoon {school.coordinator_phone}" if school.coordinator_phone else ""]
    return ", ".join(way for way in ways if way)


def coordinator_contact(school: School) -> str:
    """The sentence naming the coordinator as the contact for parents; empty when none is named."""
    if not school.coordinator_name:
        return ""
    return (
        "Hebt u vragen over pesten of over de aanpak van de school, neem dan contact op met de "
        f"anti-pestcoördinator van de school, {school.coordinator_name} ({coordinator_reach(school)})."
    )
