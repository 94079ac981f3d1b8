"""invitations, four eyes on roles, password reset

Memberships get their invitation and approval state (existing rows stay granting), the
single-use token hashes and the school's disable mark; a user's password may be unset until
the holder sets it.

Revision ID: 7e1c4a9b2d30
Revises: 5e55a0c1d7b2
Create Date: 2026-12-01 23:50:00

"""

import sqlalchemy as sa
from alembic import op

from incidents.core.types import UTCDateTime

revision = "7e1c4a9b2d30"
down_revision = "5e55a0c1d7b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("password_hash", existing_type=sa.String(length=200), nullable=True)
        batch_op.add_column(sa.Column("reset_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("reset_expires_at", UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_reset_token_hash"), ["reset_token_hash"])

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation", sa.String(length=10), server_default="accepted", nullable=False))
        batch_op.add_column(sa.Column("approval", sa.String(length=10), server_default="approved", nullable=False))
        batch_op.add_column(sa.Column("granted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("invited_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("invite_expires_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("invite_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("accepted_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("approved_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("disabled_at", UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_memberships_invite_token_hash"), ["invite_token_hash"])
        batch_op.create_foreign_key(
            batch_op.f("fk_memberships_granted_by_id_users"), "users", ["granted_by_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_memberships_approved_by_id_users"), "users", ["approved_by_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_memberships_invitation"), "invitation IN ('pending', 'accepted', 'withdrawn')"
        )
        batch_op.create_check_constraint(batch_op.f("ck_memberships_approval"), "approval IN ('pending', 'approved')")


def downgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_memberships_approval"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_memberships_invitation"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_memberships_approved_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_memberships_granted_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_memberships_invite_token_hash"), type_="unique")
        for column in (
            "disabled_at",
            "approved_by_id",
            "approved_at",
            "accepted_at",
            "invite_token_hash",
            "invite_expires_at",
            "invited_at",
            "granted_by_id",
            "approval",
            "invitation",
        ):
            batch_op.drop_column(column)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_reset_token_hash"), type_="unique")
        batch_op.drop_column("reset_expires_at")
        batch_op.drop_column("reset_token_hash")
        batch_op.alter_column("password_hash", existing_type=sa.String(length=200), nullable=False)
