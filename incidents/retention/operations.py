"""Deleting what retention selected, writing the audit trail, and removing stored files after the commit.

The deletes are explicit, child rows first, so SQLite (no enforced foreign keys) and
PostgreSQL end in the same state. Tables added later that point at people or cases are
handled by their declared ON DELETE rule (see `_follow_foreign_keys`); a test fails when
such a reference has none.
"""
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select, update

from incidents.audit.record import audit
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.core import clock
from incidents.correspondence.models import Attachment, Correspondence, Filing, ParentContactWaiver
from incidents.evidence.models import Evidence
from incidents.evidence.storage import path_for, storage_root
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Guardianship, Person
from incidents.police.models import PoliceReport
from incidents.retention.selection import plan_school
from incidents.sanctions.models import Sanction
from incidents.schools.models import School

log = logging.getLogger(__name__)
ORPHAN_MIN_AGE_SECONDS = 3600  # an upload stored moments ago may not have its row committed yet

# Columns pointing at people or cases that the steps below take care of explicitly.
HANDLED = {
    ("involvements", "case_id"), ("involvements", "person_id"), ("case_events", "case_id"),
    ("evidence", "case_id"), ("correspondence", "case_id"), ("filings", "person_id"),
    ("parent_contact_waivers", "case_id"), ("parent_contact_waivers", "pupil_id"),
    ("sanctions", "case_id"), ("sanctions", "subject_id"), ("police_reports", "case_id"),
    ("police_reports", "victim_id"), ("followups", "case_id"), ("outbox_messages", "case_id"),
    ("outbox_messages", "recipient_person_id"), ("guardianships", "pupil_id"), ("guardianships", "parent_id"),
}


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    people: list = field(default_factory=list)  # PersonPlan
    cases: list = field(default_factory=list)  # CasePlan
    files_removed: list = field(default_factory=list)  # sha256 of stored files no row references any more
    orphans_removed: list = field(default_factory=list)  # sha256 of files no row referenced at all


def run_retention(today=None, dry_run=False):
    """Select and delete every school's due files; ends the session's transaction itself.

    The nightly scheduler calls this; so does `flask retention`. A dry run performs the very
    same deletes inside the transaction, reads what would be left, and rolls back, so its
    report cannot drift from what a real run does.
    """
    today = today or clock.today()
    report = RetentionReport(today=today, dry_run=dry_run)
    orphans = find_orphans()
    shas = set()
    for school in db.session.scalars(select(School).order_by(School.id)).all():
        plan = plan_school(school, today)
        report.people += plan.people
        report.cases += plan.cases
        if plan.people:
            _delete(plan)
        shas |= plan.shas
    db.session.flush()
    unreferenced = sorted(sha for sha in shas if not _still_referenced(sha))
    if dry_run:
        db.session.rollback()
        report.files_removed, report.orphans_removed = unreferenced, orphans
        return report
    db.session.commit()
    # Only now that the rows are gone for good may the bytes go; check again, an upload may have
    # brought the same bytes back meanwhile.
    report.files_removed = [sha for sha in unreferenced if not _still_referenced(sha) and _unlink(sha)]
    report.orphans_removed = [sha for sha in orphans if not _still_referenced(sha) and _unlink(sha)]
    return report


def _delete(plan):
    case_ids, record_ids, person_ids = plan.case_ids, plan.correspondence_ids, plan.person_ids
    for case in plan.cases:
        audit("retention.case_deleted", object_type="cases", object_id=case.case_id, school_id=plan.school_id,
              detail=case.summary())
    for person in plan.people:
        audit("retention.person_deleted", object_type="people", object_id=person.person_id,
              school_id=plan.school_id, detail=person.summary())
    if case_ids:
        _delete_cases(case_ids)
    if record_ids:
        _delete_correspondence(record_ids)
    _delete_people(person_ids)
    db.session.flush()


def _execute(statement):
    db.session.execute(statement.execution_options(synchronize_session=False))


