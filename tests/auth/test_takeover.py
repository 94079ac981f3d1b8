"""The cross-school account takeover of issue 10, replayed: an administrator of school A creates
an account with the address of school B's future director. Nobody but the holder ever
chooses its password, so A's administrator cannot sign in as them, and A's role grants nothing
until the holder accepts it."""

from sqlalchemy import select

from incidents.auth.models import Membership, User
from incidents.extensions import db
from tests.auth.mail import last_link, mails_to, new_password
from tests.helpers import EN

X = "x@schoolb.example"
GUESSES = ("admin-a-knows-this-one", "demo", "correct horse battery staple", "")
OWN_PASSWORD = "zelf gekozen door de directeur"


def membership(user_id, school):
    db.session.expire_all()
    return db.session.scalar(select(Membership).where(Membership.user_id == user_id, Membership.school_id == school.id))


def test_school_b_person_sets_own_password_and_a_admin_cannot_sign_in_as_them(
    client, login, make_school, make_user, make_person, make_case, configure
):
    configure(LOGIN_DELAY_AFTER=10**6)  # every guess is checked here; the delay is tested in test_throttle*.py
    school_a, school_b = make_school(name="School A"), make_school(name="School B")
    admin_a, admin_b = make_user("admin", school_a), make_user("admin", school_b)
    director_b = make_user("director", school_b)
    pupil_b = make_person(school_b, first_name="Bea", last_name="Geheim")
    case_b = make_case(school_b, director_b, [(pupil_b, "target")])

    # A's administrator creates the account; even a password typed into the form is ignored.
    login(admin_a)
    data = {"name": "X", "email": X, "role": "admin", "password": GUESSES[0]}
    assert client.post("/admin/users", data=data).status_code == 302
    x = db.session.scalar(select(User).where(User.email == X))
    assert x.password_hash is None
    link_from_a = last_link(X, "invitation")
    assert link_from_a.startswith("/invitation/")
    assert link_from_a.split("/")[-1] not in client.get("/admin/outbox").get_data(as_text=True)

    # School B's administrator adds the same address as director: a pending role, its own invitation.
    login(admin_b)
    assert client.post("/admin/users", data={"name": "Dir X", "email": X, "role": "director"}).status_code == 302
    assert membership(x.id, school_b).invitation == "pending"
    assert membership(x.id, school_b).approval == "pending"
    assert mails_to(director_b.email, "role_approval"), "the school's director is asked to approve"
    link_from_b = last_link(X, "invitation")
    client.post("/logout")

    # Nothing A's administrator can type signs in as x.
    for guess in GUESSES:
        response = client.post("/login", data={"email": X, "password": guess}, headers=EN)
        assert response.status_code == 200

    # x reads B's e-mail and chooses their own password; B's link works once.
    assert new_password(client, link_from_b, OWN_PASSWORD).status_code == 302
    assert new_password(client, link_from_b, "nog een ander wachtwoord").status_code == 404
    # A's older link can no longer set a password: the account has one now.
    assert "Sign in" in client.get(link_from_a, headers=EN).get_data(as_text=True)
    new_password(client, link_from_a, GUESSES[0] + "-123")
    for guess in (*GUESSES, GUESSES[0] + "-123"):
        assert client.post("/login", data={"email": X, "password": guess}).status_code == 200

    # x signs in; B's director role opens nothing until B's director approves it.
    response = client.post("/login", data={"email": X, "password": OWN_PASSWORD})
    assert response.headers["Location"] == "/account/invitations"  # nothing granted yet
    assert client.get(f"/cases/{case_b.id}").status_code in (302, 403, 404)
    assert client.post("/switch-school", data={"school_id": school_a.id}).status_code == 404
    login(director_b)
    assert client.post(f"/approvals/{membership(x.id, school_b).id}/approve").status_code == 302
    client.post("/logout")
    client.post("/login", data={"email": X, "password": OWN_PASSWORD})
    assert client.get(f"/cases/{case_b.id}").status_code == 200
    # A's invitation is still only pending: x never accepted it, so no switch to school A.
    assert membership(x.id, school_a).invitation == "pending"
    assert client.post("/switch-school", data={"school_id": school_a.id}).status_code == 404
