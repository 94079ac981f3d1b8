"""Account and group management for the functional administrator."""

import secrets

from sqlalchemy import func, select

from incidents.audit.record import audit
from incidents.auth.models import Membership, User
from incidents.auth.passwords import hash_password
from incidents.extensions import db
from incidents.schools.models import Group, School

SCHOOL_SETTINGS = ("retention_years", "monitoring_checkin_days", "overdue_alert_days", "staff_response_weeks")


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


def update_school_settings(school: School, **values: int) -> list[str]:
    """Change the settings the protocols leave to the school; one audit row lists the changes.
    Returns the names of the settings changed."""
    unknown = set(values) - set(SCHOOL_SETTINGS)
    if unknown:
        raise TypeError(f"not a school setting: {sorted(unknown)}")
    changes: list[tuple[str, int, int]] = []
    for name, after in values.items():
        before = getattr(school, name)
        if before != after:
            setattr(school, name, after)
            changes.append((name, before, after))
    if changes:
        audit(
            "school.settings_changed",
            school,
            school_id=school.id,
            detail="; ".join(f"{name}: {before} -> {after}" for name, before, after in changes),
        )
        db.session.flush()
    return [name for name, _before, _after in changes]
