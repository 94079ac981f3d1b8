"""second factor: TOTP credentials, recovery codes, remembered browsers; the school's required
roles; the session's second-factor state

Revision ID: b7d2f4a1c9e3
Revises: b7d2e4f1a9c3
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from incidents.core.types import UTCDateTime

revision = "b7d2f4a1c9e3"
down_revision = "b7d2e4f1a9c3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "totp_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_totp_credentials_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_totp_credentials")),
        sa.UniqueConstraint("user_id", name=op.f("uq_totp_credentials_user_id")),
    )
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_codes_code_hash")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)
    op.create_table(
        "remembered_browsers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_remembered_browsers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remembered_browsers")),
    )
    op.create_index(op.f("ix_remembered_browsers_user_id"), "remembered_browsers", ["user_id"], unique=False)
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "second_factor_roles_csv",
                sa.String(length=200),
                server_default="admin,coordinator,director",
                nullable=False,
            )
        )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("second_factor_ok", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("second_factor_at", UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_column("second_factor_at")
        batch_op.drop_column("second_factor_ok")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_column("second_factor_roles_csv")
    op.drop_index(op.f("ix_remembered_browsers_user_id"), table_name="remembered_browsers")
    op.drop_table("remembered_browsers")
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    op.drop_table("totp_credentials")
