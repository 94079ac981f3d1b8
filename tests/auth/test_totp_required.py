"""Who must use a second factor (issue 10 point 5): the school's setting, default coordinators,
directors and admins; a required user who has not enrolled can open nothing but the enrolment
page; invitees enrol right after choosing their password; an administrator resets a lost factor."""

import re
from datetime import timedelta

import pytest

from incidents.auth.totp.models import TotpCredential
from incidents.auth.totp.requirement import must_use_second_factor
from tests.auth.mail import last_link, new_password
from tests.auth.totp_helpers import actions, get, open_sessions, password_only
from tests.helpers import EN, count, sign_in

GOOD = "drie losse woorden hier"


@pytest.mark.parametrize(
    "role, required", [("mentor", False), ("coordinator", True), ("director", True), ("admin", True)]
)
def test_by_default_coordinators_directors_and_admins_must_enrol(world, second_factor_required, role, required):
    assert must_use_second_factor(getattr(world, role)) is required


def test_nobody_is_required_when_the_setting_is_off(world):
    assert not must_use_second_factor(world.director)  # the test configuration


def test_a_required_user_can_open_nothing_but_enrolment(client, world, frozen_clock, second_factor_required):
    assert password_only(client, world.coordinator) == "/second-factor/enrol?next=/"
    for url in ("/", f"/cases/{world.case.id}", f"/people/{world.femke.id}", "/account/sessions", "/account/password"):
        response = get(client, url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/second-factor/enrol"), url
    assert client.post(f"/cases/{world.case.id}/transition", data={"event": "start"}).status_code == 302
    assert get(client, "/second-factor/enrol").status_code == 200
    assert client.post("/logout").status_code == 302  # signing out stays possible
    # A mentor is not required by default: straight in.
    assert password_only(client, world.mentor) == "/"


def test_the_school_setting_says_which_roles(client, world, frozen_clock, second_factor_required, enrol_second_factor):
    enrol_second_factor(world.admin)
    sign_in(client, world.admin)
    page = get(client, "/admin/settings").get_data(as_text=True)
    checked = re.findall(r'<input (?=[^>]*name="second_factor_roles_csv")(?=[^>]*checked)[^>]*value="(\w+)"', page)
    assert sorted(checked) == ["admin", "coordinator", "director"]
    form = {
        "retention_years": "2",
        "monitoring_checkin_days": "14",
        "overdue_alert_days": "3",
        "staff_response_weeks": "3",
        "legal_status": "special",
        "second_factor_roles_csv": ["admin", "mentor"],
    }
    assert client.post("/admin/settings", data=form).status_code == 302
    assert world.school.second_factor_roles == ["admin", "mentor"]
    [event] = actions("school.settings_changed")
    assert event.detail == "second_factor_roles_csv: admin,coordinator,director -> admin,mentor"
    assert password_only(client, world.director) == "/"  # no longer required
    assert password_only(client, world.mentor).startswith("/second-factor/enrol")
    # Another school's setting does not count for this school's members.
    assert password_only(client, world.other_director).startswith("/second-factor/enrol")


def test_an_unknown_role_is_refused(client, world, second_factor_required, enrol_second_factor):
    enrol_second_factor(world.admin)
    sign_in(client, world.admin)
    form = {
        "retention_years": "2",
        "monitoring_checkin_days": "14",
        "overdue_alert_days": "3",
        "staff_response_weeks": "3",
        "legal_status": "special",
        "second_factor_roles_csv": ["root"],
    }
    assert client.post("/admin/settings", data=form, headers=EN).status_code == 200
    assert world.school.second_factor_roles == ["admin", "coordinator", "director"]


def test_an_invitee_enrols_right_after_choosing_the_password(
    client, world, frozen_clock, second_factor_required, enrol_second_factor
):
    enrol_second_factor(world.admin)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    sign_in(client, world.admin)
    assert (
        client.post("/admin/users", data={"name": "Nieuwe", "email": "nieuw@example.org", "role": "admin"}).status_code
        == 302
    )
    link = last_link("nieuw@example.org", "invitation")
    client.post("/logout")
    response = new_password(client, link, GOOD)
    assert response.status_code == 302 and response.headers["Location"] == "/second-factor/enrol"
    assert get(client, "/admin/users").headers["Location"].startswith("/second-factor/enrol")
    assert "<svg" in get(client, "/second-factor/enrol").get_data(as_text=True)


def test_an_admin_resets_a_lost_second_factor(client, world, frozen_clock, second_factor_required, enrol_second_factor):
    enrol_second_factor(world.admin)
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    sign_in(client, world.director)
    [director_session] = open_sessions(world.director)
    other = client.application.test_client()
    sign_in(other, world.admin)
    page = get(other, "/admin/users").get_data(as_text=True)
    assert page.count("data-reset-second-factor") == 1  # the director's, not the admin's own
    membership = world.director.membership_at(world.school.id)
    assert other.post(f"/admin/users/{membership.id}/second-factor/reset").status_code == 302
    assert count(TotpCredential, TotpCredential.user_id == world.director.id) == 0
    [event] = actions("second_factor.reset")
    assert (event.user_id, event.object_id) == (world.admin.id, world.director.id)
    # The director's open session must enrol anew before it grants anything again.
    assert get(client, "/").headers["Location"].startswith("/second-factor/enrol")
    assert director_session.id == open_sessions(world.director)[0].id
    # Another school's admin cannot reset this school's member (404).
    assert (
        other.post(
            f"/admin/users/{world.other_director.membership_at(world.other_school.id).id}/second-factor/reset"
        ).status_code
        == 404
    )
