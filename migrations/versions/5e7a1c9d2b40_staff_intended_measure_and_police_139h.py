"""staff intended measure (letter, delivery, response), response weeks setting, Sr 139h

Revision ID: 5e7a1c9d2b40
Revises: a0811bdf0f99
Create Date: 2026-12-01 23:40:00.000000

The intended measure of a staff sanction moves from two typed-in fields on the sanction
(intent_sent_on, response_received) to its own row tied to the filed letter and the filed
response; the old values cannot be tied to a letter, so they are dropped.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e7a1c9d2b40"
down_revision = "a0811bdf0f99"
branch_labels = None
depends_on = None

OLD_OFFENCES = "offence IN ('sr261', 'sr262', 'sr266', 'sr285', 'sr252', 'sexual_offence_staff')"
NEW_OFFENCES = "offence IN ('sr261', 'sr262', 'sr266', 'sr285', 'sr252', 'sr139h', 'sexual_offence_staff')"


def upgrade():
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_response_weeks", sa.Integer(), server_default="3", nullable=False))

    op.create_table(
        "staff_intents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sanction_id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("sent_how", sa.String(length=30), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "received_on IS NULL OR received_on >= sent_on", name=op.f("ck_staff_intents_received_after_sent")
        ),
        sa.CheckConstraint(
            "sent_how IS NULL OR sent_how IN ('registered_letter', 'by_hand', 'email_read_receipt')",
            name=op.f("ck_staff_intents_sent_how"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["correspondence.id"],
            name=op.f("fk_staff_intents_letter_id_correspondence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["correspondence.id"],
            name=op.f("fk_staff_intents_response_id_correspondence"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sanction_id"], ["sanctions.id"], name=op.f("fk_staff_intents_sanction_id_sanctions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_intents")),
        sa.UniqueConstraint("sanction_id", name=op.f("uq_staff_intents_sanction_id")),
    )
    with op.batch_alter_table("staff_intents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_intents_letter_id"), ["letter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_intents_response_id"), ["response_id"], unique=False)

    with op.batch_alter_table("sanctions", schema=None) as batch_op:
        batch_op.drop_column("response_received")
        batch_op.drop_column("intent_sent_on")

    with op.batch_alter_table("police_reports", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_police_reports_offence"), type_="check")
        batch_op.create_check_constraint(op.f("ck_police_reports_offence"), NEW_OFFENCES)


def downgrade():
    # Sr 139h reports have no older category: they go with the downgrade.
    op.execute("DELETE FROM police_reports WHERE offence = 'sr139h'")
    with op.batch_alter_table("police_reports", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_police_reports_offence"), type_="check")
        batch_op.create_check_constraint(op.f("ck_police_reports_offence"), OLD_OFFENCES)

    with op.batch_alter_table("sanctions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intent_sent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("response_received", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "UPDATE sanctions SET intent_sent_on = (SELECT sent_on FROM staff_intents WHERE sanction_id = sanctions.id)"
    )

    with op.batch_alter_table("staff_intents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_intents_response_id"))
        batch_op.drop_index(batch_op.f("ix_staff_intents_letter_id"))
    op.drop_table("staff_intents")

    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_column("staff_response_weeks")
