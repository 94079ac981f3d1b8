"""Registering an access request: who may ask (parent under 16, pupil from 16, staff for their
own file), the day received, the due date; who may use the register; audited."""

from datetime import date

import pytest

from incidents.access_requests.models import AccessRequest
from tests.access_requests.helpers import errors, only_request, register, requests
from tests.correspondence.helpers import audits
from tests.helpers import EN, count


@pytest.mark.rule("access-request-requester")
def test_a_parent_asks_for_a_pupil_of_15(client, login, world):
    login(world.coordinator)
    parent = world.lotte.parents[0]
    response = register(client, world.lotte, parent, identity_note="Paspoort getoond")
    assert response.status_code == 302
    item = only_request()
    assert (item.subject_id, item.requester_id, item.relation) == (world.lotte.id, parent.id, "parent")
    assert item.due_on == date(2026, 12, 16)  # one month after receipt
    assert item.identity_check == "in_person" and item.identity_note == "Paspoort getoond"
    assert response.headers["Location"].endswith(f"/access-requests/{item.id}")
    [event] = audits("access_request.registered")
    assert event.object_id == item.id and event.user_id == world.coordinator.id
    assert event.detail == f"person={world.lotte.id};requester={parent.id}"  # ids, no names


@pytest.mark.rule("access-request-requester")
def test_a_parent_of_a_pupil_of_16_is_refused(client, login, world):
    login(world.coordinator)
    response = register(client, world.daan, world.daan.parents[0], identity_note="Paspoort getoond")
    assert response.status_code == 422
    assert errors(response) == [
        "The pupil was 16 on the day the request was received: from 16 the pupil asks for their own file."
    ]
    assert 'value="2026-11-16"' in response.get_data(as_text=True)  # the input is kept
    assert requests() == [] and audits("access_request.registered") == []


@pytest.mark.rule("access-request-requester")
def test_the_pupil_asks_from_16_not_at_15(client, login, world):
    login(world.director)
    assert register(client, world.daan).status_code == 302
    response = register(client, world.lotte)
    assert response.status_code == 422
    assert errors(response) == [
        "The pupil was 15 on the day the request was received: under 16 a parent with parental authority asks."
    ]
    assert [r.subject_id for r in requests()] == [world.daan.id]


@pytest.mark.rule("access-request-requester")
def test_the_age_counts_on_the_day_received(client, login, world):
    # Lotte turns 16 on 17 November; a request she made the day before was hers too early.
    login(world.coordinator)
    response = register(client, world.lotte, received_on="2026-11-15")
    assert response.status_code == 422 and "was 15" in errors(response)[0]


@pytest.mark.rule("access-request-requester")
def test_a_parent_without_parental_authority_is_refused(client, login, world):
    from incidents.extensions import db

    gs = world.lotte.guardianships[0]
    gs.parental_authority = False
    db.session.commit()
    login(world.coordinator)
    response = register(client, world.lotte, world.lotte.parents[0])
    assert response.status_code == 422
    assert errors(response) == ["This parent has no parental authority over the pupil."]


@pytest.mark.rule("access-request-terms")
def test_a_date_in_the_future_is_refused(client, login, world, frozen_clock):
    login(world.coordinator)
    response = register(client, world.lotte, world.lotte.parents[0], received_on="2026-11-17")
    assert response.status_code == 422
    assert errors(response) == ["The date lies in the future."]
    assert requests() == []


@pytest.mark.rule("access-request-terms")
def test_due_date_at_the_end_of_a_shorter_month(client, login, world):
    login(world.coordinator)
    assert register(client, world.lotte, world.lotte.parents[0], received_on="2026-10-31").status_code == 302
    assert only_request().due_on == date(2026, 11, 30)


def test_identity_otherwise_needs_a_note(client, login, world):
    login(world.coordinator)
    response = register(client, world.lotte, world.lotte.parents[0], identity_check="other")
    assert response.status_code == 422
    assert errors(response) == ["Describe how the identity was checked."]


@pytest.mark.rule("access-request-requester")
def test_a_staff_member_for_their_own_file_by_a_director_only(client, login, world):
    login(world.coordinator)
    assert client.get(f"/people/{world.teacher.id}/access-requests/new", headers=EN).status_code == 404
    assert register(client, world.teacher).status_code == 404
    login(world.director)
    assert register(client, world.teacher).status_code == 302
    item = only_request()
    assert (item.relation, item.requester_id) == ("self", world.teacher.id)
    login(world.coordinator)  # a personnel matter: not in the coordinator's register either
    assert client.get(f"/access-requests/{item.id}", headers=EN).status_code == 404
    assert f'data-access-request="{item.id}"' not in client.get("/access-requests", headers=EN).get_data(True)


def test_a_parents_own_file_is_no_register_entry(client, login, world):
    login(world.director)
    parent = world.femke.parents[0]
    assert register(client, parent).status_code == 404
    assert count(AccessRequest) == 0


def test_who_may_use_the_register(client, login, world):
    for user in (world.mentor, world.admin):
        login(user)
        assert client.get("/access-requests", headers=EN).status_code == 403
        assert register(client, world.daan).status_code == 403
        assert "/access-requests" not in client.get("/", headers=EN).get_data(as_text=True)
    login(world.coordinator)
    assert 'href="/access-requests"' in client.get("/cases", headers=EN).get_data(as_text=True)
    page = client.get(f"/people/{world.daan.id}", headers=EN).get_data(as_text=True)
    assert "data-new-access-request" in page
    assert count(AccessRequest) == 0


def test_another_schools_requests_and_people_are_not_found(client, login, world):
    login(world.director)
    assert register(client, world.daan).status_code == 302
    item = only_request()
    login(world.other_director)
    assert client.get(f"/access-requests/{item.id}", headers=EN).status_code == 404
    for action in ("extend", "export", "answer"):
        assert client.post(f"/access-requests/{item.id}/{action}", headers=EN).status_code == 404
    assert register(client, world.daan).status_code == 404
    assert client.get(f"/people/{world.daan.id}/access-requests/new", headers=EN).status_code == 404
    assert f'data-access-request="{item.id}"' not in client.get("/access-requests", headers=EN).get_data(True)
    assert count(AccessRequest) == 1


def test_the_register_lists_open_overdue_and_answered(client, login, world, frozen_clock):
    login(world.coordinator)
    register(client, world.lotte, world.lotte.parents[0], received_on="2026-10-01")  # due 1 November: overdue
    register(client, world.daan)  # due 16 December: open
    overdue, open_ = requests()
    page = client.get("/access-requests", headers=EN).get_data(as_text=True)
    assert f'data-access-request="{overdue.id}" data-status="overdue"' in page
    assert f'data-access-request="{open_.id}" data-status="open"' in page
    assert page.index(f'data-access-request="{overdue.id}"') < page.index(f'data-access-request="{open_.id}"')
    only_overdue = client.get("/access-requests?status=overdue", headers=EN).get_data(as_text=True)
    assert f'data-access-request="{overdue.id}"' in only_overdue
    assert f'data-access-request="{open_.id}"' not in only_overdue
    assert "Lotte Mulder" in page and "Daan Smits" in page
    assert audits("access_register.viewed")[-1].detail == "status=overdue"


def test_the_persons_page_lists_their_requests(client, login, world):
    login(world.coordinator)
    register(client, world.daan)
    item = only_request()
    page = client.get(f"/people/{world.daan.id}", headers=EN).get_data(as_text=True)
    assert f'data-access-request="{item.id}"' in page and item.reference in page
    assert f'data-access-request="{item.id}"' not in client.get(f"/people/{world.lotte.id}", headers=EN).get_data(True)
