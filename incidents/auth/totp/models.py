"""A user's TOTP secret, their recovery codes and the browsers they asked to be remembered."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime
from incidents.extensions import Model


class TotpCredential(Model):
    """One confirmed authenticator per account (a new one needs an administrator's reset first)."""

    __tablename__ = "totp_credentials"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The base32 secret encrypted with the app's key (incidents/auth/totp/crypto.py): a copy of the
    # database alone generates no codes.
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The last 30-second time step a code was accepted for: a code of it or an earlier one is a replay.
    last_used_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(Model):
    """A single-use code for when the authenticator is lost; only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RememberedBrowser(Model):
    """ "Remember this browser": a random token (signed, in a cookie) that skips the code at sign-in
    for 14 days. Deleted with the account's sessions (sign out everywhere, password change or reset)."""

    __tablename__ = "remembered_browsers"
    # SHA-256 of the token in the cookie.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
