"""Accounts and their roles per school.

A membership grants its role only once it is accepted by the account holder (an invitation,
see `invitation`), approved where the role opens case work (four eyes, see `approval`) and not
disabled by the school. Until then it is listed, but `role_at` and the SQL clause `grants()`
ignore it: no school switch, no case access, no reminders.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ColumnElement, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime
from incidents.core.vocabulary import sql_in
from incidents.extensions import db
from incidents.schools.models import group_mentors

ROLES = ("mentor", "coordinator", "director", "admin", "privacy_officer")
# Roles that open case work or the audit trail: granted by an administrator they wait for a
# director's approval (a privacy officer reads who opened which file).
APPROVAL_ROLES = ("mentor", "coordinator", "director", "privacy_officer")
INVITATION_STATES = ("pending", "accepted", "withdrawn")
APPROVAL_STATES = ("pending", "approved")


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until the holder sets a password through an invitation link: nobody else chooses it.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # SHA-256 of the single-use password-reset token (the token itself is only in the e-mail).
    reset_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    reset_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships = relationship(
        "Membership", back_populates="user", cascade="all, delete-orphan", foreign_keys="Membership.user_id"
    )
    mentor_groups = relationship("Group", secondary=group_mentors, back_populates="mentors")

    # Flask-Login protocol
    @property
    def is_active(self):
        """Signed in only while active and not disabled by every school the account belongs to."""
        return self.active and not self.locked_out

    @property
    def locked_out(self) -> bool:
        return bool(self.memberships) and all(m.disabled_at is not None for m in self.memberships)

    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        return str(self.id)

    def role_at(self, school_id: int | None) -> str | None:
        """The role this account may use at the school: None for a pending or disabled membership."""
        membership = self.membership_at(school_id)
        return membership.role if membership is not None and membership.grants else None

    def membership_at(self, school_id: int | None) -> "Membership | None":
        for m in self.memberships:
            if m.school_id == school_id:
                return m
        return None

    @property
    def granting_memberships(self) -> "list[Membership]":
        return [m for m in self.memberships if m.grants]


class Membership(db.Model):
    """One role of a user at one school."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "school_id"),
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint(f"invitation IN {sql_in(INVITATION_STATES)}", name="invitation"),
        CheckConstraint(f"approval IN {sql_in(APPROVAL_STATES)}", name="approval"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # Rows made by the demo data, fixtures and commands grant at once; an administrator's
    # invitation sets "pending" on both.
    invitation: Mapped[str] = mapped_column(String(10), default="accepted", server_default="accepted")
    approval: Mapped[str] = mapped_column(String(10), default="approved", server_default="approved")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invite_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # SHA-256 of the single-use token that lets an account without a password set one.
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship(User, back_populates="memberships", foreign_keys=[user_id])
    school = relationship("School")

    def __init__(self, **values: Any) -> None:
        # The column defaults, already on the new object (they would otherwise apply only at INSERT).
        values.setdefault("invitation", "accepted")
        values.setdefault("approval", "approved")
        super().__init__(**values)

    @property
    def grants(self) -> bool:
        return self.invitation == "accepted" and self.approval == "approved" and self.disabled_at is None

    @classmethod
    def grants_clause(cls) -> ColumnElement[bool]:
        """`grants` as SQL, for queries that pick users by role (case viewers, reminder recipients)."""
        return (cls.invitation == "accepted") & (cls.approval == "approved") & cls.disabled_at.is_(None)

    def invitation_status(self, now: datetime) -> str:
        """pending, accepted, expired or withdrawn: what the administrator sees."""
        if self.invitation == "pending" and self.invite_expires_at is not None and self.invite_expires_at <= now:
            return "expired"
        return self.invitation
