"""What a successful sign-in writes: the audit row, and a fresher hash when the stored one
was made with outdated parameters (an operation, not the view)."""

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth import operations
from incidents.auth.models import User
from incidents.auth.passwords import check_password
from incidents.extensions import db
from tests.conftest import TEST_PASSWORD


def test_an_outdated_hash_is_replaced_at_sign_in(client, make_school, make_user, monkeypatch):
    user = make_user("mentor", make_school())
    old_hash = user.password_hash
    monkeypatch.setattr(operations, "needs_rehash", lambda password_hash: password_hash == old_hash)
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    db.session.expire_all()
    new_hash = db.session.get(User, user.id).password_hash
    assert new_hash != old_hash and check_password(new_hash, TEST_PASSWORD)
    assert db.session.scalar(select(AuditEvent.user_id).where(AuditEvent.action == "login")) == user.id


def test_a_current_hash_is_kept(client, make_school, make_user, monkeypatch):
    user = make_user("mentor", make_school())
    monkeypatch.setattr(operations, "needs_rehash", lambda password_hash: False)
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == user.password_hash
