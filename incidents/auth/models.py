"""Accounts and their roles per school."""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.extensions import db
from incidents.schools.models import group_mentors

ROLES = ("mentor", "coordinator", "director", "admin")


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")
    mentor_groups = relationship("Group", secondary=group_mentors, back_populates="mentors")

    # Flask-Login protocol
    @property
    def is_active(self):
        return self.active

    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        return str(self.id)

    def role_at(self, school_id):
        for m in self.memberships:
            if m.school_id == school_id:
                return m.role
        return None


class Membership(db.Model):
    """One role of a user at one school."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "school_id"),
        CheckConstraint(f"role IN {ROLES}", name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user = relationship(User, back_populates="memberships")
    school = relationship("School")
