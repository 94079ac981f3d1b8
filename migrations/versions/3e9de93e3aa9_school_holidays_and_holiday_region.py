"""school holidays per school and school year; the school's holiday region

Revision ID: 3e9de93e3aa9
Revises: 234dd0a38df9
Create Date: 2026-12-01 23:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3e9de93e3aa9"
down_revision = "234dd0a38df9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "school_holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_school_holidays_days_in_order")),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_school_holidays_school_id_schools")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_holidays")),
        sa.UniqueConstraint("school_id", "school_year", "name", name=op.f("uq_school_holidays_school_id")),
    )
    op.create_index(
        "ix_school_holidays_school_days", "school_holidays", ["school_id", "first_day", "last_day"], unique=False
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holiday_region", sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_schools_holiday_region"), "holiday_region IN ('noord', 'midden', 'zuid')"
        )


def downgrade():
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_schools_holiday_region"), type_="check")
        batch_op.drop_column("holiday_region")
    op.drop_index("ix_school_holidays_school_days", table_name="school_holidays")
    op.drop_table("school_holidays")
