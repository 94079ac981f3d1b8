"""Adding evidence to a case. Operations flush, never commit."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from incidents.auth.models import User
from incidents.cases.models import Case
from incidents.core import clock
from incidents.evidence.models import Evidence
from incidents.evidence.storage import StoredFile
from incidents.extensions import db


@dataclass
class NewEvidence:
    platform: str | None
    captured_at: datetime | None = None  # aware
    source_url: str | None = None  # where a file was found
    files: list[tuple[StoredFile, str]] = field(default_factory=list)  # (stored, original name)
    links: list[str] = field(default_factory=list)


def evidence_rows(school_id: int, user: User, data: NewEvidence, now: datetime) -> list[Evidence]:
    """Evidence rows for stored files and links; the same for a new report and a later addition."""
    rows = [
        Evidence(
            school_id=school_id,
            kind="file",
            sha256=stored.sha256,
            size=stored.size,
            content_type=stored.content_type,
            original_name=(name or "")[:255] or None,
            url=data.source_url or None,
            platform=data.platform,
            captured_at=data.captured_at,
            added_by_id=user.id,
            added_at=now,
        )
        for stored, name in data.files
    ]
    rows += [
        Evidence(
            school_id=school_id,
            kind="link",
            url=url,
            platform=data.platform,
            captured_at=data.captured_at,
            added_by_id=user.id,
            added_at=now,
        )
        for url in data.links
    ]
    return rows


def add_evidence(case: Case, user: User, data: NewEvidence) -> list[Evidence]:
    """Add files and links to an existing case; each is write-once from here on."""
    now = clock.utc_now()
    rows = evidence_rows(case.school_id, user, data, now)
    for row in rows:
        row.case_id = case.id
        db.session.add(row)
    db.session.flush()
    case.log("evidence.added", user, action="evidence.add", detail="evidence " + ",".join(str(r.id) for r in rows))
    return rows


def record_export(case: Case, user: User, items: Iterable[Evidence]) -> None:
    """The evidence of `case` was exported (for the police): on the timeline and audited."""
    case.log("evidence.exported", user, detail="evidence " + ",".join(str(item.id) for item in items))
