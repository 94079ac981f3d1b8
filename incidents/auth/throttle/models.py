"""The failed-login counter of one account address (known or not)."""

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime
from incidents.extensions import Model


class LoginThrottle(Model):
    """Keyed by an HMAC of the normalised e-mail address, so unknown addresses are counted (and
    delayed) exactly like known ones and the table names nobody."""

    __tablename__ = "login_throttles"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # No attempt for this address is checked before this time (the growing delay).
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The holder was told of this burst of failures (once per burst).
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
