"""Retention: who is due, what goes with them, what stays, and the files on disk."""

from datetime import date

import pytest
from sqlalchemy import func, select

from incidents.audit.models import AuditEvent
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.correspondence.models import Attachment, Correspondence, Filing, ParentContactWaiver
from incidents.correspondence.operations import record_correspondence
from incidents.evidence.models import Evidence
from incidents.evidence.operations import NewEvidence, add_evidence
from incidents.evidence.storage import object_store
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.outbox.enqueue import enqueue
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Guardianship, Person
from incidents.police.models import PoliceReport
from incidents.retention.operations import run_retention, unhandled_references
from incidents.retention.rules import add_years, is_due, parent_is_due
from incidents.sanctions.models import Sanction
from incidents.schools.models import School
from tests.evidence.helpers import store
from tests.helpers import TODAY, backdate_stored, exists, jpeg_bytes, pdf_bytes, png_bytes


def letter(case, user, concerns, attachment=None):
    record = record_correspondence(
        case,
        user,
        kind="letter",
        direction="out",
        occurred_on=date(2024, 5, 1),
        subject="Brief",
        concerns=[p.id for p in concerns],
    )
    if attachment is not None:
        db.session.add(
            Attachment(
                correspondence_id=record.id,
                sha256=attachment.sha256,
                size=attachment.size,
                content_type=attachment.content_type,
                filename="brief.pdf",
            )
        )
    return record


def _old(sha, seconds=7200):
    backdate_stored(sha, seconds)


@pytest.fixture
def due(make_school, make_user, make_person, make_case, frozen_clock):
    """Three schools around leavers due (or not yet) for removal, with everything that hangs on
    them; returns plain ids, hashes and references (not the shared `world`: retention needs
    leaving dates, files and records of every kind)."""
    school, short, untouched = make_school(), make_school(), make_school()
    short.retention_years = 1
    coordinator = make_user("coordinator", school)
    leaver = make_person(
        school, left_on=date(2024, 7, 1), first_name="Vertrokken", last_name="Leerling", parents=1
    )  # due since 2026-07-01
    parent = leaver.parents[0]
    stays = make_person(school, parents=1)
    staff = make_person(school, kind="staff", left_on=date(2025, 1, 1))  # due 2027-01-01: not yet
    only_leaver = make_case(school, coordinator, [(leaver, "target")])
    shared = make_case(school, coordinator, [(leaver, "target"), (stays, "perpetrator"), (staff, "witness")])
    unique_file, shared_file, letter_file = store(png_bytes()), store(jpeg_bytes()), store(pdf_bytes())
    add_evidence(
        only_leaver,
        coordinator,
        NewEvidence(platform="instagram", files=[(unique_file, "a.png"), (shared_file, "b.jpg")]),
    )
    add_evidence(
        shared,
        coordinator,
        NewEvidence(platform="instagram", files=[(shared_file, "b.jpg")], links=["https://example.org/p"]),
    )
    letter(only_leaver, coordinator, [leaver])
    only_him = letter(shared, coordinator, [leaver], attachment=letter_file)
    both = letter(shared, coordinator, [leaver, stays])
    db.session.add(
        ParentContactWaiver(case_id=shared.id, pupil_id=leaver.id, reason="Gevaar", recorded_by_id=coordinator.id)
    )
    his = Sanction(
        school_id=school.id,
        case_id=shared.id,
        subject_id=leaver.id,
        subject_kind="pupil",
        measure="warning",
        proposed_by_id=coordinator.id,
    )
    theirs = Sanction(
        school_id=school.id,
        case_id=shared.id,
        subject_id=stays.id,
        subject_kind="pupil",
        measure="warning",
        proposed_by_id=coordinator.id,
    )
    db.session.add_all([his, theirs])
    db.session.flush()
    db.session.add(Followup(school_id=school.id, case_id=shared.id, sanction_id=his.id, kind="check", due_on=TODAY))
    db.session.add(Followup(school_id=school.id, case_id=only_leaver.id, kind="check", due_on=TODAY))
    db.session.add(
        PoliceReport(
            school_id=school.id,
            case_id=shared.id,
            offence="sr285",
            state="considered",
            victim_id=leaver.id,
            created_by_id=coordinator.id,
        )
    )
    enqueue(
        school_id=school.id,
        key="n1",
        kind="notice",
        to_address="ouder@example.org",
        subject="s",
        body_text="b",
        recipient_person_id=parent.id,
        case_id=shared.id,
    )
    enqueue(
        school_id=school.id,
        key="n2",
        kind="notice",
        to_address="ander@example.org",
        subject="s",
        body_text="b",
        case_id=only_leaver.id,
    )
    # Another school keeping one year; the same leaving date is due there.
    short_leaver = make_person(short, left_on=date(2025, 7, 1))
    short_case = make_case(short, make_user("coordinator", short), [(short_leaver, "target")])
    # A school whose leaver is not yet due.
    untouched_leaver = make_person(untouched, left_on=date(2025, 7, 1))
    make_case(untouched, make_user("coordinator", untouched), [(untouched_leaver, "target")])
    db.session.commit()
    orphan_old, orphan_new = store(b"%PDF-1.4 old orphan"), store(b"%PDF-1.4 new orphan")
    _old(orphan_old.sha256)
    objects = dict(
        school=school,
        short=short,
        leaver=leaver,
        parent=parent,
        stays=stays,
        staff=staff,
        stays_parent=stays.parents[0],
        only_leaver=only_leaver,
        shared=shared,
        only_him=only_him,
        both=both,
        his=his,
        theirs=theirs,
        short_leaver=short_leaver,
        short_case=short_case,
        untouched_leaver=untouched_leaver,
    )
    # Plain values: the ORM objects of deleted rows cannot be read after a run.
    due = {name: obj.id for name, obj in objects.items()}
    due.update(
        {
            name: stored.sha256
            for name, stored in dict(
                unique_file=unique_file,
                shared_file=shared_file,
                letter_file=letter_file,
                orphan_old=orphan_old,
                orphan_new=orphan_new,
            ).items()
        }
    )
    due["ref"] = {name: objects[name].reference for name in ("only_leaver", "shared", "short_case")}
    due["leaver_number"] = leaver.external_number
    return due


