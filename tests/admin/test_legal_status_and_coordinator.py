"""The settings page: the school's legal status and its anti-bullying coordinator, audited."""

import pytest
from sqlalchemy import select

from incidents.admin.operations import update_school_settings
from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.schools.models import School
from tests.helpers import EN

BASE = {
    "retention_years": "2",
    "monitoring_checkin_days": "14",
    "overdue_alert_days": "3",
    "staff_response_weeks": "3",
    "legal_status": "special",
    "second_factor_roles_csv": ["admin", "coordinator", "director"],  # the default, kept
}
COORDINATOR = {
    "coordinator_name": "Anouk Jansen",
    "coordinator_email": "Anti-pesten@Baken.nl",
    "coordinator_phone": "010 123 45 67",
}


def settings_audits():
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "school.settings_changed")).all()


@pytest.mark.rule("anti-bullying-coordinator")
def test_admin_sets_public_status_and_coordinator_audited_without_the_contact_details(
    client, login, make_school, make_user
):
    school, other = make_school(), make_school()
    login(make_user("admin", school))
    page = client.get("/admin/settings", headers=EN).get_data(as_text=True)
    assert 'name="legal_status"' in page and 'name="coordinator_name"' in page
    assert "WPO article 4c" in page

    response = client.post("/admin/settings", data={**BASE, "legal_status": "public", **COORDINATOR}, headers=EN)
    assert response.status_code == 302
    saved = db.session.get(School, school.id)
    assert (saved.legal_status, saved.is_public) == ("public", True)
    assert (saved.coordinator_name, saved.coordinator_email, saved.coordinator_phone) == (
        "Anouk Jansen",
        "anti-pesten@baken.nl",
        "010 123 45 67",
    )
    assert db.session.get(School, other.id).legal_status == "special"
    [detail] = settings_audits()
    assert detail == (
        "legal_status: special -> public; coordinator_name: changed; coordinator_email: changed; "
        "coordinator_phone: changed"
    )
    assert "Anouk" not in detail and "baken.nl" not in detail
    page = client.get("/admin/settings", headers=EN).get_data(as_text=True)
    assert 'value="Anouk Jansen"' in page and '<option selected value="public">' in page


def test_the_settings_page_shows_the_legal_status_in_dutch(client, login, make_school, make_user):
    school = make_school()
    login(make_user("admin", school))
    page = client.get("/admin/settings", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Openbaar of bijzonder onderwijs" in page and "Bijzondere school" in page and "Anti-pestcoördinator" in page


@pytest.mark.rule("anti-bullying-coordinator")
def test_a_coordinator_needs_a_name_and_a_way_to_reach_them_nothing_saved(client, login, make_school, make_user):
    school = make_school()
    login(make_user("admin", school))
    cases = [
        ({"coordinator_name": "Anouk Jansen"}, "Enter an e-mail address or a phone number"),
        ({"coordinator_email": "anouk@baken.nl"}, "Enter the name of the anti-bullying coordinator."),
        ({**COORDINATOR, "coordinator_phone": "bel maar"}, "Enter a phone number"),
        ({**COORDINATOR, "coordinator_email": "geen-adres"}, "Invalid email address."),
        ({"legal_status": "openbaar"}, "Not a valid choice."),
    ]
    for fields, message in cases:
        response = client.post("/admin/settings", data={**BASE, "overdue_alert_days": "9", **fields}, headers=EN)
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and message in text, fields
        assert 'value="9"' in text  # the input is kept
    saved = db.session.get(School, school.id)
    assert (saved.overdue_alert_days, saved.coordinator_name, saved.legal_status) == (3, None, "special")
    assert settings_audits() == []


def test_clearing_the_coordinator_stores_nothing_rather_than_blanks(app, make_school):
    school = make_school()
    update_school_settings(school, **COORDINATOR)
    assert update_school_settings(school, coordinator_name=" ", coordinator_email="", coordinator_phone=None) == [
        "coordinator_name",
        "coordinator_email",
        "coordinator_phone",
    ]
    assert (school.coordinator_name, school.coordinator_email, school.coordinator_phone) == (None, None, None)


def test_an_unknown_legal_status_is_refused_by_the_operation(app, make_school):
    with pytest.raises(ValueError):
        update_school_settings(make_school(), legal_status="openbaar")
