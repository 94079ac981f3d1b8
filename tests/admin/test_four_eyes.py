"""Four eyes on case access: a case role an administrator grants waits until a director of
that school approves it; every director is told by e-mail; an administrator alone can never
give themselves, or an account they control, case access."""

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.models import Membership, User
from incidents.extensions import db
from tests.auth.mail import last_link, mails_to, new_password
from tests.helpers import EN

CONTROLLED = "tweede-adres@admin.example"
PASSWORD = "door de beheerder gekozen"


def membership_of(email, school):
    db.session.expire_all()
    return db.session.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(User.email == email, Membership.school_id == school.id)
    )


def invite_and_accept(client, school, role, email=CONTROLLED):
    """The admin invites an address they read themselves, and accepts the invitation as its holder."""
    assert client.post("/admin/users", data={"name": "Handlanger", "email": email, "role": role}).status_code == 302
    client.post("/logout")
    assert new_password(client, last_link(email, "invitation"), PASSWORD).status_code == 302
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_a_coordinator_granted_by_the_admin_waits_for_a_director(
    client, login, make_school, make_user, make_person, make_case
):
    school = make_school()
    admin = make_user("admin", school)
    directors = [make_user("director", school), make_user("director", school)]
    case = make_case(school, directors[0], [(make_person(school), "target")])
    login(admin)
    invite_and_accept(client, school, "coordinator")
    # Accepted, yet no case access: the approval is pending.
    assert client.get(f"/cases/{case.id}").status_code in (302, 403)
    assert client.get("/").status_code == 403
    assert "starts once a director of the school has approved it" in client.get(
        "/account/invitations", headers=EN
    ).get_data(as_text=True)
    # Every director of the school was told.
    for director in directors:
        [mail] = mails_to(director.email, "role_approval")
        assert "/approvals" in mail.body_text
    login(directors[1])
    page = client.get("/approvals", headers=EN).get_data(as_text=True)
    assert "Handlanger" in page
    member = membership_of(CONTROLLED, school)
    assert client.post(f"/approvals/{member.id}/approve").status_code == 302
    approved = membership_of(CONTROLLED, school)
    assert (approved.approval, approved.approved_by_id) == ("approved", directors[1].id)
    client.post("/logout")
    client.post("/login", data={"email": CONTROLLED, "password": PASSWORD})
    assert client.get(f"/cases/{case.id}").status_code == 200
    actions = [row.action for row in db.session.scalars(select(AuditEvent))]
    assert "role.granted" in actions and "role.approved" in actions


def test_a_mentor_role_also_waits_so_no_case_role_comes_from_the_admin_alone(client, login, make_school, make_user):
    school = make_school()
    login(make_user("admin", school))
    invite_and_accept(client, school, "mentor")
    assert client.get("/").status_code == 403
    assert membership_of(CONTROLLED, school).approval == "pending"


def test_the_admin_role_needs_no_approval_as_it_opens_no_case(client, login, make_school, make_user):
    school = make_school()
    login(make_user("admin", school))
    invite_and_accept(client, school, "admin")
    assert client.get("/admin/users").status_code == 200
    assert client.get("/").status_code == 403


def test_without_a_director_nobody_in_the_browser_can_approve(client, login, make_school, make_user):
    school, other = make_school(), make_school()
    admin = make_user("admin", school)
    other_director = make_user("director", other)
    login(admin)
    invite_and_accept(client, school, "director")
    member = membership_of(CONTROLLED, school)
    # The pending director cannot approve their own role; nor can the admin or another school's director.
    assert client.get("/approvals").status_code == 403
    assert client.post(f"/approvals/{member.id}/approve").status_code == 403
    login(admin)
    assert client.post(f"/approvals/{member.id}/approve").status_code == 403
    login(other_director)
    assert client.post(f"/approvals/{member.id}/approve").status_code == 404
    assert membership_of(CONTROLLED, school).approval == "pending"


def test_a_director_refuses_and_the_role_is_withdrawn(client, login, make_school, make_user):
    school = make_school()
    admin, director = make_user("admin", school), make_user("director", school)
    login(admin)
    client.post("/admin/users", data={"name": "Onbekend", "email": CONTROLLED, "role": "coordinator"})
    member = membership_of(CONTROLLED, school)
    login(director)
    assert client.post(f"/approvals/{member.id}/refuse").status_code == 302
    assert membership_of(CONTROLLED, school).invitation == "withdrawn"
    client.post("/logout")
    assert client.get(last_link(CONTROLLED, "invitation")).status_code == 404
    assert "role.refused" in [row.action for row in db.session.scalars(select(AuditEvent))]


def test_an_admin_cannot_give_their_own_account_a_case_role(client, login, make_school, make_user):
    school = make_school()
    admin = make_user("admin", school)
    login(admin)
    response = client.post("/admin/users", data={"name": "Ik", "email": admin.email, "role": "director"}, headers=EN)
    assert "already has a role at this school" in response.get_data(as_text=True)
    assert membership_of(admin.email, school).role == "admin"
