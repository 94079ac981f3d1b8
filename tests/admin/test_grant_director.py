"""`flask --app app grant-director EMAIL --school CODE`: a school's first director, from the shell."""

from sqlalchemy import select

from incidents.auth.models import Membership, User
from incidents.extensions import db
from tests.auth.mail import last_link, new_password


def run(app, *args):
    return app.test_cli_runner().invoke(args=["grant-director", *args])


def test_a_new_account_gets_an_invitation_and_is_director_once_it_sets_a_password(app, client, make_school, configure):
    configure(PUBLIC_URL="http://localhost")  # the site's address for the link, outside a request
    school = make_school()
    result = run(app, "eerste@school.example", "--school", school.code, "--name", "Eerste Directeur")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "eerste@school.example"))
    assert user.password_hash is None and user.name == "Eerste Directeur"
    link = last_link("eerste@school.example", "invitation")
    assert link.startswith("/invitation/")
    assert new_password(client, link, "een nieuwe schoolleider begint").status_code == 302
    client.post("/login", data={"email": "eerste@school.example", "password": "een nieuwe schoolleider begint"})
    assert client.get("/approvals").status_code == 200


def test_an_existing_account_is_director_at_once(app, client, login, make_school, make_user):
    school, home = make_school(), make_school()
    mentor = make_user("mentor", home)
    assert run(app, mentor.email.upper(), "--school", school.code).exit_code == 0
    db.session.expire_all()
    member = db.session.scalar(
        select(Membership).where(Membership.user_id == mentor.id, Membership.school_id == school.id)
    )
    assert (member.role, member.invitation, member.approval) == ("director", "accepted", "approved")
    login(mentor)
    assert client.post("/switch-school", data={"school_id": school.id}).status_code == 302
    assert client.get("/approvals").status_code == 200


def test_an_unknown_school_is_refused(app, make_school):
    result = run(app, "x@example.org", "--school", "NOPE")
    assert result.exit_code != 0 and "No school" in result.output
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None
