"""Deleting what retention selected, writing the audit trail, and removing stored files after the commit.

The deletes are explicit, child rows first. Every delete goes through `_remove`, which applies
the declared ON DELETE rule of every foreign key pointing at the rows by hand (recursively), so
SQLite (no enforced foreign keys) and PostgreSQL end in the same state and no row is left
pointing at a deleted one; a test fails when a reference to people or cases has no rule.
"""

import logging
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Column, ColumnElement, CursorResult, Delete, Table, Update, exists, select, update

from incidents.audit.record import audit
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.core import clock
from incidents.correspondence.models import Attachment, Correspondence, Filing, ParentContactWaiver
from incidents.evidence.models import Evidence
from incidents.evidence.storage import object_store
from incidents.extensions import Model, db
from incidents.followups.models import Followup
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Guardianship, Person
from incidents.police.models import PoliceReport
from incidents.retention.scrub import scrub_names
from incidents.retention.selection import CasePlan, PersonPlan, SchoolPlan, plan_school
from incidents.sanctions.models import Sanction
from incidents.schools.models import School

log = logging.getLogger(__name__)
ORPHAN_MIN_AGE_SECONDS = 3600  # an upload stored moments ago may not have its row committed yet

# Columns pointing at people or cases that the steps below take care of explicitly.
HANDLED = {
    ("involvements", "case_id"),
    ("involvements", "person_id"),
    ("case_events", "case_id"),
    ("evidence", "case_id"),
    ("correspondence", "case_id"),
    ("filings", "person_id"),
    ("parent_contact_waivers", "case_id"),
    ("parent_contact_waivers", "pupil_id"),
    ("sanctions", "case_id"),
    ("sanctions", "subject_id"),
    ("police_reports", "case_id"),
    ("police_reports", "victim_id"),
    ("followups", "case_id"),
    ("outbox_messages", "case_id"),
    ("outbox_messages", "recipient_person_id"),
    ("guardianships", "pupil_id"),
    ("guardianships", "parent_id"),
}


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    people: list[PersonPlan] = field(default_factory=list)
    cases: list[CasePlan] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)  # sha256 of stored files no row references any more
    orphans_removed: list[str] = field(default_factory=list)  # sha256 of files no row referenced at all
    parents_marked: int = 0  # parents found without a child, given today as their leaving day
    texts_scrubbed: dict[str, int] = field(default_factory=dict)  # table -> rows whose text named a deleted person


def run_retention(today: date | None = None, dry_run: bool = False) -> RetentionReport:
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
        report.parents_marked += mark_childless_parents(school.id, today)
        plan = plan_school(school, today)
        report.people += plan.people
        report.cases += plan.cases
        if plan.people:
            for table, count in _delete(plan).items():
                report.texts_scrubbed[table] = report.texts_scrubbed.get(table, 0) + count
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
    report.orphans_removed = [sha for sha in orphans if not _still_referenced(sha) and not _young(sha) and _unlink(sha)]
    db.session.commit()  # the database store deletes in the transaction (the local one at once)
    return report


def mark_childless_parents(school_id: int, today: date) -> int:
    """Give parents without any child on record, and no leaving day, `today` as their leaving day.

    The roster import sets it when it unlinks a parent's last child; this catches parents who
    became childless any other way (or before that), so nobody is kept forever.
    """
    childless = (
        (Person.school_id == school_id)
        & (Person.kind == "parent")
        & Person.left_on.is_(None)
        & ~exists().where(Guardianship.parent_id == Person.id)
    )
    # An UPDATE gives a CursorResult, which has the row count; Session.execute is typed as Result.
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(Person).where(childless).values(left_on=today).execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount


def _delete(plan: SchoolPlan) -> dict[str, int]:
    """Delete the plan's rows; returns what the name scrub rewrote ({table: rows})."""
    case_ids, record_ids, person_ids = plan.case_ids, plan.correspondence_ids, plan.person_ids
    for case in plan.cases:
        audit(
            "retention.case_deleted",
            object_type="cases",
            object_id=case.case_id,
            school_id=plan.school_id,
            detail=case.summary(),
        )
    for person in plan.people:
        audit(
            "retention.person_deleted",
            object_type="people",
            object_id=person.person_id,
            school_id=plan.school_id,
            detail=person.summary(),
        )
    if case_ids:
        _delete_cases(case_ids)
    if record_ids:
        _remove(Correspondence, Correspondence.id.in_(record_ids))
    if plan.outbox_ids:
        _remove(OutboxMessage, OutboxMessage.id.in_(plan.outbox_ids))
    # What stays may still name them: rewrite it while their names and links are still known.
    scrubbed = scrub_names(plan.school_id, person_ids)
    if scrubbed:
        audit(
            "retention.names_removed",
            object_type="schools",
            object_id=plan.school_id,
            school_id=plan.school_id,
            detail="texts rewritten: " + ", ".join(f"{n} {t}" for t, n in sorted(scrubbed.items())),
        )
    _delete_people(person_ids)
    db.session.flush()
    return scrubbed


