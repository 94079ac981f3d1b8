"""The admin edits letters per school: errors next to the field, preview, restore default."""

import re

from sqlalchemy import func, select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.letters.models import LetterTemplate
from incidents.letters.registry import KINDS
from tests.helpers import EN
from tests.letters.helpers import draft_fields, setup_data


def templates_count():
    return db.session.scalar(select(func.count()).select_from(LetterTemplate))


def field_block(page, name):
    """The <div class="field ..."> that holds form field `name`."""
    match = re.search(rf'<div class="field([^"]*)">(?:(?!<div class="field).)*?name="{name}".*?</div>', page, re.S)
    assert match, name
    return match.group(0), "has-error" in match.group(1)


def test_list_shows_every_letter_as_default(client, login, world):
    w = world()
    login(w.admin)
    page = client.get("/admin/letters", headers=EN).get_data(as_text=True)
    for key in KINDS:
        assert f'data-key="{key}" data-own="no"' in page
    assert "Parents informed of an incident" in page


def test_edit_page_shows_default_and_documents_merge_fields(client, login, world):
    w = world()
    login(w.admin)
    page = client.get("/admin/letters/suspension_decision", headers=EN).get_data(as_text=True)
    assert "{{ objection_deadline }}" in page and "Last day to object" in page
    assert "Het maken van bezwaar schort de schorsing niet op" in page  # the default body is in the textarea
    assert client.get("/admin/letters/nope", headers=EN).status_code == 404


def test_bad_syntax_is_shown_next_to_the_body_input_kept_nothing_saved(client, login, world):
    w = world()
    login(w.admin)
    bad = "Geachte {{ addressee_name }},\n{% if reasons %}nooit gesloten"
    response = client.post(
        "/admin/letters/reprimand", headers=EN, data={"subject": "Berisping", "body": bad, "action": "save"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    block, has_error = field_block(page, "body")
    assert has_error and "Line 2" in block
    assert "nooit gesloten" in block  # the input is kept
    assert templates_count() == 0


def test_unknown_field_and_escape_attempts_are_refused_on_save(client, login, world):
    w = world()
    login(w.admin)
    for body in ("{{ leerling }}", "{{ ''.__class__.__mro__ }}", "{{ config }}", "{{ cycler.__init__.__globals__ }}"):
        response = client.post(
            "/admin/letters/reprimand", headers=EN, data={"subject": "Berisping", "body": body, "action": "save"}
        )
        assert response.status_code == 422, body
        assert field_block(response.get_data(as_text=True), "body")[1]
    response = client.post(
        "/admin/letters/reprimand",
        headers=EN,
        data={"subject": "{{ request.environ }}", "body": "Tekst", "action": "save"},
    )
    assert response.status_code == 422 and field_block(response.get_data(as_text=True), "subject")[1]
    assert templates_count() == 0


def test_preview_renders_sample_data_and_saves_nothing(client, login, world):
    w = world()
    login(w.admin)
    response = client.post(
        "/admin/letters/reprimand",
        headers=EN,
        data={
            "subject": "Berisping voor {{ person_name }}",
            "body": "Beste {{ addressee_name }}, tot {{ objection_deadline }}.",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="preview"' in page and "Berisping voor Sam de Vries" in page and "Beste mevrouw J. de Vries" in page
    assert templates_count() == 0


def test_override_is_used_for_this_school_only_and_restore_default(client, login, world, make_user, make_school):
    w = world()
    other = world()
    login(w.admin)
    response = client.post(
        "/admin/letters/parents_informed",
        headers=EN,
        data={
            "subject": "Eigen onderwerp {{ case_reference }}",
            "body": "Eigen brief voor {{ addressee_name }}.",
            "action": "save",
        },
    )
    assert response.status_code == 302
    row = db.session.scalar(select(LetterTemplate))
    assert (row.school_id, row.key, row.updated_by_id) == (w.school.id, "parents_informed", w.admin.id)
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "letter_template.save")).detail
        == "key=parents_informed"
    )
    page = client.get("/admin/letters", headers=EN).get_data(as_text=True)
    assert 'data-key="parents_informed" data-own="yes"' in page

    # The other school's admin still sees the default.
    login(other.admin)
    page = client.get("/admin/letters/parents_informed", headers=EN).get_data(as_text=True)
    assert "Eigen brief" not in page and 'data-own="no"' in page

    # Letters written at each school use that school's version.
    for world_, expected in ((w, "Eigen brief voor"), (other, "Met deze brief informeren wij u")):
        login(world_.coordinator)
        response = client.post(
            f"/cases/{world_.case.id}/letters/new",
            headers=EN,
            data=setup_data("parents_informed", concerns=world_.pupil, recipient=world_.parent),
        )
        subject, body = draft_fields(response.get_data(as_text=True))
        assert expected in body
    assert subject.startswith("Incident met Bram Visser")

    login(w.admin)
    assert client.post("/admin/letters/parents_informed/restore", headers=EN).status_code == 302
    assert templates_count() == 0
    page = client.get("/admin/letters/parents_informed", headers=EN).get_data(as_text=True)
    assert "Met deze brief informeren wij u" in page


def test_only_admins_edit_templates(client, login, world):
    w = world()
    for user in (w.coordinator, w.director, w.mentor):
        login(user)
        assert client.get("/admin/letters", headers=EN).status_code == 403
        assert (
            client.post(
                "/admin/letters/reprimand", headers=EN, data={"subject": "x", "body": "y", "action": "save"}
            ).status_code
            == 403
        )
    assert templates_count() == 0


def test_a_broken_school_template_is_an_error_on_the_writing_form_not_a_500(client, login, world):
    w = world()
    # A row that slipped past the form (e.g. written before a field was renamed).
    db.session.add(LetterTemplate(school_id=w.school.id, key="parents_informed", subject="x", body="{{ oude_naam }}"))
    db.session.commit()
    login(w.coordinator)
    response = client.post(
        f"/cases/{w.case.id}/letters/new",
        headers=EN,
        data=setup_data("parents_informed", concerns=w.pupil, recipient=w.parent),
    )
    assert response.status_code == 422
    assert "oude_naam" in field_block(response.get_data(as_text=True), "key")[0]
