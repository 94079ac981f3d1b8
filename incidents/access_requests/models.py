"""The register of access requests (AVG art. 15): who asked for whose file, when, by when the
school must answer, any extension with its notice, the export and the answer."""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import IDENTITY_CHECKS, NOTICE_CHANNELS, sql_in
from incidents.extensions import Model
from incidents.people.models import Person
from workflows import access_request as rules


class AccessRequest(Model):
    __tablename__ = "access_requests"
    __table_args__ = (
        CheckConstraint(f"relation IN {sql_in((rules.PARENT, rules.SELF))}", name="relation"),
        CheckConstraint(f"identity_check IN {sql_in(IDENTITY_CHECKS)}", name="identity_check"),
        CheckConstraint(f"extension_via IS NULL OR extension_via IN {sql_in(NOTICE_CHANNELS)}", name="extension_via"),
        # An extension is recorded whole: the new date, its reason and how the requester was told.
        CheckConstraint(
            "extended_to IS NULL OR (extension_reason IS NOT NULL AND extension_notified_on IS NOT NULL"
            " AND extension_via IS NOT NULL)",
            name="extension_complete",
        ),
        CheckConstraint("extended_to IS NULL OR extended_to > due_on", name="extension_later"),
        CheckConstraint("answered_on IS NULL OR answered_by_id IS NOT NULL", name="answered_has_by"),
        CheckConstraint("exported_at IS NULL OR exported_by_id IS NOT NULL", name="exported_has_by"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    # Whose file is asked for, and who asked (the same person when the pupil or employee asks).
    # Retention removes a person's file; the register's lines about it go with it.
    subject_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(10))
    received_on: Mapped[date] = mapped_column(Date)
    identity_check: Mapped[str] = mapped_column(String(20))
    identity_note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)  # one month after receipt (AVG 12(3))
    extended_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extension_via: Mapped[str | None] = mapped_column(String(10))
    extension_notified_on: Mapped[date | None] = mapped_column(Date)
    # The last export made for this request: when, by whom, and whether it left anything out.
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    export_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    subject: Mapped[Person] = relationship(Person, foreign_keys=[subject_id])
    requester: Mapped[Person] = relationship(Person, foreign_keys=[requester_id])
    exported_by = relationship("User", foreign_keys=[exported_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    __mapper_args__ = {"version_id_col": version}

    @property
    def current_due(self) -> date:
        return self.extended_to or self.due_on

    @property
    def latest_extension(self) -> date:
        return rules.latest_extension(self.received_on)

    def status(self, today: date) -> str:
        return rules.status(self.current_due, self.answered_on, today)

    @property
    def reference(self) -> str:
        """Names no one: safe in reminder mails and audit details."""
        return f"AVG-{self.received_on.year}-{self.id:04d}"
