"""Retention leaves nothing behind: childless parents, names in kept texts, dangling rows, reused files."""

import io
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from incidents.audit.models import AuditEvent
from incidents.cases.models import Case, CaseEvent
from incidents.correspondence.models import Attachment, Correspondence
from incidents.correspondence.operations import record_correspondence, record_parent_contact
from incidents.evidence.storage import object_store, store_stream
from incidents.extensions import db
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.enqueue import enqueue
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Guardianship, Person
from incidents.retention.operations import find_orphans, run_retention
from incidents.retention.rules import REMOVED, name_pattern, scrub
from incidents.schools.models import School
from tests.helpers import TODAY, backdate_stored, exists, pdf_bytes, png_bytes

# --- 1. parents without a child -------------------------------------------------------------


def test_a_childless_parent_gets_a_leaving_day_and_goes_years_later(app, make_school, make_person, frozen_clock):
    school = make_school()
    pupil = make_person(school, parents=1)
    parent_id = pupil.parents[0].id
    db.session.delete(pupil.guardianships[0])  # unlinked some way other than the roster import
    db.session.commit()
    dry = run_retention(dry_run=True)
    assert dry.parents_marked == 1 and db.session.get(Person, parent_id).left_on is None  # dry run: nothing kept
    report = run_retention()
    assert report.parents_marked == 1 and report.people == []
    assert db.session.get(Person, parent_id).left_on == TODAY
    assert run_retention().parents_marked == 0  # the first day they were seen childless stays
    assert run_retention(today=date(2028, 11, 15)).people == []
    report = run_retention(today=date(2028, 11, 16))  # two years (the school's retention) later
    assert [p.person_id for p in report.people] == [parent_id]
    assert report.people[0].due_since == date(2028, 11, 16)
    assert not exists(Person, parent_id)


def test_a_parent_with_a_child_is_not_marked(app, make_school, make_person, frozen_clock):
    school = make_school()
    pupil = make_person(school, parents=1)
    run_retention()
    assert db.session.get(Person, pupil.parents[0].id).left_on is None


# --- 2. names in what stays -----------------------------------------------------------------


def test_name_pattern_rules():
    pattern = name_pattern(["Jan de Vries"], ["Jan", "de Vries", "Wit"], keep=["Vries"])
    assert scrub("ouders van JAN  DE VRIES gebeld", pattern) == f"ouders van {REMOVED} gebeld"
    assert scrub("Jan belde; Janneke niet; de Vries ook", pattern) == f"{REMOVED} belde; Janneke niet; {REMOVED} ook"
    assert scrub("een wit shirt, Wit zelf", pattern) == f"een wit shirt, {REMOVED} zelf"
    assert scrub("Vries", name_pattern([], ["Vries"], keep=["vries"])) == "Vries"  # someone who stays
    assert name_pattern([], ["J"]) is None and scrub(None, pattern) is None


@pytest.fixture
def family(app, make_school, make_user, make_person, make_case, frozen_clock):
    """A leaver whose case stays (another pupil and the leaver's sibling are in it)."""
    school = make_school()
    coordinator = make_user("coordinator", school)
    leaver = make_person(school, first_name="Vertrokken", last_name="Leerling", left_on=date(2024, 7, 1))
    sibling = make_person(school, first_name="Blijft", last_name="Leerling")
    parent = Person(
        school_id=school.id, kind="parent", first_name="Petra", last_name="Leerling", email="petra@example.org"
    )
    db.session.add_all([parent, Guardianship(pupil=leaver, parent=parent), Guardianship(pupil=sibling, parent=parent)])
    other = make_person(school, first_name="Otto", last_name="Dader")
    case = make_case(
        school,
        coordinator,
        [(leaver, "target"), (other, "perpetrator"), (sibling, "witness")],
        description="Vertrokken Leerling werd gepest door Otto Dader. Vertrokken is verdrietig; "
        "familie Leerling is boos.",
    )
    unrelated = make_case(
        school,
        coordinator,
        [(other, "perpetrator")],
        description="Otto noemde Vertrokken Leerling in de groepsapp. Vertrokken zelf niet.",
    )
    record_parent_contact(case, coordinator, leaver, kind="phone", occurred_on=date(2024, 5, 1), note="Gebeld")
    db.session.add(CaseEvent(case_id=case.id, kind="note", note="Gesprek met Otto Dader over vertrokken leerling"))
    # A notice about the leaver to the parent who stays (for the sibling), with its e-mail and letter record.
    notice = Notice(
        school_id=school.id,
        case_id=case.id,
        pupil_id=leaver.id,
        subject="Over Vertrokken",
        body="Beste Petra Leerling, over Vertrokken ...",
        created_by_id=coordinator.id,
    )
    db.session.add(notice)
    db.session.flush()
    record = record_correspondence(
        case,
        coordinator,
        kind="email",
        direction="out",
        occurred_on=date(2024, 5, 2),
        subject="Over Vertrokken",
        recipient="Petra Leerling",
        concerns=[leaver.id, parent.id],
    )
    mail = enqueue(
        school_id=school.id,
        key=f"notice:{notice.id}:{parent.id}",
        kind="notice",
        to_address="petra@example.org",
        to_name="Petra Leerling",
        subject="Over Vertrokken",
        body_text="Over Vertrokken Leerling",
        case_id=case.id,
        recipient_person_id=parent.id,
    )
    db.session.flush()
    db.session.add(
        NoticeRecipient(
            notice_id=notice.id,
            parent_id=parent.id,
            channel="email",
            nonce="n" * 32,
            outbox_message_id=mail.id,
            correspondence_id=record.id,
        )
    )
    reminder = enqueue(
        school_id=school.id,
        key="reminder",
        kind="followup_due",
        to_address="c@example.org",
        to_name="Coördinator",
        subject="Taak bij Vertrokken Leerling",
        body_text="Bel de ouders van Vertrokken Leerling.",
        case_id=case.id,
        recipient_user_id=coordinator.id,
    )
    loose = enqueue(
        school_id=school.id,
        key="loose",
        kind="other",
        to_address="c@example.org",
        subject="Vertrokken Leerling",
        body_text="Over vertrokken leerling en Vertrokken",
        recipient_user_id=coordinator.id,
    )
    db.session.commit()
    return dict(
        school=school.id,
        leaver=leaver.id,
        sibling=sibling.id,
        parent=parent.id,
        case=case.id,
        unrelated=unrelated.id,
        notice=notice.id,
        record=record.id,
        mail=mail.id,
        reminder=reminder.id,
        loose=loose.id,
        version=case.version,
    )


