"""Step-up (issue 10 point 6): a personnel file, a police report and an access-request export ask
for the second factor again when the last code is more than 15 minutes old; the session id is
rotated after it."""

from datetime import timedelta

import pytest

from incidents.extensions import db
from incidents.police.models import PoliceReport
from tests.access_requests.helpers import only_request, register
from tests.auth.totp_helpers import errors, get, open_sessions
from tests.helpers import EN, current_code, sign_in


@pytest.fixture
def director_in(client, world, frozen_clock, enrol_second_factor):
    enrol_second_factor(world.director)
    frozen_clock(frozen_clock.now() + timedelta(minutes=1))
    sign_in(client, world.director)
    return world


def later(frozen_clock, minutes):
    frozen_clock(frozen_clock.now() + timedelta(minutes=minutes))


@pytest.mark.parametrize("page", ["/people/{id}", "/people/{id}/file"])
def test_a_personnel_file_asks_again_after_15_minutes(client, director_in, frozen_clock, page):
    url = page.format(id=director_in.teacher.id)
    later(frozen_clock, 15)
    assert get(client, url).status_code == 200  # exactly 15 minutes: still fresh
    later(frozen_clock, 1)
    response = get(client, url)
    assert response.status_code == 302 and response.headers["Location"] == "/second-factor/step-up?next=" + url
    # A pupil's page is not a personnel file: no step-up.
    assert get(client, f"/people/{director_in.femke.id}").status_code == 200
    [before] = open_sessions(director_in.director)
    wrong = client.post("/second-factor/step-up", data={"code": "000000", "next": url}, headers=EN)
    assert errors(wrong) == ["This code is not right or was used already."]
    ok = client.post("/second-factor/step-up", data={"code": current_code(director_in.director), "next": url})
    assert ok.status_code == 302 and ok.headers["Location"] == url
    [after] = open_sessions(director_in.director)
    assert after.id != before.id and after.second_factor_at == frozen_clock.now()  # a new session id
    assert get(client, url).status_code == 200


def test_a_police_report_page_asks_again(client, director_in, frozen_clock):
    report = PoliceReport(
        school_id=director_in.school.id,
        case_id=director_in.case.id,
        offence="sr285",
        created_by_id=director_in.director.id,
    )
    db.session.add(report)
    db.session.commit()
    url = f"/police-reports/{report.id}"
    assert get(client, url).status_code == 200
    later(frozen_clock, 16)
    assert get(client, url).headers["Location"] == "/second-factor/step-up?next=" + url


def test_an_access_request_export_asks_again(client, director_in, frozen_clock):
    world = director_in
    assert register(client, world.femke, world.femke.parents[0]).status_code == 302
    item = only_request()
    later(frozen_clock, 16)
    response = client.post(f"/access-requests/{item.id}/export", headers=EN)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/second-factor/step-up?next=/access-requests/{item.id}"
    client.post("/second-factor/step-up", data={"code": current_code(world.director)})
    response = client.post(f"/access-requests/{item.id}/export", headers=EN)
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_without_a_second_factor_nothing_is_asked(client, world, frozen_clock, login):
    login(world.director)  # the school does not require one here and the director has none
    later(frozen_clock, 20)
    assert get(client, f"/people/{world.teacher.id}").status_code == 200
