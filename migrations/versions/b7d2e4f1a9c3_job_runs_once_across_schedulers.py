"""job runs: a claim per run of a job, so that several schedulers run it once

Revision ID: b7d2e4f1a9c3
Revises: b7d3f1a9c2e8
Create Date: 2026-12-02 00:35:00.000000

"""

import sqlalchemy as sa
from alembic import op

import incidents.core.types

# revision identifiers, used by Alembic.
revision = "b7d2e4f1a9c3"
down_revision = "b7d3f1a9c2e8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("run_key", sa.String(length=40), nullable=False),
        sa.Column("scheduler", sa.String(length=100), nullable=False),
        sa.Column("started_at", incidents.core.types.UTCDateTime(), nullable=False),
        sa.Column("finished_at", incidents.core.types.UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.CheckConstraint("outcome IN ('running', 'ok', 'failed')", name=op.f("ck_job_runs_outcome")),
        sa.CheckConstraint(
            "outcome = 'running' OR finished_at IS NOT NULL", name=op.f("ck_job_runs_finished_has_time")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("job", "run_key", name=op.f("uq_job_runs_job")),
    )
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_runs_job"), ["job"], unique=False)


def downgrade():
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_runs_job"))
    op.drop_table("job_runs")
