"""A notice counts as the parents having been informed only once it has left: its e-mail sent,
or its letter posted (the coordinator's task done). Queued, failed, uncertain or cancelled
notices never satisfy the close guard, and the file says plainly what has not been sent."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from incidents.cases.models import Case
from incidents.correspondence.models import Correspondence
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.outbox.delivery import deliver_due
from incidents.outbox.mailer import PERMANENT, UNCERTAIN, Outcome, transport_for
from incidents.outbox.models import OutboxMessage
from incidents.outbox.operations import resend
from incidents.people.models import Guardianship, Person
from tests.helpers import EN
from tests.notices.helpers import compose_data, messages, notices_of, recipients_of
from tests.notices.test_cancel import DUE
from tests.notices.test_monitoring import transition


@pytest.fixture
def file_mail(app, tmp_path, configure):
    configure(MAIL_SERVER=None, OUTBOX_DIR=str(tmp_path / "outbox"))


def try_close(client, case_id):
    """Post the close transition; the case's state afterwards."""
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    client.post(f"/cases/{case_id}/transition", data={"event": "close", "version": str(case.version)})
    db.session.expire_all()
    return db.session.get(Case, case_id).state


def records_of(case):
    db.session.expire_all()
    return db.session.scalars(
        select(Correspondence).where(Correspondence.case_id == case.id).order_by(Correspondence.id)
    ).all()


def send_notice(client, case):
    response = client.post(f"/cases/{case.id}/notices/new", data=compose_data(client, case.id), headers=EN)
    assert response.status_code == 302
    return notices_of(case)


class FailingTransport:
    """Every message fails with one outcome (a 550, or the connection lost after the data)."""

    def __init__(self, kind):
        self.kind = kind

    def open(self):
        return None

    def send(self, row, data, sender, recipient):
        return Outcome(self.kind, "test")

    def close(self):
        pass


@pytest.fixture
def femke_case(client, login, world, make_case, file_mail):
    """A case in progress about Femke only (two parents, both with e-mail)."""
    case = make_case(world.school, world.mentor, [(world.femke, "target")])
    login(world.coordinator)
    transition(client, case.id, "start")
    return case


def test_close_refused_while_queued_dead_or_uncertain_allowed_once_sent(client, world, femke_case, monkeypatch):
    case = femke_case
    send_notice(client, case)
    assert try_close(client, case.id) == "in_progress"  # queued

    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert page.count("data-pending-dispatch") == 2 and "Not sent yet" in page
    assert 'data-blocked="close"' in page

    # One goes dead (refused for good), the other's outcome is unknown: neither has left.
    monkeypatch.setattr("incidents.outbox.delivery.transport_for", lambda config: FailingTransport(PERMANENT))
    first, second = messages()
    first_id, second_id = first.id, second.id
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == second_id).values(next_attempt_at=DUE)
    )  # not due yet
    db.session.commit()
    deliver_due()
    monkeypatch.setattr("incidents.outbox.delivery.transport_for", lambda config: FailingTransport(UNCERTAIN))
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == second_id)
        .values(next_attempt_at=db.session.get(OutboxMessage, first_id).next_attempt_at)
    )  # deliver_due expunges the rows it delivered: read them again
    db.session.commit()
    deliver_due()
    assert [m.status for m in messages()] == ["dead", "uncertain"]
    assert {(r.purpose, r.pending_dispatch) for r in records_of(case)} == {("general", True)}
    assert try_close(client, case.id) == "in_progress"

    # Resent by hand, and now it leaves: the parents are informed, on the day it left.
    monkeypatch.setattr("incidents.outbox.delivery.transport_for", transport_for)
    resend(messages()[0], world.coordinator)
    db.session.commit()
    assert deliver_due().outcomes["sent"] == 1
    sent_record, uncertain_record = records_of(case)
    assert (sent_record.purpose, sent_record.pending_dispatch, sent_record.occurred_on) == (
        "parent_contact",
        False,
        date(2026, 11, 16),
    )
    assert (uncertain_record.purpose, uncertain_record.pending_dispatch) == ("general", True)

    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert page.count("data-pending-dispatch") == 1
    assert f'data-correspondence="{sent_record.id}">' in page
    assert try_close(client, case.id) == "closed"


def test_a_cancelled_notice_never_informs(client, femke_case, frozen_clock):
    case = femke_case
    (notice,) = send_notice(client, case)
    assert client.post(f"/notices/{notice.id}/cancel").status_code == 302
    assert {m.status for m in messages()} == {"cancelled"}
    frozen_clock(frozen_clock.now() + timedelta(days=1))
    assert deliver_due().claimed == 0
    assert {(r.purpose, r.withdrawn_at is not None) for r in records_of(case)} == {("general", True)}
    assert try_close(client, case.id) == "in_progress"


