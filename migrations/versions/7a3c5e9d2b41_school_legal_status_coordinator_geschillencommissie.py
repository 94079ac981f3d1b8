"""school legal status and anti-bullying coordinator; Geschillencommissie requests

Revision ID: 7a3c5e9d2b41
Revises: 5e7a1c9d2b40
Create Date: 2026-12-01 23:30:00

The old flag objection_from_window_end (count the board's decision term from the end of the
objection window, as a public school does) becomes legal_status: public where it was set.
"""

import sqlalchemy as sa
from alembic import op

import incidents.core.types

# revision identifiers, used by Alembic.
revision = "7a3c5e9d2b41"
down_revision = "5e7a1c9d2b40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_status", sa.String(length=10), server_default="special", nullable=False))
        batch_op.add_column(sa.Column("coordinator_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("coordinator_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("coordinator_phone", sa.String(length=30), nullable=True))
    op.execute(
        sa.text("UPDATE schools SET legal_status = 'public' WHERE objection_from_window_end = :yes").bindparams(
            yes=True
        )
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_schools_legal_status"), "legal_status IN ('public', 'special')")
        batch_op.drop_column("objection_from_window_end")

    op.create_table(
        "geschillencommissie_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("sanction_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("advice_received_on", sa.Date(), nullable=True),
        sa.Column("advice_outcome", sa.String(length=30), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", incidents.core.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "advice_outcome IS NULL OR advice_outcome IN "
            "('well_founded', 'partly_well_founded', 'unfounded', 'inadmissible')",
            name=op.f("ck_geschillencommissie_requests_advice_outcome"),
        ),
        sa.CheckConstraint(
            "(advice_received_on IS NULL) = (advice_outcome IS NULL)",
            name=op.f("ck_geschillencommissie_requests_advice_complete"),
        ),
        sa.CheckConstraint(
            "advice_received_on IS NULL OR advice_received_on >= requested_on",
            name=op.f("ck_geschillencommissie_requests_advice_after_request"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_geschillencommissie_requests_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["sanction_id"],
            ["sanctions.id"],
            name=op.f("fk_geschillencommissie_requests_sanction_id_sanctions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_geschillencommissie_requests_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geschillencommissie_requests")),
        sa.UniqueConstraint("sanction_id", name=op.f("uq_geschillencommissie_requests_sanction_id")),
    )
    with op.batch_alter_table("geschillencommissie_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_geschillencommissie_requests_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_geschillencommissie_requests_school_id"), ["school_id"], unique=False)


def downgrade():
    with op.batch_alter_table("geschillencommissie_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_geschillencommissie_requests_school_id"))
        batch_op.drop_index(batch_op.f("ix_geschillencommissie_requests_recorded_by_id"))
    op.drop_table("geschillencommissie_requests")

    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("objection_from_window_end", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        sa.text("UPDATE schools SET objection_from_window_end = :yes WHERE legal_status = 'public'").bindparams(
            yes=True
        )
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_schools_legal_status"), type_="check")
        batch_op.drop_column("coordinator_phone")
        batch_op.drop_column("coordinator_email")
        batch_op.drop_column("coordinator_name")
        batch_op.drop_column("legal_status")
