from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.schools.models import School


def test_admin_sets_retention_years_for_own_school(client, login, make_school, make_user):
    school, other = make_school(), make_school()
    login(make_user("admin", school))
    assert client.get("/admin/retention").status_code == 200
    page = client.post("/admin/retention", data={"retention_years": "0"}, headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Number must be between 1 and 20." in page.get_data(as_text=True)
    assert client.post("/admin/retention", data={"retention_years": "5"}).status_code == 302
    assert db.session.get(School, school.id).retention_years == 5
    assert db.session.get(School, other.id).retention_years == 2
    assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "school.retention_changed")) \
        == "2 -> 5 years"


def test_only_admin_sets_retention(client, login, make_school, make_user):
    school = make_school()
    login(make_user("director", school))
    assert client.post("/admin/retention", data={"retention_years": "5"}).status_code == 403
    assert db.session.get(School, school.id).retention_years == 2
