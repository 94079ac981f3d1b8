"""Invitations: a single-use link valid 72 hours, only its hash stored; an existing account
accepts after signing in; until then the membership grants nothing. The administrator sees
pending, accepted, expired and withdrawn, and resends or withdraws."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.models import Membership, User
from incidents.auth.tokens import token_hash
from incidents.extensions import db
from tests.auth.mail import last_link, mails_to, new_password
from tests.helpers import EN

NEW = "nieuw@example.org"
GOOD = "drie losse woorden hier"


@pytest.fixture
def school_admin(make_school, make_user):
    school = make_school(name="Het Baken")
    return school, make_user("admin", school)


def invite(client, email=NEW, role="admin", name="Nieuwe Collega"):
    return client.post("/admin/users", data={"name": name, "email": email, "role": role})


def membership_of(email, school):
    db.session.expire_all()
    return db.session.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(User.email == email, Membership.school_id == school.id)
    )


def test_the_admin_form_asks_no_password(client, login, school_admin):
    login(school_admin[1])
    page = client.get("/admin/users", headers=EN).get_data(as_text=True)
    assert 'type="password"' not in page and "Send invitation" in page


def test_a_new_account_gets_a_link_to_choose_its_own_password(client, login, school_admin, frozen_clock):
    school, admin = school_admin
    login(admin)
    assert invite(client).status_code == 302
    link = last_link(NEW, "invitation")
    token = link.rsplit("/", 1)[1]
    member = membership_of(NEW, school)
    # Only the hash is stored, nowhere the token itself; 72 hours from now.
    assert member.invite_token_hash == token_hash(token)
    assert token not in repr([tuple(row) for row in db.session.execute(select(Membership.__table__)).all()])
    assert member.invite_expires_at == frozen_clock.now() + timedelta(hours=72)
    assert member.invitation_status(frozen_clock.now()) == "pending"
    client.post("/logout")

    page = client.get(link, headers=EN).get_data(as_text=True)
    assert "Choose your password" in page and NEW in page
    assert new_password(client, link, GOOD).status_code == 302
    member = membership_of(NEW, school)
    assert (member.invitation, member.invite_token_hash, member.accepted_at) == ("accepted", None, frozen_clock.now())
    assert client.post("/login", data={"email": NEW, "password": GOOD}).status_code == 302
    assert client.get("/admin/users").status_code == 200  # the admin role needs no director's approval
    # Single use.
    assert client.get(link).status_code == 404


def test_the_link_expires_after_72_hours(client, login, school_admin, frozen_clock):
    school, admin = school_admin
    login(admin)
    invite(client)
    link = last_link(NEW, "invitation")
    client.post("/logout")
    frozen_clock(frozen_clock.now() + timedelta(hours=72, seconds=1))
    assert client.get(link, headers=EN).status_code == 404
    assert new_password(client, link, GOOD).status_code == 404
    assert db.session.scalar(select(User).where(User.email == NEW)).password_hash is None
    login(admin)
    page = client.get("/admin/users", headers=EN).get_data(as_text=True)
    assert 'data-invitation="expired"' in page and "invitation expired" in page


def test_resend_voids_the_old_link_and_withdraw_voids_every_link(
    client, login, school_admin, frozen_clock, long_sessions
):
    school, admin = school_admin
    login(admin)
    invite(client)
    first = last_link(NEW, "invitation")
    member = membership_of(NEW, school)
    frozen_clock(frozen_clock.now() + timedelta(hours=80))  # expired: resend starts 72 hours again
    assert client.post(f"/admin/users/{member.id}/resend").status_code == 302
    second = last_link(NEW, "invitation")
    assert second != first and len(mails_to(NEW, "invitation")) == 2
    assert membership_of(NEW, school).invitation_status(frozen_clock.now()) == "pending"
    assert client.post(f"/admin/users/{member.id}/withdraw").status_code == 302
    assert 'data-invitation="withdrawn"' in client.get("/admin/users").get_data(as_text=True)
    client.post("/logout")
    for link in (first, second):
        assert client.get(link).status_code == 404
    # A withdrawn invitation is not resent; adding the person again invites anew.
    login(admin)
    client.post(f"/admin/users/{member.id}/resend")
    assert len(mails_to(NEW, "invitation")) == 2
    assert invite(client).status_code == 302
    assert membership_of(NEW, school).invitation == "pending" and len(mails_to(NEW, "invitation")) == 3


def test_an_existing_account_accepts_after_signing_in_and_gains_nothing_before(
    client, login, make_school, make_user, make_case, make_person
):
    home, other = make_school(name="Thuisschool"), make_school(name="Andere School")
    coordinator = make_user("coordinator", home)
    admin = make_user("admin", other)
    make_user("director", other)
    login(admin)
    assert invite(client, email=coordinator.email, role="admin", name="Typed By Other School").status_code == 302
    assert last_link(coordinator.email, "invitation") is None  # no token: the holder signs in
    assert "/account/invitations" in mails_to(coordinator.email, "invitation")[-1].body_text
    assert db.session.get(User, coordinator.id).name != "Typed By Other School"

    login(coordinator)
    assert client.post("/switch-school", data={"school_id": other.id}).status_code == 404
    page = client.get("/account/invitations", headers=EN).get_data(as_text=True)
    assert "Andere School" in page
    member = membership_of(coordinator.email, other)
    assert client.post(f"/account/invitations/{member.id}/accept").status_code == 302
    assert client.post("/switch-school", data={"school_id": other.id}).status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_a_declined_invitation_grants_nothing_and_others_cannot_answer_it(client, login, make_school, make_user):
    home, other = make_school(), make_school()
    mentor, stranger = make_user("mentor", home), make_user("mentor", home)
    login(make_user("admin", other))
    invite(client, email=mentor.email, role="admin")
    member = membership_of(mentor.email, other)
    login(stranger)
    assert client.post(f"/account/invitations/{member.id}/accept").status_code == 404
    login(mentor)
    assert client.post(f"/account/invitations/{member.id}/decline").status_code == 302
    assert membership_of(mentor.email, other).invitation == "withdrawn"
    assert client.post(f"/account/invitations/{member.id}/accept").status_code == 404
    assert client.post("/switch-school", data={"school_id": other.id}).status_code == 404


def test_a_weak_password_is_refused_at_the_field_and_nothing_is_saved(client, login, school_admin):
    school, admin = school_admin
    login(admin)
    invite(client, name="Petra Pietersen")
    link = last_link(NEW, "invitation")
    client.post("/logout")
    for weak, message in (
        ("kort", "Use at least 12 characters."),
        ("qwertyuiop123", "one of the most common passwords"),
        ("pietersen is mijn naam", "Do not use your name or e-mail address"),
    ):
        page = new_password(client, link, weak, headers=EN).get_data(as_text=True)
        assert message in page
    page = new_password(client, link, GOOD, repeat=GOOD + "x", headers=EN).get_data(as_text=True)
    assert "The two passwords are not the same." in page
    assert membership_of(NEW, school).invitation == "pending"
    assert db.session.scalar(select(User).where(User.email == NEW)).password_hash is None


def test_security_events_are_audited_with_ids_only(client, login, school_admin):
    school, admin = school_admin
    login(admin)
    invite(client)
    link = last_link(NEW, "invitation")
    client.post("/logout")
    new_password(client, link, GOOD)
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [row.action for row in rows]
    for action in ("role.granted", "invitation.sent", "password.set", "invitation.accepted"):
        assert action in actions
    member = membership_of(NEW, school)
    sent = next(row for row in rows if row.action == "invitation.sent")
    assert (sent.object_type, sent.object_id, sent.school_id, sent.user_id) == (
        "memberships",
        member.id,
        school.id,
        admin.id,
    )
    assert all(NEW not in (row.detail or "") and "example.org" not in (row.detail or "") for row in rows)


def test_invitation_and_reset_tokens_are_redacted_from_request_logs():
    from incidents.core.logs import redact

    assert redact("GET /invitation/AbC-123_x HTTP/1.1") == "GET /invitation/[redacted] HTTP/1.1"
    assert redact("POST /reset/AbC-123_x?lang=en") == "POST /reset/[redacted]?lang=en"


def test_a_sent_invitation_keeps_no_usable_link_in_the_outbox(client, login, school_admin):
    from incidents.accounts.mails import SENT_BODY
    from incidents.outbox.hooks import message_sent

    login(school_admin[1])
    invite(client)
    [message] = mails_to(NEW, "invitation")
    message_sent("invitation", message.id, None)
    db.session.commit()
    assert mails_to(NEW, "invitation")[0].body_text == SENT_BODY


def test_opening_a_valid_link_writes_nothing(client, login, school_admin):
    """The GET of an invitation or reset page shows the form; only the POST uses the link."""
    school, admin = school_admin
    login(admin)
    invite(client)
    client.post("/logout")
    client.post("/forgot-password", data={"email": admin.email})
    links = [last_link(NEW, "invitation"), last_link(admin.email, "password_reset")]
    tables = ("users", "memberships", "outbox_messages", "audit_events")

    def snapshot():
        db.session.rollback()
        return {t: db.session.execute(select(db.metadata.tables[t])).all() for t in tables}

    before = snapshot()
    for link in links:
        assert client.get(link).status_code == 200
    assert snapshot() == before