def _execute(statement: Update | Delete) -> None:
    db.session.execute(statement.execution_options(synchronize_session=False))


def _delete_cases(case_ids: Collection[int]) -> None:
    _remove(Followup, Followup.case_id.in_(case_ids))
    _remove(Correspondence, Correspondence.case_id.in_(case_ids))
    for model in (ParentContactWaiver, Sanction, PoliceReport, Evidence, CaseEvent, Involvement, OutboxMessage):
        _remove(model, model.case_id.in_(case_ids))
    _remove(Case, Case.id.in_(case_ids))


def _delete_people(person_ids: Collection[int]) -> None:
    _remove(Filing, Filing.person_id.in_(person_ids))
    _remove(ParentContactWaiver, ParentContactWaiver.pupil_id.in_(person_ids))
    sanctions = set(db.session.scalars(select(Sanction.id).where(Sanction.subject_id.in_(person_ids))))
    if sanctions:
        # Their follow-ups go (ON DELETE CASCADE); correspondence loses the link (SET NULL).
        _remove(Sanction, Sanction.id.in_(sanctions))
    # The police report belongs to the case, which stays for the others involved.
    _execute(update(PoliceReport).where(PoliceReport.victim_id.in_(person_ids)).values(victim_id=None))
    _remove(Involvement, Involvement.person_id.in_(person_ids))
    _remove(OutboxMessage, OutboxMessage.recipient_person_id.in_(person_ids))
    _remove(Guardianship, Guardianship.pupil_id.in_(person_ids) | Guardianship.parent_id.in_(person_ids))
    _remove(Person, Person.id.in_(person_ids))


def unhandled_references(target: str) -> list[tuple[Table, Column[Any], str]]:
    """(table, column, ondelete) of foreign keys to `target` that the steps above do not cover."""
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == target and (table.name, fk.parent.name) not in HANDLED:
                found.append((table, fk.parent, (fk.ondelete or "").upper()))
    return found


def _references_to(table_name: str) -> list[tuple[Table, Column[Any], str]]:
    """(table, column, ondelete) of every foreign key pointing at `table_name`."""
    return [
        (table, fk.parent, (fk.ondelete or "").upper())
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == table_name
    ]


def _remove(model_or_table: type[Model] | Table, condition: ColumnElement[bool]) -> None:
    """Delete the rows matching `condition`, first applying every ON DELETE rule pointing at them.

    CASCADE deletes the referencing rows (recursively, through this same function), SET NULL
    clears the reference; a reference without a rule must be gone already (the explicit steps
    delete those children first), otherwise PostgreSQL would refuse and so do we.
    """
    # A model's table (its `__table__`, typed only as a FromClause on the base) or the table given.
    table = cast("Table", getattr(model_or_table, "__table__", model_or_table))
    ids = list(db.session.scalars(select(table.c.id).where(condition)))
    if not ids:
        return
    for child, column, ondelete in _references_to(table.name):
        if ondelete == "CASCADE":
            _remove(child, column.in_(ids))
        elif ondelete == "SET NULL":
            _execute(child.update().where(column.in_(ids)).values({column.name: None}))
        elif db.session.scalar(select(column).where(column.in_(ids)).limit(1)) is not None:
            raise RuntimeError(f"retention does not know what to do with {child.name}.{column.name}")
    _execute(table.delete().where(table.c.id.in_(ids)))


def _referenced_hashes() -> set[str | None]:
    return set(db.session.scalars(select(Evidence.sha256).where(Evidence.sha256.is_not(None)))) | set(
        db.session.scalars(select(Attachment.sha256))
    )


def _still_referenced(sha: str) -> bool:
    """Does any evidence or attachment row (still) point at this stored file?"""
    return (
        db.session.scalar(select(Evidence.id).where(Evidence.sha256 == sha).limit(1)) is not None
        or db.session.scalar(select(Attachment.id).where(Attachment.sha256 == sha).limit(1)) is not None
    )


def find_orphans(min_age: float = ORPHAN_MIN_AGE_SECONDS) -> list[str]:
    """Stored files that no evidence or attachment row references, older than `min_age` seconds."""
    store = object_store()
    referenced = _referenced_hashes()
    return sorted(sha for sha in store.hashes() if sha not in referenced and not _young(sha, min_age))


def _young(sha: str, min_age: float = ORPHAN_MIN_AGE_SECONDS) -> bool:
    """Stored (or stored again, see `store_stream`) less than `min_age` seconds ago?"""
    stored_at = object_store().stored_at(sha)
    return stored_at is not None and stored_at > time.time() - min_age


def _unlink(sha: str) -> bool:
    if not object_store().delete(sha):
        return False
    log.info("retention removed stored file %s", sha)
    return True