def _is_text(column):
    try:
        return column.type.python_type is str
    except NotImplementedError:
        return False


def _texts():
    """Every text column of every row, as one string per row."""
    rows = []
    for table in db.metadata.sorted_tables:
        if table.name == "audit_events":
            continue
        columns = [c for c in table.columns if _is_text(c)]
        if columns:
            rows += [" | ".join(v for v in row if v) for row in db.session.execute(select(*columns))]
    return rows


def test_dry_run_command_counts_texts_and_prints_no_name(app, family):
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (
        "Texts from which a deleted person's name was removed: 3 case_events, 2 cases, 2 outbox_messages."
        in result.output
    )
    assert "Vertrokken" not in result.output
    assert "Vertrokken Leerling" in db.session.get(Case, family["case"]).description  # rolled back


def test_names_of_a_deleted_pupil_are_removed_from_what_stays(app, family):
    f = family
    report = run_retention()
    assert [p.person_id for p in report.people] == [f["leaver"]]
    # The parent-contact record and the notice's e-mail record; the notice e-mail to the parent.
    assert report.people[0].counts["correspondence"] == 2 and report.people[0].counts["outbox"] == 1
    assert exists(Person, f["parent"]) and exists(Person, f["sibling"])
    case = db.session.get(Case, f["case"])
    assert case.description == (
        f"{REMOVED} werd gepest door Otto Dader. {REMOVED} is verdrietig; familie Leerling is boos."
    )  # the sibling's family name stays
    assert case.version == f["version"] + 1
    notes = [e.note for e in case.events]
    assert f"Ouders van {REMOVED} geïnformeerd" in notes
    assert f"Gesprek met Otto Dader over {REMOVED}" in notes
    assert f"Over {REMOVED}" in notes  # the timeline line of the deleted notice letter
    # A case they were not in loses only the full name.
    assert db.session.get(Case, f["unrelated"]).description == (
        f"Otto noemde {REMOVED} in de groepsapp. Vertrokken zelf niet."
    )
    # The notice about them goes with its e-mail and letter record, also to the parent who stays.
    assert not exists(Notice, f["notice"]) and not exists(OutboxMessage, f["mail"])
    assert not exists(Correspondence, f["record"])
    assert db.session.scalar(select(func.count(NoticeRecipient.id))) == 0
    reminder = db.session.get(OutboxMessage, f["reminder"])
    assert reminder.subject == f"Taak bij {REMOVED}" and reminder.body_text == f"Bel de ouders van {REMOVED}."
    loose = db.session.get(OutboxMessage, f["loose"])
    assert loose.subject == REMOVED and loose.body_text == f"Over {REMOVED} en Vertrokken"
    assert report.texts_scrubbed == {"cases": 2, "case_events": 3, "outbox_messages": 2}
    for text in _texts():
        assert "Vertrokken Leerling" not in text and "vertrokken leerling" not in text, text
    # The audit trail says how much was rewritten, never what.
    events = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action.like("retention.%"))).all()
    assert "texts rewritten: 3 case_events, 2 cases, 2 outbox_messages" in events
    assert not any("Vertrokken" in (d or "") or "Leerling" in (d or "") for d in events)


