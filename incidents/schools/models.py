"""Foundations (stichtingen), schools, locations and groups (klassen)."""

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.extensions import Model, db
from workflows.legal_status import LEGAL_STATUSES, PUBLIC

SCHOOL_KINDS = ("primary", "secondary")
HOLIDAY_REGIONS = ("noord", "midden", "zuid")  # the Rijksoverheid's regions for school holidays
# Who must use a second factor unless the school chooses otherwise: everyone who reads case files
# of the whole school or administers accounts (sorted, as the settings page stores it).
DEFAULT_SECOND_FACTOR_ROLES = "admin,coordinator,director"

group_mentors = Table(
    "group_mentors",
    db.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Foundation(Model):
    __tablename__ = "foundations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class School(Model):
    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint(f"kind IN {SCHOOL_KINDS}", name="kind"),
        CheckConstraint(f"holiday_region IN {HOLIDAY_REGIONS}", name="holiday_region"),
        CheckConstraint(f"legal_status IN {LEGAL_STATUSES}", name="legal_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    foundation_id: Mapped[int] = mapped_column(ForeignKey("foundations.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # BRIN or own code
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    # Settings the protocols leave to the school.
    retention_years: Mapped[int] = mapped_column(Integer, default=2)
    monitoring_checkin_days: Mapped[int] = mapped_column(Integer, default=14)
    overdue_alert_days: Mapped[int] = mapped_column(Integer, default=3)
    # Whose regional holiday dates fill the school's calendar (incidents/calendar); None: not chosen.
    holiday_region: Mapped[str | None] = mapped_column(String(10))
    # Weeks an employee has to respond to an intended disciplinary measure (the CAO in force).
    staff_response_weeks: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Public (openbaar, the Awb objection) or special (bijzonder, WPO 63 / WVO 27): decides the
    # objection route in letters and deadlines (workflows/legal_status.py).
    legal_status: Mapped[str] = mapped_column(String(10), default="special", server_default="special")
    # The anti-bullying coordinator every school names (WPO 4c(1)(c), WVO 3b(1)(c)), the
    # parents' contact about bullying. Name and contact details rather than an account: the
    # coordinator may have no Meldpunt account, and parents need a phone number accounts lack.
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_email: Mapped[str | None] = mapped_column(String(254))
    coordinator_phone: Mapped[str | None] = mapped_column(String(30))
    # The roles that must sign in with a second factor (incidents/auth/totp), comma-separated.
    second_factor_roles_csv: Mapped[str] = mapped_column(
        String(200), default=DEFAULT_SECOND_FACTOR_ROLES, server_default=DEFAULT_SECOND_FACTOR_ROLES
    )

    foundation = relationship(Foundation)
    locations = relationship("Location", back_populates="school", order_by="Location.name")

    @property
    def is_secondary(self):
        return self.kind == "secondary"

    @property
    def is_public(self):
        return self.legal_status == PUBLIC

    @property
    def second_factor_roles(self) -> list[str]:
        return [role for role in (self.second_factor_roles_csv or "").split(",") if role]

    @second_factor_roles.setter
    def second_factor_roles(self, roles: list[str]) -> None:
        self.second_factor_roles_csv = ",".join(sorted(set(roles)))


class Location(Model):
    __tablename__ = "locations"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    school = relationship(School, back_populates="locations")


class Group(Model):
    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    location = relationship(Location)
    mentors = relationship("User", secondary=group_mentors, back_populates="mentor_groups")
