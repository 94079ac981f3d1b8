"""OpenID Connect sign-in against the real local provider (tests/oidc): the code flow with PKCE,
state and nonce, and who is let in."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.models import Membership, User
from incidents.auth.sessions.models import UserSession
from incidents.core.logs import redact
from incidents.extensions import db
from incidents.sso.operations import ProviderSettings, save_provider
from incidents.sso.secrets import encrypt_secret
from tests.oidc.provider import CLIENT_SECRET, free_port
from tests.sso.flow import EN, log_in_at_provider, sign_in, to_provider_login


def sessions_of(user):
    db.session.expire_all()
    return db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()


def audit_details(action):
    db.session.expire_all()
    return [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))]


def test_an_invited_account_signs_in_with_its_verified_school_e_mail(sso):
    http, page = sign_in(sso.base, sso.world.school.code, "anna")
    assert page.status_code == 200
    assert urlsplit(page.url).path == "/"
    assert "Coordinator Cor" in page.text  # signed in as the coordinator, at the school of the provider
    [record] = sessions_of(sso.world.coordinator)
    assert record.school_id == sso.world.school.id and record.ended_at is None
    assert audit_details("sso.login") == [None]  # the provider did not assert MFA
    assert http.get(f"{sso.base}/cases/{sso.world.case.id}", headers=EN, timeout=10).status_code == 200


def test_the_authorization_request_uses_pkce_state_and_nonce(sso):
    http = requests.Session()
    redirect = http.get(f"{sso.base}/sso/start", params={"school": sso.world.school.code}, allow_redirects=False)
    assert redirect.status_code == 302 and redirect.headers["Location"].startswith(sso.issuer)
    query = dict(parse_qsl(urlsplit(redirect.headers["Location"]).query))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["response_type"] == "code"
    assert query["redirect_uri"] == f"{sso.base}/sso/callback"


def test_a_second_factor_at_the_provider_is_remembered_for_the_second_factor_step(app, sso):
    http, page = sign_in(sso.base, sso.world.school.code, "mfa")
    assert "Director Dirk" in page.text
    assert audit_details("sso.login") == ["mfa"]
    cookie = app.session_interface.get_signing_serializer(app).loads(http.cookies["session"])
    assert cookie["sso_idp_mfa"] is True


def test_an_unverified_e_mail_is_refused(sso):
    sso.world.mentor.email = "unverified@baken.example"
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.school.code, "unverified")
    assert urlsplit(page.url).path == "/login"
    assert "no verified e-mail address" in page.text
    assert sessions_of(sso.world.mentor) == []
    assert audit_details("sso.refused") == ["email_unverified"]


def test_a_domain_the_school_did_not_allow_is_refused(sso):
    sso.world.mentor.email = "anna@elsewhere.example"
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.school.code, "elsewhere")
    assert urlsplit(page.url).path == "/login"
    assert "no access to Meldpunt at this school" in page.text
    assert sessions_of(sso.world.mentor) == []
    assert audit_details("sso.refused") == ["domain_not_allowed"]


def test_no_account_or_no_role_at_this_school_is_refused(sso, make_user):
    # "stranger" has no account at all: SSO creates none.
    http, page = sign_in(sso.base, sso.world.school.code, "stranger")
    assert "no access to Meldpunt at this school" in page.text
    assert db.session.scalar(select(User).where(User.email == "stranger@baken.example")) is None
    # An account of the other school only, with an address in the allowed domain.
    sso.world.other_director.email = "stranger@baken.example"
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.school.code, "stranger")
    assert urlsplit(page.url).path == "/login"
    assert sessions_of(sso.world.other_director) == []
    assert audit_details("sso.refused") == ["no_membership", "no_membership"]


def test_a_disabled_membership_is_refused(sso, frozen_clock):
    sso.world.coordinator.membership_at(sso.world.school.id).disabled_at = frozen_clock.now()
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.school.code, "anna")
    assert urlsplit(page.url).path == "/login"
    assert sessions_of(sso.world.coordinator) == []


def test_a_pending_invitation_is_accepted_by_the_sso_sign_in(sso, frozen_clock):
    membership = sso.world.coordinator.membership_at(sso.world.school.id)
    membership.invitation = "pending"
    membership.invite_expires_at = frozen_clock.now().replace(year=2027)
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.school.code, "anna")
    assert "Coordinator Cor" in page.text
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).invitation == "accepted"


def _with_state(url, state):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query), state=state)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_a_state_that_does_not_match_is_refused(sso):
    http, page = to_provider_login(sso.base, sso.world.school.code)
    callback_url = log_in_at_provider(http, page, "anna", follow_to_app=False)
    refused = http.get(_with_state(callback_url, "not-the-state-we-sent"), headers=EN, timeout=10)
    assert urlsplit(refused.url).path == "/login"
    assert "failed" in refused.text
    assert sessions_of(sso.world.coordinator) == []
    assert audit_details("sso.refused") == ["provider"]


def test_a_callback_from_another_browser_is_refused(sso):
    """Login CSRF: an attacker's own valid code and state, delivered to the victim's browser."""
    http, page = to_provider_login(sso.base, sso.world.school.code)
    callback_url = log_in_at_provider(http, page, "anna", follow_to_app=False)
    victim = requests.Session()
    victim.get(f"{sso.base}/sso/start", params={"school": sso.world.school.code}, allow_redirects=False)
    refused = victim.get(callback_url, headers=EN, timeout=10)
    assert urlsplit(refused.url).path == "/login"
    assert sessions_of(sso.world.coordinator) == []


def test_the_session_starts_at_the_school_of_the_provider(sso, make_user):
    """An account in two schools signs in through the second school's provider: it works there."""
    both = make_user("coordinator", sso.world.school, sso.world.other_school, name="Twee Scholen")
    sso.world.coordinator.email = "coordinator-old@baken.example"
    db.session.flush()
    both.email = "anna@baken.example"
    save_provider(
        sso.world.other_school,
        ProviderSettings(
            label="Het Andere College (test)",
            issuer=sso.issuer,
            client_id=sso.provider.client_id,
            client_secret=CLIENT_SECRET,
            allowed_domains=["baken.example"],
            enabled=True,
            local_passwords_off=False,
        ),
        sso.world.admin,
    )
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.other_school.code, "anna")
    assert "Twee Scholen" in page.text
    [record] = sessions_of(both)
    assert record.school_id == sso.world.other_school.id
    assert http.get(f"{sso.base}/cases/{sso.world.other_case.id}", headers=EN, timeout=10).status_code == 200


