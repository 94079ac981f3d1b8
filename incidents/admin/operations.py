"""Account and group management for the functional administrator (invitations: incidents/accounts)."""

from incidents.audit.record import audit
from incidents.auth.models import Membership, User
from incidents.core import clock
from incidents.extensions import db
from incidents.schools.models import Group, School

SCHOOL_SETTINGS = ("retention_years", "monitoring_checkin_days", "overdue_alert_days")


class OwnMembership(ValueError):
    """An administrator does not disable or remove their own role (they would lock themselves out)."""


def _not_own(membership: Membership, by: User) -> None:
    if membership.user_id == by.id:
        raise OwnMembership(membership.id)


def disable_membership(membership: Membership, by: User) -> None:
    """Disable the account at this school only: its roles elsewhere are another school's to
    decide. An account disabled at every school it belongs to cannot sign in at all."""
    _not_own(membership, by)
    if membership.disabled_at is None:
        membership.disabled_at = clock.utc_now()
        audit("account.disabled", membership.user, user=by, school_id=membership.school_id)
        db.session.flush()


def enable_membership(membership: Membership, by: User) -> None:
    if membership.disabled_at is not None:
        membership.disabled_at = None
        audit("account.enabled", membership.user, user=by, school_id=membership.school_id)
        db.session.flush()


def remove_role(membership: Membership, by: User) -> None:
    _not_own(membership, by)
    audit("role.removed", membership.user, user=by, school_id=membership.school_id, detail=membership.role)
    db.session.delete(membership)
    db.session.flush()


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
