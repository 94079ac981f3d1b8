"""Nobody sees another school's data; within a school, access follows the role."""

import io

import pytest
from sqlalchemy import select

from incidents.cases.models import Case
from incidents.evidence.models import Evidence
from incidents.extensions import db
from tests.helpers import png_bytes


def report_with_screenshot(client, login, user, *people):
    """Log an incident through the browser form, with a PNG; returns (case, evidence)."""
    login(user)
    data = {
        "category": "bullying",
        "platform": "snapchat",
        "occurred_at": "2026-11-15T20:30",
        "severity": "high",
        "description": "Een screenshot van een gemeen bericht in een groepschat.",
        "files": [(io.BytesIO(png_bytes()), "screenshot.png")],
    }
    for i, person in enumerate(people):
        data[f"involved-{i}-person_id"] = str(person.id)
        data[f"involved-{i}-role"] = "target"
    response = client.post("/cases/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    case = db.session.scalar(select(Case).order_by(Case.id.desc()))
    evidence = db.session.scalar(select(Evidence).where(Evidence.case_id == case.id, Evidence.kind == "file"))
    return case, evidence


@pytest.fixture
def other_school_case(client, login, make_school, make_user, make_person):
    """A case with a screenshot at another school, reported by that school's mentor."""
    other = make_school()
    pupil = make_person(other, first_name="Anderschool")
    staff = make_person(other, kind="staff", first_name="Collega")
    case, evidence = report_with_screenshot(client, login, make_user("mentor", other), pupil)
    # Sanity: the reporter can see all of it, so the 404s below are about the school.
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 200
    return other, case, evidence, pupil, staff


@pytest.mark.parametrize("role", ["mentor", "coordinator", "director"])
def test_another_schools_case_person_and_file_are_not_found(
    client, login, make_school, make_user, role, other_school_case
):
    _other, case, evidence, pupil, staff = other_school_case
    login(make_user(role, make_school()))
    for url in (f"/cases/{case.id}", f"/people/{pupil.id}", f"/people/{staff.id}", f"/evidence/{evidence.id}/download"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Anderschool" not in response.data
    assert client.get(f"/?person={pupil.id}").get_data(as_text=True).count(case.reference) == 0


def test_user_of_both_schools_sees_the_case_only_in_that_school(
    client, login, make_school, make_user, other_school_case
):
    other, case, evidence, _pupil, _staff = other_school_case
    mine = make_school()
    director = make_user("director", mine, other)
    login(director)
    # Start in whichever school comes first, then switch explicitly.
    client.post("/switch-school", data={"school_id": mine.id})
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 404
    client.post("/switch-school", data={"school_id": other.id})
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 200


def test_mentor_gets_404_for_a_case_of_their_school_they_may_not_see(
    client, login, make_school, make_user, make_group, make_person
):
    school = make_school()
    mentor, other_mentor = make_user("mentor", school), make_user("mentor", school)
    make_group(school, "1A", mentors=[mentor])
    other_group = make_group(school, "2B", mentors=[other_mentor])
    pupil = make_person(school, group=other_group)
    case, evidence = report_with_screenshot(client, login, other_mentor, pupil)
    login(mentor)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 404
    # The case exists and is visible to a coordinator of the school: the 404 is about the mentor.
    login(make_user("coordinator", school))
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_mentor_sees_case_involving_a_pupil_of_their_group(
    client, login, make_school, make_user, make_group, make_person
):
    school = make_school()
    mentor, other_mentor = make_user("mentor", school), make_user("mentor", school)
    group = make_group(school, "1A", mentors=[mentor])
    case, evidence = report_with_screenshot(client, login, other_mentor, make_person(school, group=group))
    login(mentor)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 200


def test_admin_cannot_open_case_contents(client, login, make_school, make_user, make_person):
    school = make_school()
    pupil = make_person(school)
    case, evidence = report_with_screenshot(client, login, make_user("mentor", school), pupil)
    login(make_user("admin", school))
    for url in (f"/cases/{case.id}", "/", f"/people/{pupil.id}", f"/evidence/{evidence.id}/download"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert case.reference.encode() not in response.data
        assert b"screenshot.png" not in response.data


@pytest.mark.parametrize("role,status", [("mentor", 404), ("coordinator", 404), ("director", 200)])
def test_staff_person_page_is_for_directors_only(
    client, login, make_school, make_user, make_person, make_group, role, status
):
    school = make_school()
    staff = make_person(school, kind="staff", first_name="Docent")
    pupil = make_person(school)
    user = make_user(role, school)
    login(user)
    assert client.get(f"/people/{staff.id}").status_code == status
    # A mentor sees only pupils of their own groups (or in cases they may see).
    assert client.get(f"/people/{pupil.id}").status_code == (404 if role == "mentor" else 200)
    own_pupil = make_person(school, group=make_group(school, "2C", mentors=[user]))
    assert client.get(f"/people/{own_pupil.id}").status_code == 200
