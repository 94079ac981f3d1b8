from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.schools.models import School
from tests.helpers import EN

SETTINGS = {
    "retention_years": "2",
    "monitoring_checkin_days": "14",
    "overdue_alert_days": "3",
    "staff_response_weeks": "3",
    "legal_status": "special",
    "second_factor_roles_csv": ["admin", "coordinator", "director"],  # the default, kept
}


def test_admin_changes_the_school_settings_of_own_school(client, login, make_school, make_user):
    school, other = make_school(), make_school()
    login(make_user("admin", school))
    assert client.get("/admin/settings").status_code == 200
    page = client.post(
        "/admin/settings", data={**SETTINGS, "retention_years": "0", "overdue_alert_days": "7"}, headers=EN
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Number must be between 1 and 20." in text
    assert 'value="7"' in text  # the input is kept
    assert db.session.get(School, school.id).overdue_alert_days == 3  # nothing saved
    response = client.post(
        "/admin/settings", data={**SETTINGS, "retention_years": "5", "monitoring_checkin_days": "21"}
    )
    assert response.status_code == 302
    saved = db.session.get(School, school.id)
    assert (saved.retention_years, saved.monitoring_checkin_days, saved.overdue_alert_days) == (5, 21, 3)
    untouched = db.session.get(School, other.id)
    assert (untouched.retention_years, untouched.monitoring_checkin_days) == (2, 14)
    assert (
        db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "school.settings_changed"))
        == "retention_years: 2 -> 5; monitoring_checkin_days: 14 -> 21"
    )


def test_only_admin_changes_school_settings(client, login, make_school, make_user):
    school = make_school()
    login(make_user("director", school))
    assert client.post("/admin/settings", data={**SETTINGS, "retention_years": "5"}).status_code == 403
    assert db.session.get(School, school.id).retention_years == 2
