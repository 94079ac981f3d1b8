"""TOTP (issue 10 point 5): enrolment with a server-side QR code, codes accepted once within one
step either side, single-use recovery codes, "remember this browser" for 14 days."""

import re
from datetime import timedelta

import pytest

from incidents.auth.totp import codes
from incidents.auth.totp.models import RecoveryCode, TotpCredential
from incidents.auth.totp.operations import verify
from incidents.auth.totp.remember import COOKIE
from incidents.extensions import db
from tests.auth.totp_helpers import actions, errors, get, open_sessions, password_only
from tests.helpers import EN, count, current_code, sign_in


def test_enrolment_shows_qr_and_secret_then_a_first_code_confirms_it(
    client, world, frozen_clock, second_factor_required
):
    assert password_only(client, world.director).startswith("/second-factor/enrol")
    page = get(client, "/second-factor/enrol").get_data(as_text=True)
    assert "<svg" in page and "<path" in page  # drawn here, no external image service
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "http" not in svg and "style=" not in svg  # nothing fetched, nothing the CSP would block
    secret = re.search(r"<code data-secret>(.*?)</code>", page).group(1).replace(" ", "")
    sealed = re.search(r'name="sealed_secret" type="hidden" value="([^"]+)"', page).group(1)
    assert secret not in sealed  # the hidden field holds it encrypted: the client cannot pick one

    wrong = client.post("/second-factor/enrol", data={"sealed_secret": sealed, "code": "000000"}, headers=EN)
    assert wrong.status_code == 200 and errors(wrong) == ["This code is not right. Enter the code the app shows now."]
    assert count(TotpCredential) == 0 and secret in wrong.get_data(as_text=True).replace(" ", "")  # same key kept

    code = codes.code_at(secret, frozen_clock.now())
    done = client.post("/second-factor/enrol", data={"sealed_secret": sealed, "code": code}, headers=EN)
    shown = re.findall(r"<code data-recovery-code>(.*?)</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and len(shown) == 10 and len(set(shown)) == 10
    assert done.headers["Cache-Control"] == "private, no-store"
    credential = db.session.query(TotpCredential).one()
    assert secret.encode() not in credential.secret_encrypted  # encrypted at rest
    stored = {r.code_hash for r in db.session.query(RecoveryCode)}
    assert stored == {codes.recovery_code_hash(c) for c in shown} and not set(shown) & stored  # hashes only
    assert get(client, "/").status_code == 200  # the session now grants the role
    assert len(actions("second_factor.enrolled")) == 1


def test_an_enrolled_user_gives_a_code_before_anything_is_granted(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.coordinator)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    assert password_only(client, world.coordinator).startswith("/second-factor?next=")
    assert get(client, "/").headers["Location"].startswith("/second-factor?next=/")
    assert get(client, f"/people/{world.femke.id}").status_code == 302
    wrong = client.post("/second-factor", data={"code": "123456"}, headers=EN)
    assert errors(wrong) == ["This code is not right or was used already."]
    assert len(actions("second_factor.failed")) == 1
    assert get(client, "/").status_code == 302  # still pending
    ok = client.post("/second-factor", data={"code": current_code(world.coordinator), "next": "/"})
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    assert get(client, "/").status_code == 200
    [record] = open_sessions(world.coordinator)
    assert record.second_factor_ok and record.second_factor_at == frozen_clock.now()


def test_a_code_is_accepted_once_replay_refused(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    code = current_code(world.director)
    assert verify(world.director, code) is not None
    assert verify(world.director, code) is None  # the same code again: a replay
    # An older step's code is refused too once a later one was used.
    assert verify(world.director, current_code(world.director, offset=-1)) is None
    db.session.commit()
    # Through the page: the code typed on one browser does not open a second one.
    password_only(client, world.director)
    assert errors(client.post("/second-factor", data={"code": code}, headers=EN)) == [
        "This code is not right or was used already."
    ]


@pytest.mark.parametrize("offset, accepted", [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_a_code_within_one_step_either_side_is_accepted(
    app, world, frozen_clock, enrol_second_factor, offset, accepted
):
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=5))
    assert (verify(world.director, current_code(world.director, offset=offset)) is not None) is accepted


def test_a_recovery_code_works_once(client, world, frozen_clock, enrol_second_factor):
    _secret, recovery = enrol_second_factor(world.director)
    password_only(client, world.director)
    response = client.post("/second-factor", data={"code": recovery[3].upper(), "next": "/"}, headers=EN)
    assert response.status_code == 302 and get(client, "/").status_code == 200
    assert len(actions("second_factor.recovery_code_used")) == 1
    assert actions("second_factor.recovery_code_used")[0].detail == "9 left"
    password_only(client, world.director)
    assert errors(client.post("/second-factor", data={"code": recovery[3]}, headers=EN)) == [
        "This code is not right or was used already."
    ]
    assert client.post("/second-factor", data={"code": recovery[4]}).status_code == 302


def _remembered_sign_in(client, user):
    password_only(client, user)
    response = client.post("/second-factor", data={"code": current_code(user), "remember": "y", "next": "/"})
    assert response.status_code == 302
    cookie = response.headers.get_all("Set-Cookie")
    assert any(c.startswith(COOKIE + "=") and "HttpOnly" in c and "Max-Age=1209600" in c for c in cookie)


def test_a_remembered_browser_skips_the_code_for_14_days(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    _remembered_sign_in(client, world.director)
    frozen_clock(frozen_clock.now() + timedelta(days=13))
    assert password_only(client, world.director) == "/"  # no code asked
    assert get(client, "/").status_code == 200
    # The remembered browser passes the sign-in, not step-up: that still asks for a code.
    assert get(client, f"/people/{world.teacher.id}").headers["Location"].startswith("/second-factor/step-up")
    frozen_clock(frozen_clock.now() + timedelta(days=1, minutes=1))
    assert password_only(client, world.director).startswith("/second-factor?")  # 14 days are over


def test_a_remembered_browser_of_another_account_counts_for_nothing(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.director)
    enrol_second_factor(world.coordinator)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    _remembered_sign_in(client, world.director)
    assert password_only(client, world.coordinator).startswith("/second-factor?")


def test_sign_out_everywhere_forgets_remembered_browsers(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    _remembered_sign_in(client, world.director)
    assert client.post("/account/sessions/end-others").status_code == 302
    assert password_only(client, world.director).startswith("/second-factor?")


def test_a_password_change_forgets_remembered_browsers(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    _remembered_sign_in(client, world.director)
    new = "a much longer new passphrase 42"
    response = client.post(
        "/account/password",
        data={"current": "correct horse battery staple", "password": new, "repeat": new},
    )
    assert response.status_code == 302
    client.post("/logout")
    response = client.post("/login", data={"email": world.director.email, "password": new})
    assert response.headers["Location"].startswith("/second-factor?")


def test_login_helper_passes_the_second_factor(
    client, world, frozen_clock, enrol_second_factor, second_factor_required
):
    enrol_second_factor(world.director)
    sign_in(client, world.director)
    sign_in(client, world.director)  # twice in one time step: the helper clears the replay mark
    assert get(client, "/").status_code == 200
