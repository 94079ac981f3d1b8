"""Follow-ups: dated tasks on a case, created by transitions and by hand."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.auth.models import User
from incidents.auth.policy import MANAGERS
from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model

FOLLOWUP_STATUSES = ("open", "done", "cancelled")


class Followup(Model):
    __tablename__ = "followups"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
        CheckConstraint("status != 'done' OR done_at IS NOT NULL", name="done_has_time"),
        CheckConstraint("status != 'cancelled' OR cancel_reason IS NOT NULL", name="cancelled_has_reason"),
        Index("ix_followups_school_open_due", "school_id", "status", "due_on"),
        Index("ix_followups_assignee_open_due", "assignee_id", "status", "due_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sanction_id: Mapped[int | None] = mapped_column(ForeignKey("sanctions.id", ondelete="CASCADE"), index=True)
    police_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("police_reports.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60))
    due_on: Mapped[date] = mapped_column(Date)
    assignee_role: Mapped[str | None] = mapped_column(String(20))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    case = relationship("Case")
    assignee: Mapped[User | None] = relationship("User", foreign_keys=[assignee_id])

    def may_complete(self, user_id, role):
        """A task for a named person is theirs to tick off (or a coordinator's or director's, who
        oversee every task); a task for a role is for that role's holders, and directors."""
        if self.assignee_id is not None:
            return user_id == self.assignee_id or role in MANAGERS
        return not self.assignee_role or self.assignee_role == role or role == "director"

    def is_overdue(self, today):
        return self.status == "open" and self.due_on < today

    def display_status(self, today):
        """open / overdue / done / cancelled. Overdue is derived (open and past due), never
        stored, so no job has to flip it and it can never be stale."""
        return "overdue" if self.is_overdue(today) else self.status
