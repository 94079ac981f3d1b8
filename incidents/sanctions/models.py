"""Sanctions: one measure for one subject (pupil, parent or staff member) in a case."""

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import sql_in
from incidents.extensions import Model
from workflows import sanction as flow
from workflows.sanction_rules import LADDERS

ALL_MEASURES = sorted({m for ladder in LADDERS.values() for m in ladder})
DECIDED_STATES = ("decided", "notified", "objection_window", "objection_filed", "objection_decided", "final")


class Sanction(Model):
    __tablename__ = "sanctions"
    __table_args__ = (
        CheckConstraint(f"state IN {sql_in(flow.STATES)}", name="state"),
        CheckConstraint("subject_kind IN ('pupil', 'parent', 'staff')", name="subject_kind"),
        CheckConstraint(f"measure IN {sql_in(ALL_MEASURES)}", name="measure"),
        # Columns that only make sense once a state is reached.
        CheckConstraint(f"state NOT IN {sql_in(DECIDED_STATES)} OR decided_on IS NOT NULL", name="decided_has_date"),
        CheckConstraint("state != 'objection_window' OR objection_deadline IS NOT NULL", name="window_has_deadline"),
        CheckConstraint("end_date IS NULL OR start_date <= end_date", name="dates_in_order"),
        CheckConstraint("measure != 'timeout' OR end_date IS NULL", name="timeout_one_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20), default="proposed")
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    justification: Mapped[str | None] = mapped_column(Text)  # skipping a step on the ladder
    reasons: Mapped[str | None] = mapped_column(Text)  # written reasons of the decision
    grounds: Mapped[str | None] = mapped_column(Text)  # staff suspension
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)  # time-out: from then to the end of the school day
    # An adult pupil's choice whether the parents are involved (heard, sent the letters);
    # None: not recorded. Under 18 the parents always are.
    parents_involved: Mapped[bool | None] = mapped_column(Boolean)
    urgent_reason_known_on: Mapped[date | None] = mapped_column(Date)
    in_personnel_file: Mapped[bool] = mapped_column(Boolean, default=False)
    inspectie_consulted_on: Mapped[date | None] = mapped_column(Date)
    admitting_school: Mapped[str | None] = mapped_column(String(200))
    admitting_school_agreed_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    override_reason: Mapped[str | None] = mapped_column(Text)
    notified_on: Mapped[date | None] = mapped_column(Date)
    objection_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    objection_received_on: Mapped[date | None] = mapped_column(Date)
    objection_decision_due: Mapped[date | None] = mapped_column(Date)
    objection_outcome: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case", back_populates="sanctions")
    subject = relationship("Person")
    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self):
        return self.state in flow.OPEN_STATES
