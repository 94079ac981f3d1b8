from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from tests.helpers import EN, TEST_PASSWORD


def test_login_with_correct_password_reaches_case_list(client, make_school, make_user):
    school = make_school()
    user = make_user("mentor", school)
    response = client.post("/login", data={"email": user.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login")).user_id == user.id


def test_wrong_password_shows_message_and_keeps_email(client, make_school, make_user):
    user = make_user("mentor", make_school())
    response = client.post("/login", data={"email": user.email, "password": "wrong"}, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Unknown e-mail address or wrong password." in html
    assert f'value="{user.email}"' in html


def test_anonymous_user_is_sent_to_login(client, app):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_ends_the_session(client, make_school, make_user, login):
    login(make_user("mentor", make_school()))
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_login_ignores_external_next_url(client, make_school, make_user):
    user = make_user("mentor", make_school())
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_admin_cannot_open_case_list(client, make_school, make_user, login):
    login(make_user("admin", make_school()))
    assert client.get("/").status_code == 403
    assert client.get("/admin/users").status_code == 200


def test_mentor_cannot_open_admin_pages(client, make_school, make_user, login):
    login(make_user("mentor", make_school()))
    assert client.get("/admin/users").status_code == 403


def test_user_with_two_schools_switches_school(client, make_school, make_user, login):
    first, second = make_school(name="Eerste School"), make_school(name="Tweede School")
    login(make_user("coordinator", first, second))
    assert "Eerste School" in client.get("/").get_data(as_text=True).split("<main>")[1]
    client.post("/switch-school", data={"school_id": second.id})
    assert "Tweede School" in client.get("/").get_data(as_text=True).split("<main>")[1]


def test_switching_to_a_school_without_a_role_is_refused(client, make_school, make_user, login):
    mine, other = make_school(), make_school()
    login(make_user("coordinator", mine))
    assert client.post("/switch-school", data={"school_id": other.id}).status_code == 404


def test_production_refuses_demo_password(client, app, make_school, make_user, configure):
    from incidents.auth.models import User
    from incidents.auth.passwords import hash_password

    user = make_user("mentor", make_school())
    db.session.get(User, user.id).password_hash = hash_password("demo")
    db.session.commit()
    configure(ENV_NAME="production")
    response = client.post("/login", data={"email": user.email, "password": "demo"})
    assert response.status_code == 200  # form shown again, not signed in
    configure(ENV_NAME="test")
    assert client.post("/login", data={"email": user.email, "password": "demo"}).status_code == 302


def test_admin_adds_account_and_duplicate_is_reported_next_to_field(client, make_school, make_user, login):
    school = make_school()
    admin = make_user("admin", school)
    login(admin)
    data = {
        "name": "Nieuwe Mentor",
        "email": "nieuw@example.org",
        "role": "mentor",
        "password": "lang-genoeg-wachtwoord",
    }
    assert client.post("/admin/users", data=data).status_code == 302
    again = client.post("/admin/users", data=data, headers=EN)
    assert "already has a role" in again.get_data(as_text=True)
    assert 'value="Nieuwe Mentor"' in again.get_data(as_text=True)
