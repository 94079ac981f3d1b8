"""pupil sanctions: time-out start time, adult pupil's choice on parents, hearings not attended

Revision ID: 5e1d7a2b9c40
Revises: 3e9de93e3aa9
Create Date: 2026-12-01 23:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e1d7a2b9c40"
down_revision = "3e9de93e3aa9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sanctions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("parents_involved", sa.Boolean(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_sanctions_timeout_one_day"), "measure != 'timeout' OR end_date IS NULL"
        )

    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hearing_attended", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.drop_column("hearing_attended")

    with op.batch_alter_table("sanctions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sanctions_timeout_one_day"), type_="check")
        batch_op.drop_column("parents_involved")
        batch_op.drop_column("start_time")
