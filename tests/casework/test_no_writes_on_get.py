"""No GET writes: every GET route of the app, as every role (and signed out), on a case with
a sanction whose objection window has passed, a police report, evidence, correspondence and
notices, leaves every table as it was except audit_events, which only grows, and the one
documented write: a session's last_seen_at, refreshed at most once a minute
(incidents/auth/sessions/operations.py `touch`)."""

import hashlib
import io
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from incidents.access_requests.operations import register_request
from incidents.auth.models import ROLES
from incidents.calendar.operations import add_holiday
from incidents.correspondence.models import Attachment
from incidents.evidence.models import Evidence
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.letters.registry import KINDS
from incidents.people.models import Guardianship, Person
from incidents.police.operations import open_police_report
from incidents.sanctions.operations import finalizes_soon, propose_sanction, transition_sanction
from tests.evidence.helpers import upload as upload_evidence
from tests.helpers import pdf_bytes, png_bytes
from tests.notices.helpers import EN, compose_data, link_in, recipients_of

AUDIT = "audit_events"
# Columns a GET may change: the session's "last seen", written at most once a minute.
TOUCHED = {"user_sessions": {"last_seen_at"}}


def at(day):
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


@pytest.fixture
def seeded(app, client, login, make_school, make_user, make_group, make_person, make_case, frozen_clock):
    frozen_clock(at(date(2026, 10, 1)))
    school = make_school(name="Het Baken")
    users = {role: make_user(role, school, name=f"{role.title()} Test") for role in ROLES}
    group = make_group(school, "1A", mentors=[users["mentor"]])
    femke = make_person(school, first_name="Femke", last_name="de Vries", group=group, parents=1)
    sem = make_person(school, first_name="Sem", last_name="Bakker", group=group, parents=1)
    paper_parent = Person(school_id=school.id, kind="parent", first_name="Piet", last_name="Bakker")
    db.session.add(Guardianship(pupil=sem, parent=paper_parent, parental_authority=True))
    teacher = make_person(school, kind="staff", first_name="Karin", last_name="Smit")
    case = make_case(
        school,
        users["mentor"],
        [(femke, "target"), (sem, "perpetrator"), (teacher, "witness")],
        when=at(date(2026, 9, 30)),
    )
    director = users["director"]
    sanction, _ = propose_sanction(
        case,
        director,
        "director",
        sem,
        "suspension",
        justification="Geweld",
        start_date=date(2026, 10, 2),
        end_date=date(2026, 10, 2),
    )
    transition_sanction(sanction, director, "director", "decide", sanction.version, reasons="Geweld")
    transition_sanction(sanction, director, "director", "notify", sanction.version)
    staff_sanction, _ = propose_sanction(case, director, "director", teacher, "warning")
    report, _ = open_police_report(case, director, "sr285", femke, date(2026, 9, 30))
    holiday = add_holiday(school, "Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25))
    access_request = register_request(
        femke, femke.parents[0], director, received_on=date(2026, 10, 1), identity_check="in_person", identity_note=None
    )
    db.session.commit()

    frozen_clock(at(date(2026, 11, 16)))  # six weeks later: the objection window has passed
    login(users["mentor"])
    assert upload_evidence(client, case.id, files=[(png_bytes(), "scherm.png")]).status_code == 302
    login(users["coordinator"])
    response = client.post(
        f"/cases/{case.id}/correspondence/new",
        content_type="multipart/form-data",
        data={
            "kind": "letter",
            "direction": "in",
            "occurred_on": "2026-11-12",
            "subject": "Brief van ouders",
            "concerns": [str(femke.id)],
            "files": [(io.BytesIO(pdf_bytes()), "brief.pdf")],
        },
    )
    assert response.status_code == 302
    assert client.post(f"/cases/{case.id}/notices/new", data=compose_data(client, case.id)).status_code == 302
    client.post("/logout")

    db.session.expire_all()
    assert finalizes_soon(sanction)  # what a GET of the case page used to finalize
    recipients = recipients_of(case)
    letter = next(r for r in recipients if r.attachment_id is not None)
    emailed = next(r for r in recipients if r.outbox_message is not None)
    followup = db.session.scalars(
        select(Followup).where(Followup.case_id == case.id, Followup.status == "open")
    ).first()
    values = {
        "case_id": [case.id],
        "sanction_id": [sanction.id, staff_sanction.id],
        "report_id": [report.id],
        "request_id": [access_request.id],
        "followup_id": [followup.id],
        "person_id": [femke.id, teacher.id, paper_parent.id],
        "evidence_id": [db.session.scalar(select(Evidence.id).where(Evidence.kind == "file"))],
        "attachment_id": [db.session.scalar(select(Attachment.id).where(Attachment.filename == "brief.pdf"))],
        "recipient_id": [letter.id],
        "token": [link_in(emailed.outbox_message).rsplit("/", 1)[1]],
        "key": [next(iter(KINDS))],
        "filename": ["style.css"],
        "holiday_id": [holiday.id],
    }
    return users, values


def get_urls(app, values):
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"{rule.rule}: give this test a value for {sorted(missing)}"
        names = sorted(rule.arguments)
        for combination in itertools.product(*(values[name] for name in names)):
            urls.append(adapter.build(rule.endpoint, dict(zip(names, combination, strict=True))))
    return urls


def table_state():
    """Per table: its row count and a digest of all rows; the audit rows themselves."""
    db.session.rollback()  # a fresh read of what the requests committed
    state = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if c.name not in TOUCHED.get(table.name, ())]
        rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        state[table.name] = rows if table.name == AUDIT else (len(rows), digest)
    return state


def changes(before, after):
    changed = [name for name in before if name != AUDIT and before[name] != after[name]]
    audit_before, audit_after = before[AUDIT], after[AUDIT]
    if audit_after[: len(audit_before)] != audit_before:
        changed.append(AUDIT + " (an existing row changed or went)")
    return changed


def test_no_get_route_writes_anything_but_audit_rows(app, client, login, seeded, frozen_clock):
    users, values = seeded
    urls = get_urls(app, values)
    assert any(url.startswith("/cases/") for url in urls) and len(urls) > 20
    wrote, failed = [], []
    for role in (None, *ROLES):
        if role is None:
            client.post("/logout")
        else:
            login(users[role])
        frozen_clock(frozen_clock.now() + timedelta(minutes=2))  # the first GET refreshes last_seen_at
        before = table_state()
        for url in urls:
            response = client.get(url, headers=EN)
            if response.status_code >= 500:
                failed.append(f"{role}: GET {url} -> {response.status_code}")
            after = table_state()
            changed = changes(before, after)
            if changed:
                wrote.append(f"{role}: GET {url} changed {', '.join(changed)}")
            before = after
    assert not failed, "\n".join(failed)
    assert not wrote, "GET requests that wrote:\n" + "\n".join(wrote)
