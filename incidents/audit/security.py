"""Security events: one call for sign-in, session, password, role, second-factor, SSO and
throttling events, and the record of refused requests (403/404) on record URLs.

They are rows of the append-only `audit_events` table (a trigger refuses UPDATE and DELETE on
PostgreSQL, the ORM everywhere), so the audit trail screen and its CSV export show them beside
the views and exports of cases and files. The kinds are listed, with their labels, in
`incidents.core.vocabulary.SECURITY_EVENT_LABELS`.

Never stored: a password, a plain e-mail address, a token, a query string. An address that
belongs to no account is kept only as an HMAC-SHA-256 under a server-side key, so attempts on
one address can be counted without the trail holding the address.
"""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from flask import current_app, g, has_request_context, request

from incidents.audit.models import AuditEvent
from incidents.core.vocabulary import SECURITY_EVENT_LABELS
from incidents.extensions import db

SECURITY_KINDS: tuple[str, ...] = tuple(SECURITY_EVENT_LABELS)

# The URL arguments that name a record whose refusal is recorded, and the record's table.
REFUSED_RECORD_ARGS = {
    "case_id": "cases",
    "person_id": "people",
    "sanction_id": "sanctions",
    "report_id": "police_reports",
    "evidence_id": "evidence",
    "attachment_id": "correspondence_attachments",
}
REFUSED_KINDS = {403: "access.forbidden", 404: "access.not_found"}


class Account(Protocol):
    """The account an event is about (an `auth.models.User`); its memberships name its schools."""

    @property
    def id(self) -> int: ...

    @property
    def memberships(self) -> list["_Membership"]: ...


class _Membership(Protocol):
    @property
    def school_id(self) -> int: ...


def email_digest(email: str) -> str:
    """HMAC-SHA-256 of the normalised address under AUDIT_EMAIL_KEY (default: the SECRET_KEY)."""
    key = current_app.config.get("AUDIT_EMAIL_KEY") or current_app.config["SECRET_KEY"]
    return hmac.new(str(key).encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()


def record_security_event(
    kind: str,
    user: Account | None = None,
    email: str | None = None,
    school_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add a security event to the request's transaction.

    user: the account concerned (for `login.failed`, the account whose password was wrong);
    email: only when no account matches, stored as its digest; school_id: the school concerned,
    else one row per school the account belongs to (each school's trail shows its accounts'
    sign-ins), else one row without a school. detail: codes and ids only, never personal content.
    """
    if kind not in SECURITY_KINDS:
        raise ValueError(f"unknown security event kind: {kind}")
    parts = [detail] if detail else []
    if user is None and email:
        parts.append(f"email_hmac={email_digest(email)}")
    text = ";".join(parts) or None
    schools: list[int | None] = [school_id]
    if school_id is None and user is not None:
        schools = [*sorted({m.school_id for m in user.memberships})] or [None]
    for school in schools:
        db.session.add(
            AuditEvent(
                user_id=user.id if user is not None else None,
                school_id=school,
                action=kind,
                object_type="users" if user is not None else "-",
                object_id=user.id if user is not None else None,
                detail=text,
            )
        )


@dataclass(frozen=True)
class _Refusal:
    kind: str
    user_id: int | None
    school_id: int | None
    object_type: str
    object_id: int
    detail: str


def note_refused_request(code: int, user_id: int | None, school_id: int | None) -> None:
    """Remember a 403/404 answer on a case, person, file, sanction, police or evidence URL.

    The request's transaction is rolled back for an error answer, so the event is kept aside
    and written by `write_refused_requests` after that rollback. Only the record's table and
    id and the endpoint are kept: never the path's other parts or the query string."""
    if code not in REFUSED_KINDS or not has_request_context() or request.url_rule is None:
        return
    for arg, table in REFUSED_RECORD_ARGS.items():
        value = (request.view_args or {}).get(arg)
        if isinstance(value, int):
            g._refused_request = _Refusal(
                kind=REFUSED_KINDS[code],
                user_id=user_id,
                school_id=school_id,
                object_type=table,
                object_id=value,
                detail=f"status={code};endpoint={request.endpoint}",
            )
            return


def write_refused_requests() -> bool:
    """After the error answer's rollback: add the remembered refusal; True when one was added."""
    refusal: _Refusal | None = g.pop("_refused_request", None)
    if refusal is None:
        return False
    db.session.add(
        AuditEvent(
            user_id=refusal.user_id,
            school_id=refusal.school_id,
            action=refusal.kind,
            object_type=refusal.object_type,
            object_id=refusal.object_id,
            detail=refusal.detail,
        )
    )
    return True
