"""The parents' request to the Geschillencommissie passend onderwijs about a removal, and its advice.

Its own table, one row per sanction at most, so the sanction's own columns stay those of its
workflow; the sanction reaches it as `sanction.geschillencommissie_request`.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import sql_in
from incidents.extensions import Model
from workflows.geschillencommissie import OUTCOMES, AdviceRequest


class GeschillencommissieRequest(Model):
    __tablename__ = "geschillencommissie_requests"
    __table_args__ = (
        CheckConstraint(f"advice_outcome IS NULL OR advice_outcome IN {sql_in(OUTCOMES)}", name="advice_outcome"),
        # An advice has both its date and its outcome, or neither.
        CheckConstraint("(advice_received_on IS NULL) = (advice_outcome IS NULL)", name="advice_complete"),
        CheckConstraint(
            "advice_received_on IS NULL OR advice_received_on >= requested_on", name="advice_after_request"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanctions.id", ondelete="CASCADE"), unique=True)
    requested_on: Mapped[date] = mapped_column(Date)
    advice_received_on: Mapped[date | None] = mapped_column(Date)
    advice_outcome: Mapped[str | None] = mapped_column(String(30))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sanction = relationship(
        "Sanction", backref=backref("geschillencommissie_request", uselist=False, passive_deletes=True)
    )

    def as_facts(self) -> AdviceRequest:
        return AdviceRequest(self.requested_on, self.advice_received_on, self.advice_outcome)