TABLES = (
    Person,
    Guardianship,
    Case,
    Involvement,
    CaseEvent,
    Evidence,
    Correspondence,
    Filing,
    Attachment,
    ParentContactWaiver,
    Sanction,
    Followup,
    PoliceReport,
    OutboxMessage,
    AuditEvent,
)


def snapshot():
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) for model in TABLES}


def test_rules():
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert is_due(date(2024, 11, 16), 2, TODAY) and not is_due(date(2024, 11, 17), 2, TODAY)
    assert not is_due(None, 2, TODAY)
    assert parent_is_due([True, True], False) and not parent_is_due([True, False], True)
    assert not parent_is_due([], False) and parent_is_due([], True)


def test_dry_run_lists_due_people_and_changes_nothing(app, due):
    before = snapshot()
    report = run_retention(dry_run=True)
    assert {p.person_id for p in report.people} == {due["leaver"], due["parent"], due["short_leaver"]}
    leaver = next(p for p in report.people if p.person_id == due["leaver"])
    assert leaver.due_since == date(2026, 7, 1) and leaver.kind == "pupil"
    assert leaver.counts == {
        "involvements": 2,
        "filings": 3,
        "sanctions": 1,
        "waivers": 1,
        "outbox": 0,
        "correspondence": 1,
    }
    assert leaver.cases_deleted == [due["ref"]["only_leaver"]]
    assert {c.case_id for c in report.cases} == {due["only_leaver"], due["short_case"]}
    assert set(report.files_removed) == {due["unique_file"], due["letter_file"]}
    assert report.orphans_removed == [due["orphan_old"]]
    assert snapshot() == before
    for stored in ("unique_file", "shared_file", "letter_file", "orphan_old", "orphan_new"):
        assert object_store().exists(due[stored])


def test_dry_run_command_prints_due_files(app, due):
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Due for deletion on 2026-11-16: 3 people, 2 cases." in result.output
    assert f"person {due['leaver']} " in result.output and "due since 2026-07-01" in result.output
    assert "Vertrokken" not in result.output
    assert exists(Person, due["leaver"])


