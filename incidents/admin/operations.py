"""Account and group management for the functional administrator."""

import secrets

from sqlalchemy import func, select

from incidents.audit.record import audit
from incidents.auth.models import Membership, User
from incidents.auth.passwords import hash_password
from incidents.extensions import db
from incidents.schools.models import Group, School
from workflows.legal_status import LEGAL_STATUSES

SCHOOL_SETTINGS = (
    "retention_years",
    "monitoring_checkin_days",
    "overdue_alert_days",
    "staff_response_weeks",
    "legal_status",
    "coordinator_name",
    "coordinator_email",
    "coordinator_phone",
)
# Contact details of a person: the audit row says they changed, never what they are.
PERSONAL_SETTINGS = frozenset({"coordinator_name", "coordinator_email", "coordinator_phone"})
Setting = int | str | None


class AlreadyMember(ValueError):
    pass


def add_user_to_school(school: School, name: str, email: str, role: str, password: str | None = None) -> User:
    """Give an (existing or new) account a role at `school`."""
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(
            name=name.strip(),
            email=email,
            password_hash=hash_password(password or secrets.token_urlsafe(24)),
        )
        db.session.add(user)
        db.session.flush()
    elif user.role_at(school.id) is not None:
        raise AlreadyMember(email)
    db.session.add(Membership(user_id=user.id, school_id=school.id, role=role))
    db.session.flush()
    audit("user.grant_role", user, school_id=school.id, detail=role)
    return user


def add_group(school: School, name: str, location_id: int | None = None) -> Group:
    group = Group(school_id=school.id, name=name.strip(), location_id=location_id or None)
    db.session.add(group)
    db.session.flush()
    audit("group.create", group)
    return group


def _normalized(name: str, value: Setting) -> Setting:
    if isinstance(value, str):
        value = value.strip()
        if name == "coordinator_email":
            value = value.lower()
        return value or None
    return value


def _describe(name: str, before: Setting, after: Setting) -> str:
    if name in PERSONAL_SETTINGS:
        return f"{name}: changed"
    return f"{name}: {before} -> {after}"


def update_school_settings(school: School, **values: Setting) -> list[str]:
    """Change the settings the protocols and the law leave to the school; one audit row lists
    the changes (the coordinator's contact details by name only). Returns the settings changed."""
    unknown = set(values) - set(SCHOOL_SETTINGS)
    if unknown:
        raise TypeError(f"not a school setting: {sorted(unknown)}")
    if "legal_status" in values and values["legal_status"] not in LEGAL_STATUSES:
        raise ValueError(f"not a legal status: {values['legal_status']!r}")
    changes: list[tuple[str, Setting, Setting]] = []
    for name, value in values.items():
        before, after = getattr(school, name), _normalized(name, value)
        if before != after:
            setattr(school, name, after)
            changes.append((name, before, after))
    if changes:
        audit(
            "school.settings_changed",
            school,
            school_id=school.id,
            detail="; ".join(_describe(name, before, after) for name, before, after in changes),
        )
        db.session.flush()
    return [name for name, _before, _after in changes]
