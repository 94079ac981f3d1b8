"""Who must use a second factor: the roles each school names (School.second_factor_roles), unless
SECOND_FACTOR_REQUIRED is off (the test configuration: the suite turns it on where it tests it)."""

from flask import current_app
from sqlalchemy import select

from incidents.auth.models import User
from incidents.auth.totp.models import TotpCredential
from incidents.extensions import db


def must_use_second_factor(user: User) -> bool:
    """A role the school requires it for, accepted and not disabled: a role still awaiting a
    director's approval counts too, so the holder enrols before it starts to grant anything."""
    if not current_app.config["SECOND_FACTOR_REQUIRED"]:
        return False
    return any(
        m.invitation == "accepted" and m.disabled_at is None and m.role in m.school.second_factor_roles
        for m in user.memberships
    )


def credential_of(user_id: int) -> TotpCredential | None:
    credential: TotpCredential | None = db.session.scalar(
        select(TotpCredential).where(TotpCredential.user_id == user_id)
    )
    return credential


def has_second_factor(user: User) -> bool:
    return credential_of(user.id) is not None


def enrolled_user_ids(user_ids: list[int]) -> set[int]:
    """Which of these accounts have a second factor (the administrator's users page)."""
    if not user_ids:
        return set()
    return set(db.session.scalars(select(TotpCredential.user_id).where(TotpCredential.user_id.in_(user_ids))))
