"""The decision letters follow the school's legal status (the objection route), offer the
Geschillencommissie on a removal and name the anti-bullying coordinator as the parents' contact."""

import pytest

from incidents.extensions import db
from tests.helpers import EN
from tests.letters.helpers import draft_fields, setup_data


def draft(client, w, key, sanction):
    response = client.post(
        f"/cases/{w.case.id}/letters/new", data=setup_data(key, sanction=sanction, recipient=w.parent), headers=EN
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return draft_fields(response.get_data(as_text=True))[1]


def school_as(w, legal_status, **coordinator):
    w.school.legal_status = legal_status
    for name, value in coordinator.items():
        setattr(w.school, f"coordinator_{name}", value)
    db.session.commit()


@pytest.mark.parametrize(
    "kind, legal_status, expected, absent",
    [
        ("secondary", "special", ["artikel 27 van de Wet op het voortgezet onderwijs", "binnen vier weken"], "Awb"),
        ("primary", "special", ["artikel 63 van de Wet op het primair onderwijs", "binnen vier weken"], "Awb"),
        (
            "secondary",
            "public",
            [
                "Algemene wet bestuursrecht van toepassing (artikelen 6:7 en 7:10)",
                "binnen zes weken na afloop van de bezwaartermijn",
            ],
            "vier weken",
        ),
    ],
)
@pytest.mark.rule("objection-route-by-legal-status")
@pytest.mark.parametrize("key, measure", [("suspension_decision", "suspension"), ("removal_decision", "removal")])
def test_the_objection_paragraph_follows_the_legal_status(
    client, login, world, decided, kind, legal_status, expected, absent, key, measure
):
    w = world(kind)
    school_as(w, legal_status)
    login(w.director)
    body = draft(client, w, key, decided(w, w.pupil, measure))
    assert all(text in body for text in expected), body
    assert absent not in body
    assert ("openbare school" in body) == (legal_status == "public")


@pytest.mark.parametrize(
    "kind, law",
    [
        ("primary", "artikel 43 van de Wet op het primair onderwijs"),
        ("secondary", "artikel 27 van de Wet op het voortgezet onderwijs"),
    ],
)
@pytest.mark.rule("geschillencommissie")
def test_a_removal_letter_offers_the_geschillencommissie_a_suspension_letter_does_not(
    client, login, world, decided, kind, law
):
    w = world(kind)
    login(w.director)
    removal = draft(client, w, "removal_decision", decided(w, w.pupil, "removal"))
    assert "Geschillencommissie passend onderwijs om advies vragen" in removal and law in removal
    assert "binnen tien weken advies" in removal and "beslist het bestuur pas over uw bezwaar" in removal
    suspension = draft(client, w, "suspension_decision", decided(w, w.pupil, "suspension"))
    assert "Geschillencommissie" not in suspension


@pytest.mark.rule("anti-bullying-coordinator")
@pytest.mark.parametrize("key, measure", [("suspension_decision", "suspension"), ("removal_decision", "removal")])
def test_decision_letters_name_the_anti_bullying_coordinator_once_named(client, login, world, decided, key, measure):
    w = world()
    login(w.director)
    assert "anti-pestcoördinator" not in draft(client, w, key, decided(w, w.pupil, measure))
    school_as(w, "special", name="Anouk Jansen", email="anti-pesten@merlet.nl", phone="010 123 45 67")
    body = draft(client, w, key, decided(w, w.pupil, measure))
    assert (
        "neem dan contact op met de anti-pestcoördinator van de school, Anouk Jansen "
        "(anti-pesten@merlet.nl, telefoon 010 123 45 67)." in body
    )
    assert "\n\nHebt u vragen over pesten" in body and "67).\n\nMet vriendelijke groet" in body  # its own paragraph
