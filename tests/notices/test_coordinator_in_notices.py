"""Parent notices name the school's anti-bullying coordinator as the contact (WPO 4c, WVO 3b)."""

import pytest

from incidents.cases.models import Case
from incidents.extensions import db
from tests.helpers import EN
from tests.notices.helpers import compose_data, link_in, messages, notices_of

SENTENCE = (
    "Hebt u vragen over pesten of over de aanpak van de school, neem dan contact op met de "
    "anti-pestcoördinator van de school, Anouk Jansen (anti-pesten@baken.nl, telefoon 010 123 45 67)."
)


def name_coordinator(school, email="anti-pesten@baken.nl", phone="010 123 45 67"):
    school.coordinator_name, school.coordinator_email, school.coordinator_phone = "Anouk Jansen", email, phone
    db.session.commit()


def test_without_a_coordinator_the_notice_names_none(client, login, world):
    login(world.coordinator)
    data = compose_data(client, world.case.id)
    assert "anti-pestcoördinator" not in data["entries-0-body"]


@pytest.mark.rule("anti-bullying-coordinator")
def test_the_sent_notice_names_the_coordinator_in_the_mail_and_on_the_parents_page(client, login, world):
    name_coordinator(world.school)
    login(world.coordinator)
    data = compose_data(client, world.case.id)
    assert all(SENTENCE + "\n\nMet vriendelijke groet" in data[f"entries-{i}-body"] for i in (0, 1))
    assert client.post(f"/cases/{world.case.id}/notices/new", data=data, headers=EN).status_code == 302
    [mail, *_rest] = messages()
    assert SENTENCE in mail.body_text
    page = client.post(link_in(mail), data={"action": "show"}).get_data(as_text=True)
    assert "Anouk Jansen (anti-pesten@baken.nl, telefoon 010 123 45 67)" in page


def test_a_coordinator_with_a_phone_only_is_named_with_the_phone(client, login, world):
    name_coordinator(world.school, email=None)
    login(world.coordinator)
    body = compose_data(client, world.case.id)["entries-0-body"]
    assert "anti-pestcoördinator van de school, Anouk Jansen (telefoon 010 123 45 67)." in body


@pytest.mark.rule("anti-bullying-coordinator")
def test_the_monitoring_check_in_names_the_coordinator(client, login, world):
    name_coordinator(world.school)
    login(world.coordinator)
    for event in ("start", "start_monitoring"):
        case = db.session.get(Case, world.case.id)
        response = client.post(f"/cases/{case.id}/transition", data={"event": event, "version": str(case.version)})
        assert response.status_code == 302
        db.session.expire_all()
    assert all(SENTENCE in notice.body for notice in notices_of(world.case))
