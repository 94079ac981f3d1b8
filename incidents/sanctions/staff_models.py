"""The intended measure of a staff sanction: its letter in the personnel file, how and when it
was sent and received, and the employee's written response (workflows/staff_rules.py)."""

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.vocabulary import sql_in
from incidents.correspondence.models import Correspondence
from incidents.extensions import Model
from workflows.staff_rules import SEND_METHODS


class StaffIntent(Model):
    """One per staff sanction; a new intended-measure letter replaces the one before."""

    __tablename__ = "staff_intents"
    __table_args__ = (
        CheckConstraint(f"sent_how IS NULL OR sent_how IN {sql_in(SEND_METHODS)}", name="sent_how"),
        CheckConstraint("received_on IS NULL OR received_on >= sent_on", name="received_after_sent"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanctions.id", ondelete="CASCADE"), unique=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("correspondence.id", ondelete="CASCADE"), index=True)
    sent_how: Mapped[str | None] = mapped_column(String(30))
    sent_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    # The employee's written response, filed as incoming correspondence for the sanction.
    response_id: Mapped[int | None] = mapped_column(ForeignKey("correspondence.id", ondelete="SET NULL"), index=True)

    letter: Mapped[Correspondence] = relationship(Correspondence, foreign_keys=[letter_id])
    response: Mapped[Correspondence | None] = relationship(Correspondence, foreign_keys=[response_id])
