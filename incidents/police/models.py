"""Police reports (aangifte): considered, filed or not, outcome; or support for the victim."""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.cases.models import Case
from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import sql_in
from incidents.extensions import Model
from workflows import police as flow


class PoliceReport(Model):
    __tablename__ = "police_reports"
    __table_args__ = (
        CheckConstraint(f"state IN {sql_in(flow.STATES)}", name="state"),
        CheckConstraint(f"offence IN {sql_in(flow.OFFENCES)}", name="offence"),
        CheckConstraint(
            "state != 'filed' OR (filed_on IS NOT NULL AND report_number IS NOT NULL)", name="filed_has_number"
        ),
        CheckConstraint("state != 'not_filed' OR not_filed_reason IS NOT NULL", name="not_filed_has_reason"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    offence: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20), default="considered")
    victim_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    known_on: Mapped[date | None] = mapped_column(Date)
    complaint_deadline: Mapped[date | None] = mapped_column(Date)
    reasonable_suspicion: Mapped[bool] = mapped_column(Boolean, default=False)
    filed_on: Mapped[date | None] = mapped_column(Date)
    police_unit: Mapped[str | None] = mapped_column(String(200))
    report_number: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(Text)
    not_filed_reason: Mapped[str | None] = mapped_column(Text)
    support_filed_by: Mapped[str | None] = mapped_column(String(10))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    case: Mapped[Case] = relationship("Case", back_populates="police_reports")
    victim = relationship("Person")
    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.state in flow.OPEN_STATES
