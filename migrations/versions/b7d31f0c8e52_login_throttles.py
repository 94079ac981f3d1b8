"""login throttles: failed sign-ins per account address

Revision ID: b7d31f0c8e52
Revises: b7d2f4a1c9e3
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from incidents.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "b7d31f0c8e52"
down_revision = "b7d2f4a1c9e3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", UTCDateTime(), nullable=False),
        sa.Column("blocked_until", UTCDateTime(), nullable=True),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttles")),
        sa.UniqueConstraint("account_key", name=op.f("uq_login_throttles_account_key")),
    )


def downgrade():
    op.drop_table("login_throttles")