def test_a_deleted_parents_name_goes_from_the_kept_case(
    app, make_school, make_user, make_person, make_case, frozen_clock
):
    school = make_school()
    coordinator = make_user("coordinator", school)
    leaver = make_person(school, last_name="Smit", left_on=date(2024, 7, 1), parents=1)
    parent = leaver.parents[0]
    parent.first_name = "Gerda"
    other = make_person(school, last_name="Bos")
    case = make_case(
        school,
        coordinator,
        [(leaver, "target"), (other, "perpetrator")],
        description="Moeder Gerda Smit belde. Gerda was boos.",
    )
    parent_id, case_id = parent.id, case.id
    run_retention()
    assert not exists(Person, parent_id)
    assert db.session.get(Case, case_id).description == f"Moeder {REMOVED} belde. {REMOVED} was boos."


# --- 3. nothing points at a deleted row -----------------------------------------------------


def dangling():
    """(table.column, count) of rows whose foreign key names a row that does not exist."""
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            target = fk.column.table
            missing = (
                select(func.count())
                .select_from(table)
                .where(
                    fk.parent.is_not(None),
                    ~select(target.c[fk.column.name]).where(target.c[fk.column.name] == fk.parent).exists(),
                )
            )
            count = db.session.scalar(missing)
            if count:
                found.append((f"{table.name}.{fk.parent.name}", count))
    return found


def test_no_row_points_at_a_deleted_row(app, family, make_person, make_case, make_user):
    f = family
    school = db.session.get(School, f["school"])
    coordinator = make_user("coordinator", school)
    # A case that goes entirely, with a notice letter (attachment) to a parent who is deleted too.
    gone = make_person(school, left_on=date(2024, 1, 1), parents=1)
    gone_case = make_case(school, coordinator, [(gone, "target")])
    stored = store_stream(io.BytesIO(pdf_bytes()), 10 * 1024 * 1024)
    notice = Notice(
        school_id=school.id, case_id=gone_case.id, pupil_id=gone.id, subject="s", body="b", created_by_id=coordinator.id
    )
    db.session.add(notice)
    db.session.flush()
    record = record_correspondence(
        gone_case,
        coordinator,
        kind="letter",
        direction="out",
        occurred_on=date(2024, 1, 1),
        subject="s",
        concerns=[gone.id],
    )
    attachment = Attachment(
        correspondence_id=record.id,
        sha256=stored.sha256,
        size=stored.size,
        content_type=stored.content_type,
        filename="brief.pdf",
    )
    db.session.add(attachment)
    db.session.flush()
    db.session.add(
        NoticeRecipient(
            notice_id=notice.id,
            parent_id=gone.parents[0].id,
            channel="letter",
            nonce="m" * 32,
            correspondence_id=record.id,
            attachment_id=attachment.id,
        )
    )
    db.session.commit()
    ids = {"people": {f["leaver"], gone.id, gone.parents[0].id}, "cases": {gone_case.id}}
    assert dangling() == []
    report = run_retention()
    assert {p.person_id for p in report.people} == ids["people"]
    assert {c.case_id for c in report.cases} == ids["cases"]
    assert dangling() == []
    assert db.session.scalar(select(func.count(NoticeRecipient.id))) == 0
    assert not object_store().exists(stored.sha256)
    # Checked the other way round too: no column pointing at people or cases holds a deleted id.
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name in ids:
                held = db.session.scalar(
                    select(func.count()).select_from(table).where(fk.parent.in_(ids[fk.column.table.name]))
                )
                assert held == 0, f"{table.name}.{fk.parent.name}"


# --- 4. stored files reused by a new upload --------------------------------------------------


def test_storing_the_same_bytes_again_refreshes_the_file_so_the_orphan_sweep_spares_it(app, frozen_clock):
    content = png_bytes()
    first = store_stream(io.BytesIO(content), 10 * 1024 * 1024)
    backdate_stored(first.sha256)
    assert find_orphans() == [first.sha256]  # old and unreferenced: the sweep would take it
    again = store_stream(io.BytesIO(content), 10 * 1024 * 1024)  # an upload whose row is not committed yet
    assert again.sha256 == first.sha256
    assert object_store().stored_at(first.sha256) > time.time() - 60
    assert find_orphans() == []
    run_retention()
    assert object_store().exists(first.sha256)


def test_a_hyphenated_name_is_not_cut_in_half():
    pattern = name_pattern(["Jan de Vries"], parts=["Jan"])
    assert scrub("Jan-Willem sprak met Jan.", pattern) == f"Jan-Willem sprak met {REMOVED}."
