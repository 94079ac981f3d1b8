"""stored objects: the database backend of the file store

Revision ID: c4e8a2f19d60
Revises: b7d31f0c8e52
Create Date: 2026-12-02 01:10:00

"""

import sqlalchemy as sa
from alembic import op

from incidents.core.types import UTCDateTime

revision = "c4e8a2f19d60"
down_revision = "b7d31f0c8e52"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_objects",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_stored_objects")),
    )


def downgrade():
    op.drop_table("stored_objects")