def test_pupil_file_says_not_sent_yet_until_sent(client, world, femke_case):
    send_notice(client, femke_case)
    html = client.get(f"/people/{world.femke.id}/file", headers=EN).get_data(as_text=True)
    assert html.count("data-pending-dispatch") == 2
    deliver_due()
    html = client.get(f"/people/{world.femke.id}/file", headers=EN).get_data(as_text=True)
    assert "data-pending-dispatch" not in html and "Not sent yet" not in html


def test_a_letter_counts_once_its_post_task_is_done(client, login, world, make_person, make_case, file_mail):
    pupil = make_person(world.school, first_name="Daan", last_name="Jansen", parents=0)
    paper = Person(school_id=world.school.id, kind="parent", first_name="Ria", last_name="Jansen")
    db.session.add(Guardianship(pupil=pupil, parent=paper, parental_authority=True))
    db.session.commit()
    case = make_case(world.school, world.mentor, [(pupil, "target")])
    login(world.coordinator)
    transition(client, case.id, "start")
    (notice,) = send_notice(client, case)
    (letter,) = recipients_of(case)
    assert letter.channel == "letter" and messages() == []

    task = db.session.get(Followup, notice.letter_task_id)
    assert (task.kind, task.status, task.due_on, task.assignee_role) == (
        "send_notice_letter",
        "open",
        date(2026, 11, 16),
        "coordinator",
    )
    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert f'data-recipient="{letter.id}" data-status="letter"' in page
    assert try_close(client, case.id) == "in_progress"  # printed perhaps, not posted

    assert client.post(f"/followups/{task.id}/done", data={}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Followup, task.id).status == "done"
    (record,) = records_of(case)
    assert (record.purpose, record.pending_dispatch, record.kind) == ("parent_contact", False, "letter")
    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert f'data-recipient="{letter.id}" data-status="posted"' in page
    assert try_close(client, case.id) == "closed"


def test_a_sent_checkin_becomes_parent_contact_its_letter_once_posted(client, login, world, file_mail, frozen_clock):
    login(world.coordinator)
    transition(client, world.case.id, "start")
    transition(client, world.case.id, "start_monitoring")
    assert {(r.purpose, r.pending_dispatch) for r in records_of(world.case)} == {("general", True)}

    frozen_clock(DUE + timedelta(minutes=1))
    assert deliver_due().outcomes["sent"] == 3
    by_channel = {}
    for record in records_of(world.case):
        by_channel.setdefault(record.kind, set()).add((record.purpose, record.pending_dispatch, record.occurred_on))
    assert by_channel == {"email": {("parent_contact", False, DUE.date())}, "letter": {("general", True, DUE.date())}}


def test_posting_the_same_form_twice_sends_once(client, login, world):
    login(world.coordinator)
    data = compose_data(client, world.case.id)
    first = client.post(f"/cases/{world.case.id}/notices/new", data=data, headers=EN)
    second = client.post(f"/cases/{world.case.id}/notices/new", data=data, headers=EN, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "You already sent this form; the notices were not made a second time." in second.get_data(as_text=True)
    assert len(notices_of(world.case)) == 2  # Femke and Sem, once
    outbox = messages()
    assert len(outbox) == 3 and len({m.recipient_person_id for m in outbox}) == 3
    assert len(records_of(world.case)) == 4
    assert db.session.scalar(select(Followup.id).where(Followup.kind == "send_notice_letter")) is not None
    assert len(db.session.scalars(select(Followup).where(Followup.kind == "send_notice_letter")).all()) == 1

    # A fresh page is a new form: it sends again, as the coordinator asked.
    again = client.post(f"/cases/{world.case.id}/notices/new", data=compose_data(client, world.case.id))
    assert again.status_code == 302 and len(notices_of(world.case)) == 4 and len(messages()) == 6


def test_the_same_form_sent_at_the_same_moment_sends_once(client, login, world, monkeypatch):
    """The second request passed the check before the first had written its notices: the
    unique token makes its insert fail, and it answers like a repeat."""
    import incidents.notices.views as views

    login(world.coordinator)
    data = compose_data(client, world.case.id)
    assert client.post(f"/cases/{world.case.id}/notices/new", data=data).status_code == 302
    real = views.sent_with
    calls = []

    def racing(case, token):
        calls.append(token)
        return [] if len(calls) == 1 else real(case, token)

    monkeypatch.setattr(views, "sent_with", racing)
    response = client.post(f"/cases/{world.case.id}/notices/new", data=data, headers=EN)
    assert response.status_code == 302 and len(calls) == 2
    assert len(notices_of(world.case)) == 2 and len(messages()) == 3 and len(records_of(world.case)) == 4


def test_a_form_without_its_token_is_refused(client, login, world):
    login(world.coordinator)
    data = compose_data(client, world.case.id)
    for token in (None, "short", "x" * 32 + "!"):
        changed = {k: v for k, v in data.items() if k != "compose_token"}
        if token is not None:
            changed["compose_token"] = token
        assert client.post(f"/cases/{world.case.id}/notices/new", data=changed).status_code == 400
    assert notices_of(world.case) == []
