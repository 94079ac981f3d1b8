"""Disabling, re-enabling and removing roles: an administrator acts at their own school only.
Disabling at school A ends the account's access at A at once and leaves its roles at B alone;
an account disabled at every school it belongs to cannot sign in (and its session ends)."""

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.models import Membership
from incidents.extensions import db
from tests.helpers import EN, TEST_PASSWORD


def membership(user, school):
    db.session.expire_all()
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id, Membership.school_id == school.id))


def audits(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_disabling_at_one_school_leaves_the_other_school_alone(client, login, make_school, make_user):
    school_a, school_b = make_school(name="School A"), make_school(name="School B")
    admin_a = make_user("admin", school_a)
    coordinator = make_user("coordinator", school_a, school_b)
    login(coordinator)
    client.post("/switch-school", data={"school_id": school_a.id})
    assert client.get("/").status_code == 200
    other = client.application.test_client()  # the coordinator's session stays open meanwhile
    other.post("/login", data={"email": admin_a.email, "password": TEST_PASSWORD})
    assert other.post(f"/admin/users/{membership(coordinator, school_a).id}/disable").status_code == 302
    # At once: school A is gone from the open session; school B still works.
    assert "School B" in client.get("/").get_data(as_text=True).split("<main>")[1]
    assert client.post("/switch-school", data={"school_id": school_a.id}).status_code == 404
    # A's admin cannot touch the role at school B.
    assert other.post(f"/admin/users/{membership(coordinator, school_b).id}/disable").status_code == 404
    assert membership(coordinator, school_b).disabled_at is None
    [row] = audits("account.disabled")
    assert (row.object_type, row.object_id, row.school_id, row.user_id) == (
        "users",
        coordinator.id,
        school_a.id,
        admin_a.id,
    )
    assert other.post(f"/admin/users/{membership(coordinator, school_a).id}/enable").status_code == 302
    assert client.post("/switch-school", data={"school_id": school_a.id}).status_code == 302
    assert len(audits("account.enabled")) == 1


def test_an_account_disabled_everywhere_is_signed_out_and_cannot_sign_in(client, login, make_school, make_user):
    school = make_school()
    admin, mentor = make_user("admin", school), make_user("mentor", school)
    login(mentor)
    admin_client = client.application.test_client()
    admin_client.post("/login", data={"email": admin.email, "password": TEST_PASSWORD})
    admin_client.post(f"/admin/users/{membership(mentor, school).id}/disable")
    assert client.get("/").status_code == 302  # the open session no longer signs them in
    response = client.post("/login", data={"email": mentor.email, "password": TEST_PASSWORD}, headers=EN)
    assert "Unknown e-mail address or wrong password." in response.get_data(as_text=True)


def test_removing_a_role_ends_access_and_is_audited(client, login, make_school, make_user):
    school, other = make_school(), make_school()
    admin, director = make_user("admin", school), make_user("director", school, other)
    login(admin)
    assert client.post(f"/admin/users/{membership(director, school).id}/remove").status_code == 302
    assert membership(director, school) is None
    [row] = audits("role.removed")
    assert (row.object_id, row.school_id, row.detail) == (director.id, school.id, "director")
    assert membership(director, other) is not None


def test_an_admin_cannot_disable_or_remove_their_own_role(client, login, make_school, make_user):
    school = make_school()
    admin = make_user("admin", school)
    login(admin)
    own = membership(admin, school).id
    for what in ("disable", "remove"):
        assert client.post(f"/admin/users/{own}/{what}").status_code == 302
    assert membership(admin, school).disabled_at is None
    assert client.get("/admin/users").status_code == 200


def test_only_admins_manage_roles(client, login, make_school, make_user):
    school = make_school()
    mentor, director = make_user("mentor", school), make_user("director", school)
    login(director)
    assert client.post(f"/admin/users/{membership(mentor, school).id}/disable").status_code == 403
    assert membership(mentor, school).disabled_at is None


def test_the_users_page_shows_status_and_buttons(client, login, make_school, make_user):
    school = make_school()
    admin, mentor = make_user("admin", school), make_user("mentor", school)
    login(admin)
    client.post("/admin/users", data={"name": "Nieuw", "email": "nieuw@example.org", "role": "coordinator"})
    page = client.get("/admin/users", headers=EN).get_data(as_text=True)
    assert page.count('data-invitation="accepted"') == 2 and page.count('data-invitation="pending"') == 1
    assert "awaiting approval by a director" in page
    assert f'/admin/users/{membership(mentor, school).id}/disable"' in page
    assert f'/admin/users/{membership(admin, school).id}/disable"' not in page
