"""Read-only lookups for the sign-in pages."""

from flask import url_for
from sqlalchemy import select

from incidents.extensions import db
from incidents.schools.models import School
from incidents.sso.models import SsoProvider


def enabled_provider(school_code: str) -> SsoProvider | None:
    provider: SsoProvider | None = db.session.scalar(
        select(SsoProvider).join(SsoProvider.school).where(School.code == school_code, SsoProvider.enabled.is_(True))
    )
    return provider


def login_buttons() -> list[tuple[str, str]]:
    """(label, start URL) of every school's enabled provider, for the login page."""
    rows = db.session.execute(
        select(SsoProvider.label, School.code)
        .join(SsoProvider.school)
        .where(SsoProvider.enabled.is_(True))
        .order_by(SsoProvider.label)
    ).all()
    return [(label, url_for("sso.start", school=code)) for label, code in rows]
