"""scheduler heartbeat: the mail mode (smtp / files) the scheduler delivers with

Revision ID: e3a7c1d9f2b5
Revises: c4e8a2f19d60
Create Date: 2026-12-02 01:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e3a7c1d9f2b5"
down_revision = "c4e8a2f19d60"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("scheduler_heartbeats") as batch:
        batch.add_column(sa.Column("mail_mode", sa.String(length=10), nullable=True))
        batch.create_check_constraint("mail_mode", "mail_mode IS NULL OR mail_mode IN ('smtp', 'files')")


def downgrade():
    with op.batch_alter_table("scheduler_heartbeats") as batch:
        batch.drop_constraint(op.f("ck_scheduler_heartbeats_mail_mode"), type_="check")
        batch.drop_column("mail_mode")
