"""sso providers: a school's OpenID Connect provider and its "local passwords off" switch

Revision ID: 5b8e2f7a9c14
Revises: 7e1c4a9b2d30
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b8e2f7a9c14"
down_revision = "7e1c4a9b2d30"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sso_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=500), nullable=False),
        sa.Column("client_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("allowed_domains", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("local_passwords_off", sa.Boolean(), nullable=False),
        sa.CheckConstraint("protocol IN ('oidc')", name=op.f("ck_sso_providers_protocol")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_sso_providers_school_id_schools"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_providers")),
        sa.UniqueConstraint("school_id", name=op.f("uq_sso_providers_school_id")),
    )


def downgrade():
    op.drop_table("sso_providers")
