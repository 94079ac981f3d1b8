"""Re-hashing every stored file that a record points to: evidence and correspondence attachments."""

from dataclasses import dataclass

from sqlalchemy import select

from incidents.cases.models import Case
from incidents.correspondence.models import Attachment, Correspondence
from incidents.evidence.models import Evidence
from incidents.evidence.storage import hash_stored
from incidents.extensions import db
from incidents.schools.models import School


@dataclass(frozen=True)
class Problem:
    status: str  # "missing" or "mismatch"
    record: str  # "evidence" or "attachment"
    record_id: int
    school: str
    case: str
    sha256: str
    actual: str | None = None

    def line(self):
        what = f"{self.record} {self.record_id} (school {self.school}, case {self.case})"
        if self.status == "missing":
            return f"MISSING  {what}: no stored file for sha256 {self.sha256}"
        return f"MISMATCH {what}: recorded sha256 {self.sha256}, bytes now hash to {self.actual}"


def _rows(school_code):
    evidence = (
        select(Evidence.id, Evidence.sha256, School.code, Case.year, Case.number)
        .join(Case, Case.id == Evidence.case_id)
        .join(School, School.id == Evidence.school_id)
        .where(Evidence.kind == "file")
        .order_by(Evidence.id)
    )
    attachments = (
        select(Attachment.id, Attachment.sha256, School.code, Case.year, Case.number)
        .join(Correspondence, Correspondence.id == Attachment.correspondence_id)
        .join(Case, Case.id == Correspondence.case_id)
        .join(School, School.id == Correspondence.school_id)
        .order_by(Attachment.id)
    )
    if school_code:
        evidence = evidence.where(School.code == school_code)
        attachments = attachments.where(School.code == school_code)
    for record, stmt in (("evidence", evidence), ("attachment", attachments)):
        for row in db.session.execute(stmt):
            yield record, row


def verify_store(school_code=None):
    """(number of records checked, problems). Each distinct file is hashed once."""
    hashes = {}  # sha256 -> actual hash on disk, or None when missing
    problems, checked = [], 0
    for record, (record_id, sha256, code, year, number) in _rows(school_code):
        checked += 1
        if sha256 not in hashes:
            hashes[sha256] = hash_stored(sha256)
        actual = hashes[sha256]
        reference = f"{year}-{number:04d}"
        if actual is None:
            problems.append(Problem("missing", record, record_id, code, reference, sha256))
        elif actual != sha256:
            problems.append(Problem("mismatch", record, record_id, code, reference, sha256, actual))
    return checked, problems
