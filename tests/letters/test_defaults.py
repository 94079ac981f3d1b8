"""Every shipped letter fills in for a real case, and its PDF carries the merge values."""

from datetime import date, time

import pytest
from sqlalchemy import select

from incidents.correspondence.models import Correspondence
from incidents.evidence.storage import path_for
from incidents.extensions import db
from incidents.letters.registry import KINDS
from tests.helpers import EN
from tests.letters.helpers import draft_fields, pdf_text, setup_data

START, END = date(2026, 11, 17), date(2026, 11, 19)


def _staff_scenario(key, w, decided):
    """(setup form data, values the letter must contain) for a letter to an employee."""
    if key == "reprimand":
        s = decided(w, w.staff, "reprimand")
        return setup_data(key, sanction=s, recipient=w.staff), ["28 december 2026", "personeelsdossier"]
    if key == "summary_dismissal":
        s = decided(w, w.staff, "summary_dismissal", urgent_reason_known_on=date(2026, 11, 16))
        # Two months after the dismissal: Saturday 16 January 2027, so Monday the 18th (Atw).
        return setup_data(key, sanction=s, recipient=w.staff), ["Dringende reden", "kantonrechter", "18 januari 2027"]
    if key == "intended_measure":
        s = decided(w, w.staff, "reprimand", state="hearing", decided_on=None)
        return setup_data(key, sanction=s, recipient=w.staff), ["schriftelijke berisping", "binnen 3 weken"]
    raise AssertionError(key)


def _scenario(key, w, decided):
    """(setup form data, values the letter must contain) for letter `key`."""
    if key in ("reprimand", "summary_dismissal", "intended_measure"):
        return _staff_scenario(key, w, decided)
    pupil_sanction = {"start_date": START, "end_date": END}
    if key == "parents_informed":
        return setup_data(key, concerns=w.pupil, recipient=w.parent), [
            w.parent.full_name,
            "16 november 2026",
            "10 november 2026",
            "Pesten",
            "2B",
        ]
    if key == "hearing_invitation":
        s = decided(w, w.pupil, "removal", state="hearing", decided_on=None)
        return (
            setup_data(
                key,
                sanction=s,
                recipient=w.parent,
                hearing_date=date(2026, 11, 20),
                hearing_time="14:30",
                hearing_place="Kamer 1.12",
            ),
            [w.parent.full_name, "20 november 2026", "14:30", "Kamer 1.12", "Verwijdering van school"],
        )
    if key in ("suspension_decision", "inspectie"):
        s = decided(w, w.pupil, "suspension", **pupil_sanction)
        values = ["17 november 2026", "19 november 2026", "3 schooldagen", "filmpje van een klasgenoot"]
        if key == "suspension_decision":
            values += ["28 december 2026", "het bestuur van Stichting Voortgezet Onderwijs Test", w.parent.full_name]
            return setup_data(key, sanction=s, recipient=w.parent), values
        return setup_data(key, sanction=s), values + ["Inspectie van het Onderwijs", "Schorsing"]
    if key in ("removal_decision", "leerplicht"):
        s = decided(w, w.pupil, "removal", admitting_school="Het Andere College")
        values = ["Het Andere College", "filmpje van een klasgenoot"]
        if key == "removal_decision":
            return setup_data(key, sanction=s, recipient=w.parent), values + ["28 december 2026", w.parent.full_name]
        return setup_data(key, sanction=s), values + ["De leerplichtambtenaar"]
    if key == "timeout_report":
        s = decided(w, w.pupil, "timeout", start_date=START, start_time=time(10, 45))
        values = ["17 november 2026", "10:45", "Handtekening leerling", "Handtekening ouder(s)", w.parent.full_name]
        return setup_data(key, sanction=s, recipient=w.parent), values
    raise AssertionError(key)


@pytest.mark.parametrize("key", list(KINDS))
def test_every_default_fills_in_and_its_pdf_contains_the_merge_values(client, login, world, decided, key):
    w = world()
    data, values = _scenario(key, w, decided)
    login(w.director)
    response = client.post(f"/cases/{w.case.id}/letters/new", data=data, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)
    subject, body = draft_fields(response.get_data(as_text=True))
    assert "{{" not in body and "{%" not in body
    response = client.post(
        f"/cases/{w.case.id}/letters/draft",
        data={**data, "subject": subject, "body": body, "action": "file"},
        headers=EN,
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    record = db.session.scalar(select(Correspondence).where(Correspondence.case_id == w.case.id))
    assert record.kind == "letter" and record.direction == "out" and record.purpose == KINDS[key].purpose
    text = pdf_text(path_for(record.attachments[0].sha256).read_bytes())
    common = [
        "Het Merletcollege",
        w.case.reference,
        "16 november 2026",
        "Directeur Dirk",
        "directeur",
        "Bram Visser" if "dismissal" not in key and key not in ("reprimand", "intended_measure") else "Tom Leraar",
        record.subject,
    ]
    for value in common + values:
        assert value in text, (value, text)