def _delete_correspondence(record_ids):
    _execute(delete(Attachment).where(Attachment.correspondence_id.in_(record_ids)))
    _execute(delete(Filing).where(Filing.correspondence_id.in_(record_ids)))
    _execute(delete(Correspondence).where(Correspondence.id.in_(record_ids)))


def _delete_cases(case_ids):
    records = set(db.session.scalars(select(Correspondence.id).where(Correspondence.case_id.in_(case_ids))))
    _execute(delete(Followup).where(Followup.case_id.in_(case_ids)))
    if records:
        _delete_correspondence(records)
    for model in (ParentContactWaiver, Sanction, PoliceReport, Evidence, CaseEvent, Involvement, OutboxMessage):
        _execute(delete(model).where(model.case_id.in_(case_ids)))
    _follow_foreign_keys("cases", case_ids)
    _execute(delete(Case).where(Case.id.in_(case_ids)))


def _delete_people(person_ids):
    _execute(delete(Filing).where(Filing.person_id.in_(person_ids)))
    _execute(delete(ParentContactWaiver).where(ParentContactWaiver.pupil_id.in_(person_ids)))
    sanctions = set(db.session.scalars(select(Sanction.id).where(Sanction.subject_id.in_(person_ids))))
    if sanctions:
        _execute(delete(Followup).where(Followup.sanction_id.in_(sanctions)))
        _execute(update(Correspondence).where(Correspondence.sanction_id.in_(sanctions)).values(sanction_id=None))
        _execute(delete(Sanction).where(Sanction.id.in_(sanctions)))
    # The police report belongs to the case, which stays for the others involved.
    _execute(update(PoliceReport).where(PoliceReport.victim_id.in_(person_ids)).values(victim_id=None))
    _execute(delete(Involvement).where(Involvement.person_id.in_(person_ids)))
    _execute(delete(OutboxMessage).where(OutboxMessage.recipient_person_id.in_(person_ids)))
    _execute(delete(Guardianship).where(Guardianship.pupil_id.in_(person_ids)
                                        | Guardianship.parent_id.in_(person_ids)))
    _follow_foreign_keys("people", person_ids)
    _execute(delete(Person).where(Person.id.in_(person_ids)))


def unhandled_references(target):
    """(table, column, ondelete) of foreign keys to `target` that the steps above do not cover."""
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == target and (table.name, fk.parent.name) not in HANDLED:
                found.append((table, fk.parent, (fk.ondelete or "").upper()))
    return found


def _follow_foreign_keys(target, ids):
    """Apply the declared ON DELETE rule of other tables by hand, so SQLite behaves like PostgreSQL."""
    for table, column, ondelete in unhandled_references(target):
        if ondelete == "CASCADE":
            _execute(table.delete().where(column.in_(ids)))
        elif ondelete == "SET NULL":
            _execute(table.update().where(column.in_(ids)).values({column.name: None}))
        else:
            raise RuntimeError(f"retention does not know what to do with {table.name}.{column.name}")


def _referenced_hashes():
    return set(db.session.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None)))) | set(
        db.session.scalars(select(Attachment.sha256))
    )


def _still_referenced(sha):
    """Does any evidence or attachment row (still) point at this stored file?"""
    return (db.session.scalar(select(Evidence.id).where(Evidence.sha256 == sha).limit(1)) is not None
            or db.session.scalar(select(Attachment.id).where(Attachment.sha256 == sha).limit(1)) is not None)


def find_orphans(min_age=ORPHAN_MIN_AGE_SECONDS):
    """Stored files that no evidence or attachment row references, older than `min_age` seconds."""
    root = storage_root()
    if not root.is_dir():
        return []
    referenced = _referenced_hashes()
    cutoff = time.time() - min_age
    orphans = []
    for path in root.glob("??/??/*"):
        sha = path.name
        try:
            if path_for(sha, root) != path or sha in referenced or path.stat().st_mtime > cutoff:
                continue
        except FileNotFoundError:  # not a content hash: not ours to judge
            continue
        orphans.append(sha)
    return sorted(orphans)


def _unlink(sha):
    try:
        os.unlink(path_for(sha))
    except FileNotFoundError:
        return False
    log.info("retention removed stored file %s", sha)
    return True
