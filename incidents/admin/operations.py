"""Account and group management for the functional administrator (invitations: incidents/accounts)."""

from incidents.audit.record import audit
from incidents.auth.models import ROLES, Membership, User
from incidents.auth.sessions.operations import end_all_for_user
from incidents.core import clock
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
    "second_factor_roles_csv",
)
# Contact details of a person: the audit row says they changed, never what they are.
PERSONAL_SETTINGS = frozenset({"coordinator_name", "coordinator_email", "coordinator_phone"})
Setting = int | str | list[str] | None


class OwnMembership(ValueError):
    """An administrator does not disable or remove their own role (they would lock themselves out)."""


def _not_own(membership: Membership, by: User) -> None:
    if membership.user_id == by.id:
        raise OwnMembership(membership.id)


def disable_membership(membership: Membership, by: User) -> None:
    """Disable the account at this school only: its roles elsewhere are another school's to
    decide. Access at this school stops with the next request (roles are checked on every one);
    an account now disabled at every school it belongs to is signed out everywhere at once."""
    _not_own(membership, by)
    if membership.disabled_at is None:
        membership.disabled_at = clock.utc_now()
        audit("account.disabled", membership.user, user=by, school_id=membership.school_id)
        db.session.flush()
        if membership.user.locked_out:
            end_all_for_user(membership.user_id, reason="account_disabled")


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


def _normalized(name: str, value: Setting) -> Setting:
    if isinstance(value, list):  # roles that must use a second factor: the comma-separated column
        unknown_roles = set(value) - set(ROLES)
        if unknown_roles:
            raise ValueError(f"not a role: {sorted(unknown_roles)}")
        return ",".join(sorted(set(value)))
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
