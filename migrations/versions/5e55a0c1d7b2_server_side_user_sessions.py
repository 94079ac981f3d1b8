"""server-side user sessions

Revision ID: 5e55a0c1d7b2
Revises: 7a3c5e9d2b41
Create Date: 2026-12-01 23:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

import incidents.core.types

# revision identifiers, used by Alembic.
revision = "5e55a0c1d7b2"
down_revision = "7a3c5e9d2b41"
branch_labels = None
depends_on = None

END_REASONS = (
    "logout",
    "rotated",
    "revoked",
    "signed_out_elsewhere",
    "signed_out_everywhere",
    "password_changed",
    "password_reset",
    "account_disabled",
)


def upgrade():
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("created_at", incidents.core.types.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", incidents.core.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", incidents.core.types.UTCDateTime(), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("browser", sa.String(length=40), nullable=False),
        sa.Column("os", sa.String(length=40), nullable=False),
        sa.Column("ended_at", incidents.core.types.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        sa.CheckConstraint(f"end_reason IN {END_REASONS}", name=op.f("ck_user_sessions_end_reason")),
        sa.CheckConstraint(
            "(ended_at IS NULL AND end_reason IS NULL) OR (ended_at IS NOT NULL AND end_reason IS NOT NULL)",
            name=op.f("ck_user_sessions_ended_with_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_user_sessions_school_id_schools"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_sessions_last_seen_at"), ["last_seen_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_sessions_last_seen_at"))
    op.drop_table("user_sessions")
