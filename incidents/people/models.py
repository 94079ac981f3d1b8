"""Pupils, staff and parents/guardians of a school."""

from datetime import date
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.extensions import Model

PERSON_KINDS = ("pupil", "staff", "parent")


class Person(Model):
    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint(f"kind IN {PERSON_KINDS}", name="kind"),
        # Pupil and staff numbers from the roster make imports idempotent.
        UniqueConstraint("school_id", "kind", "external_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    external_number: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # Lower-cased "first last" for prefix/infix search without functions in SQL.
    search_name: Mapped[str] = mapped_column(String(210), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    job_title: Mapped[str | None] = mapped_column(String(100))
    left_on: Mapped[date | None] = mapped_column(Date)

    group = relationship("Group")
    guardianships = relationship(
        "Guardianship", foreign_keys="Guardianship.pupil_id", back_populates="pupil", order_by="Guardianship.id"
    )  # parents in the order they were linked: the same on every page, letter and database

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.refresh_search_name()

    def refresh_search_name(self) -> None:
        self.search_name = f"{self.first_name} {self.last_name}".lower()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def parents(self) -> list["Person"]:
        return [g.parent for g in self.guardianships]


class Guardianship(Model):
    """A parent or guardian of a pupil, with or without parental authority."""

    __tablename__ = "guardianships"
    __table_args__ = (UniqueConstraint("pupil_id", "parent_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    parental_authority: Mapped[bool] = mapped_column(Boolean, default=True)

    pupil = relationship(Person, foreign_keys=[pupil_id], back_populates="guardianships")
    parent = relationship(Person, foreign_keys=[parent_id])