def test_a_school_without_sso_has_no_start(sso):
    assert requests.get(f"{sso.base}/sso/start", params={"school": "NOPE"}, timeout=10).status_code == 404
    sso.provider.enabled = False
    db.session.commit()
    page = requests.get(f"{sso.base}/sso/start", params={"school": sso.world.school.code}, timeout=10)
    assert page.status_code == 404


def test_the_client_secret_is_checked_by_the_providers_token_endpoint(sso):
    sso.provider.client_secret_encrypted = encrypt_secret("not-the-secret")
    db.session.commit()
    http, page = sign_in(sso.base, sso.world.school.code, "anna")
    assert urlsplit(page.url).path == "/login" and "failed" in page.text
    assert sessions_of(sso.world.coordinator) == []


def test_the_code_and_state_never_reach_the_request_log():
    line = '127.0.0.1 - - "GET /sso/callback?code=SECRETCODE&state=STATE&iss=x HTTP/1.1" 302 -'
    assert redact(line) == '127.0.0.1 - - "GET /sso/callback?[redacted] HTTP/1.1" 302 -'


def test_an_unreachable_provider_gives_a_message_not_an_error(sso):
    sso.provider.issuer = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    db.session.commit()
    page = requests.get(f"{sso.base}/sso/start", params={"school": sso.world.school.code}, headers=EN, timeout=30)
    assert page.status_code == 200 and urlsplit(page.url).path == "/login"
    assert "sign-in service cannot be reached" in page.text


def test_with_a_second_factor_required_the_providers_mfa_counts_and_otherwise_totp_is_asked(
    sso, second_factor_required
):
    http, page = sign_in(sso.base, sso.world.school.code, "mfa")  # the provider asserts amr "mfa"
    assert urlsplit(page.url).path == "/" and "Director Dirk" in page.text
    [record] = sessions_of(sso.world.director)
    assert record.second_factor_ok and record.second_factor_at is not None
    http, page = sign_in(sso.base, sso.world.school.code, "anna")  # no MFA at the provider, not enrolled
    assert urlsplit(page.url).path == "/second-factor/enrol"
    assert (
        http.get(f"{sso.base}/cases/{sso.world.case.id}", headers=EN, timeout=10, allow_redirects=False).status_code
        == 302
    )
