"""Cases (meldingen), the people involved, and the case timeline."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.audit.record import SYSTEM, Audited, audit
from incidents.auth.models import User
from incidents.core import clock
from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import CATEGORIES, INVOLVEMENT_ROLES, PLATFORMS, SEVERITIES, STATES, sql_in
from incidents.extensions import Model, db
from incidents.people.models import Person
from incidents.schools.models import School


class CaseCounter(Model):
    """Last reference number handed out per school and year."""

    __tablename__ = "case_counters"
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Case(Model):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("school_id", "year", "number"),
        CheckConstraint(f"category IN {sql_in(CATEGORIES)}", name="category"),
        CheckConstraint(f"platform IN {sql_in(PLATFORMS)}", name="platform"),
        CheckConstraint(f"severity IN {sql_in(SEVERITIES)}", name="severity"),
        CheckConstraint(f"state IN {sql_in(STATES)}", name="state"),
        CheckConstraint("escalation_level BETWEEN 0 AND 2", name="escalation_level"),
        # The case list reads newest first per school, optionally by state or category.
        Index("ix_cases_school_newest", "school_id", "reported_at", "id"),
        Index("ix_cases_school_state_newest", "school_id", "state", "reported_at", "id"),
        Index("ix_cases_school_category_newest", "school_id", "category", "reported_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    platform: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(20), default="reported")
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Optimistic locking: a stale form cannot overwrite someone else's change.
    version: Mapped[int] = mapped_column(Integer, default=1)

    school: Mapped[School] = relationship("School")
    reported_by: Mapped[User] = relationship("User", foreign_keys=[reported_by_id])
    handler: Mapped[User | None] = relationship("User", foreign_keys=[handler_id])
    involvements: Mapped[list["Involvement"]] = relationship(
        "Involvement", back_populates="case", cascade="all, delete-orphan", order_by="Involvement.id"
    )
    events = relationship("CaseEvent", back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id")
    evidence = relationship("Evidence", back_populates="case", cascade="all, delete-orphan", order_by="Evidence.id")
    sanctions = relationship("Sanction", back_populates="case", order_by="Sanction.id")
    police_reports = relationship("PoliceReport", back_populates="case", order_by="PoliceReport.id")
    followups = relationship("Followup", order_by="(Followup.due_on, Followup.id)", viewonly=True)
    notices = relationship("Notice", order_by="Notice.id", viewonly=True)
    correspondence = relationship(
        "Correspondence", order_by="(Correspondence.occurred_on, Correspondence.id)", viewonly=True
    )
    parent_contact_waivers = relationship("ParentContactWaiver", viewonly=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number:04d}"

    def log(
        self,
        kind: str,
        actor: User | None,
        note: str | None = None,
        *,
        action: str | None = None,
        record: Audited | None = None,
        detail: str | None = None,
    ) -> None:
        """One timeline entry and its audit row, in the caller's transaction.

        kind: the timeline kind (labelled in vocabulary.EVENT_LABELS); actor: the user, or
        None for the system; action: the audit action when it differs from `kind`; record:
        what the audit row is about (default: this case), flushed first so it has an id."""
        db.session.add(
            CaseEvent(case_id=self.id, actor_id=actor.id if actor else None, kind=kind, note=note, at=clock.utc_now())
        )
        if record is not None and record.id is None:
            db.session.flush()
        audit(
            action or kind,
            record if record is not None else self,
            detail=detail,
            school_id=self.school_id,
            user=actor or SYSTEM,
        )


class Involvement(Model):
    __tablename__ = "involvements"
    __table_args__ = (
        UniqueConstraint("case_id", "person_id", "role"),
        CheckConstraint(f"role IN {sql_in(INVOLVEMENT_ROLES)}", name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    case: Mapped[Case] = relationship(Case, back_populates="involvements")
    person: Mapped[Person] = relationship("Person")


class CaseEvent(Model):
    """One line of the case timeline: what happened, when, by whom."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)

    case = relationship(Case, back_populates="events")
    actor = relationship("User")
