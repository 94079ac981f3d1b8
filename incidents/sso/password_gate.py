"""Local passwords off: a member of a school that switched them off signs in only through SSO.

For an account in several schools, one such school is enough: a session may switch to any of the
account's schools, so a password sign-in anywhere would reach the school that requires its
provider (and so bypass what the provider enforces, such as MFA or ending access when someone
leaves). Only accepted memberships count, so another school's invitation alone changes nothing.
Registered by importing this module in incidents/setup.py.
"""

from sqlalchemy import select

from incidents.auth.models import User
from incidents.auth.password_gate import refuses_password
from incidents.extensions import db
from incidents.sso.models import SsoProvider


@refuses_password
def member_of_sso_only_school(user: User) -> bool:
    school_ids = [m.school_id for m in user.memberships if m.invitation == "accepted" and m.disabled_at is None]
    if not school_ids:
        return False
    found = db.session.scalar(
        select(SsoProvider.id).where(
            SsoProvider.school_id.in_(school_ids),
            SsoProvider.enabled.is_(True),
            SsoProvider.local_passwords_off.is_(True),
        )
    )
    return found is not None
