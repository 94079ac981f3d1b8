"""One record per sign-in: who, where from, since when, until when, and how it ended."""

from datetime import datetime, timedelta

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.auth.models import User
from incidents.core.types import UTCDateTime
from incidents.extensions import Model

# Why a session ended. `rotated`: replaced by a new id at a privilege change (school switch,
# step-up); `revoked`: signed out from the sessions page; `signed_out_elsewhere`: "sign out
# everywhere else"; the password and account reasons come from those features.
END_REASONS = (
    "logout",
    "rotated",
    "revoked",
    "signed_out_elsewhere",
    "signed_out_everywhere",
    "password_changed",
    "password_reset",
    "account_disabled",
)


class UserSession(Model):
    __tablename__ = "user_sessions"
    __table_args__ = (
        CheckConstraint(f"end_reason IN {END_REASONS}", name="end_reason"),
        CheckConstraint(
            "(ended_at IS NULL AND end_reason IS NULL) OR (ended_at IS NOT NULL AND end_reason IS NOT NULL)",
            name="ended_with_reason",
        ),
    )
    # SHA-256 (hex) of the id in the cookie: a copy of this table opens no session.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The school the user works in during this session (a switch rotates the session).
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Refreshed at most once a minute, so most GETs write nothing; the purge job reads it.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The client's address as the trusted proxy reports it (request.remote_addr after ProxyFix).
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # A summary of the User-Agent (browser family and operating system), never the full string.
    browser: Mapped[str] = mapped_column(String(40))
    os: Mapped[str] = mapped_column(String(40))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))
    # The second factor (incidents/auth/totp): False is "password ok, second factor pending" for
    # an account that has or needs one; second_factor_at is when a code was last typed (step-up),
    # None when a remembered browser stood in for it.
    second_factor_ok: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(User)

    def is_valid(self, now: datetime, idle: timedelta) -> bool:
        """Not ended, within its absolute lifetime and used within the idle timeout."""
        return self.ended_at is None and now < self.expires_at and now - self.last_seen_at < idle
