"""Issue 10, point 15: a staff member's sanction is a personnel matter, for directors only, as
the staff file is. The coordinator neither opens it (404, as a staff file or a case they may
not see), nor proposes one, nor finds measure and name on the case page, in its timeline or
in the letter form; a pupil's sanction stays theirs to manage."""

import pytest
from sqlalchemy import func, select

from incidents.extensions import db
from incidents.sanctions.models import Sanction
from incidents.sanctions.operations import propose_sanction
from tests.helpers import EN


@pytest.fixture
def staff_world(make_world):
    """The shared school's case about Femke (target) and the teacher Karin Smit (perpetrator),
    with a written reprimand proposed for Karin and a warning for Femke, both by the director."""
    w = make_world(involved=(("femke", "target"), ("teacher", "perpetrator")))
    w.staff_sanction, _ = propose_sanction(
        w.case, w.director, "director", w.teacher, "reprimand", justification="Herhaald en ernstig."
    )
    w.pupil_sanction, _ = propose_sanction(w.case, w.director, "director", w.femke, "warning")
    db.session.commit()
    return w


def _page(client, url):
    return client.get(url, headers=EN).get_data(as_text=True)


@pytest.mark.parametrize("suffix", ["", "/step", "/hearings", "/details"])
def test_the_coordinator_cannot_open_a_staff_sanction(client, login, staff_world, suffix):
    w = staff_world
    login(w.coordinator)
    url = f"/sanctions/{w.staff_sanction.id}{suffix}"
    response = client.get(url) if suffix == "" else client.post(url, data={"event": "revoke", "reason": "x"})
    assert response.status_code == 404
    assert "Karin Smit" not in response.get_data(as_text=True)
    assert client.get(f"/sanctions/{w.pupil_sanction.id}").status_code == 200


def test_the_director_opens_a_staff_sanction(client, login, staff_world):
    login(staff_world.director)
    page = _page(client, f"/sanctions/{staff_world.staff_sanction.id}")
    assert "Karin Smit" in page and "Herhaald en ernstig." in page


def test_the_coordinator_cannot_propose_for_a_staff_member(client, login, staff_world):
    w = staff_world
    login(w.coordinator)
    form = _page(client, f"/cases/{w.case.id}/sanctions/new")
    assert "Karin Smit" not in form and "Femke de Vries" in form
    response = client.post(
        f"/cases/{w.case.id}/sanctions/new",
        data={"subject_id": str(w.teacher.id), "measure": "warning"},
        headers=EN,
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert db.session.scalar(select(func.count()).where(Sanction.subject_id == w.teacher.id)) == 1

    login(w.director)
    assert "Karin Smit" in _page(client, f"/cases/{w.case.id}/sanctions/new")


@pytest.mark.parametrize("who", ["mentor", "coordinator"])
def test_the_case_page_shows_no_staff_sanction_to_non_directors(client, login, staff_world, who):
    w = staff_world
    login(getattr(w, who))
    page = _page(client, f"/cases/{w.case.id}")
    assert "Written reprimand" not in page
    assert f'/sanctions/{w.staff_sanction.id}"' not in page
    assert "Warning" in page  # Femke's sanction is still listed
    sanctions = page.split("<h3>Sanctions</h3>", 1)[1].split("</ul>", 1)[0]
    assert "Karin Smit" not in sanctions


def test_the_director_sees_the_staff_sanction_on_the_case_page(client, login, staff_world):
    w = staff_world
    login(w.director)
    page = _page(client, f"/cases/{w.case.id}")
    assert "Written reprimand" in page and f'href="/sanctions/{w.staff_sanction.id}"' in page


def test_the_timeline_names_no_staff_member_sanctioned(client, login, staff_world):
    w = staff_world
    notes = [e.note or "" for e in w.case.events if e.kind == "sanction.propose"]
    assert any("Femke de Vries" in note for note in notes)
    assert not any("Karin Smit" in note or "reprimand" in note for note in notes)
    login(w.coordinator)
    page = _page(client, f"/cases/{w.case.id}")
    assert "reprimand" not in page


def test_the_letter_form_offers_no_staff_sanction_to_the_coordinator(client, login, staff_world):
    w = staff_world
    login(w.coordinator)
    page = _page(client, f"/cases/{w.case.id}/letters/new")
    assert "Femke de Vries: Warning" in page
    assert "Karin Smit: Written reprimand" not in page
    login(w.director)
    assert "Karin Smit: Written reprimand" in _page(client, f"/cases/{w.case.id}/letters/new")