def test_real_run_deletes_exactly_the_due_data(app, due):
    report = run_retention()
    w = due
    assert not exists(Person, w["leaver"]) and not exists(Person, w["parent"])
    assert not exists(Person, w["short_leaver"])
    for kept in ("stays", "staff", "untouched_leaver"):
        assert exists(Person, w[kept])
    assert exists(Person, w["stays_parent"])
    # The case with nobody left goes entirely; the shared case stays without the leaver.
    assert not exists(Case, w["only_leaver"]) and not exists(Case, w["short_case"])
    assert db.session.scalar(select(func.count(Evidence.id)).where(Evidence.case_id == w["only_leaver"])) == 0
    assert db.session.scalar(select(func.count(Followup.id)).where(Followup.case_id == w["only_leaver"])) == 0
    shared = db.session.get(Case, w["shared"])
    assert sorted(i.person_id for i in shared.involvements) == sorted([w["stays"], w["staff"]])
    assert len(shared.evidence) == 2
    assert not exists(Correspondence, w["only_him"])
    both = db.session.get(Correspondence, w["both"])
    assert [f.person_id for f in both.filings] == [w["stays"]]
    assert not exists(Sanction, w["his"]) and exists(Sanction, w["theirs"])
    assert db.session.scalar(select(func.count(ParentContactWaiver.id))) == 0
    assert db.session.scalar(select(PoliceReport)).victim_id is None
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(select(func.count(Followup.id))) == 0
    # Stored files: those only the deleted rows used go; the one a kept case shares stays.
    assert not object_store().exists(w["unique_file"]) and not object_store().exists(w["letter_file"])
    assert object_store().exists(w["shared_file"])
    assert not object_store().exists(w["orphan_old"]) and object_store().exists(w["orphan_new"])
    assert set(report.files_removed) == {w["unique_file"], w["letter_file"]}


def test_audit_names_what_was_removed_without_names(app, due):
    run_retention()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("retention.%")).order_by(AuditEvent.id)
    ).all()
    people = {e.object_id: e for e in events if e.action == "retention.person_deleted"}
    cases = {e.object_id: e for e in events if e.action == "retention.case_deleted"}
    assert set(people) == {due["leaver"], due["parent"], due["short_leaver"]}
    assert set(cases) == {due["only_leaver"], due["short_case"]}
    detail = people[due["leaver"]].detail
    assert detail.startswith(f"person {due['leaver']} (pupil, number {due['leaver_number']}): ")
    assert "3 filings" in detail and "1 sanctions" in detail and due["ref"]["only_leaver"] in detail
    case_detail = cases[due["only_leaver"]].detail
    assert "2 evidence" in case_detail and "1 correspondence" in case_detail and "1 outbox" in case_detail
    assert people[due["short_leaver"]].school_id == due["short"]
    for event in events:
        assert "Vertrokken" not in event.detail and "Leerling" not in event.detail and "Jansen" not in event.detail


def test_second_run_is_idempotent(app, due):
    run_retention()
    after_first = snapshot()
    report = run_retention()
    assert report.people == [] and report.cases == [] and report.files_removed == []
    assert snapshot() == after_first


def test_retention_years_decide_and_later_day_catches_up(app, due):
    db.session.get(School, due["school"]).retention_years = 3
    db.session.commit()
    report = run_retention(dry_run=True)
    assert {p.person_id for p in report.people} == {due["short_leaver"]}
    report = run_retention(today=date(2027, 7, 1), dry_run=True)
    assert {p.person_id for p in report.people} == {
        due["leaver"],
        due["parent"],
        due["short_leaver"],
        due["untouched_leaver"],
    }


def test_parent_stays_while_a_child_remains(app, due, make_person):
    sibling = make_person(db.session.get(School, due["school"]))
    db.session.add(Guardianship(pupil_id=sibling.id, parent_id=due["parent"]))
    db.session.commit()
    run_retention()
    assert not exists(Person, due["leaver"])
    assert exists(Person, due["parent"])


def test_every_reference_to_people_and_cases_has_a_rule(app):
    # A table added later pointing at people or cases must say ON DELETE CASCADE / SET NULL,
    # or be added to retention's explicit steps; otherwise retention would fail on PostgreSQL.
    for target in ("people", "cases"):
        for table, column, ondelete in unhandled_references(target):
            assert ondelete in ("CASCADE", "SET NULL"), f"{table.name}.{column.name} -> {target}"
