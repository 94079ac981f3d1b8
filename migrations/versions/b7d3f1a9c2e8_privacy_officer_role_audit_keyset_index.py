"""privacy officer role, keyset index of the audit trail

The role CHECK of memberships admits "privacy_officer"; audit events get a (school_id, id)
index so the audit trail screen pages a school's events by keyset at any depth, and a
(school_id, object_type, object_id, id) one for "who opened this case / this file".

Revision ID: b7d3f1a9c2e8
Revises: 5b8e2f7a9c14
Create Date: 2026-12-02 00:30:00

"""

from alembic import op

revision = "b7d3f1a9c2e8"
down_revision = "5b8e2f7a9c14"
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('mentor', 'coordinator', 'director', 'admin')"
NEW_ROLES = "role IN ('mentor', 'coordinator', 'director', 'admin', 'privacy_officer')"


def _role_check(condition):
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_memberships_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_memberships_role"), condition)


def upgrade():
    _role_check(NEW_ROLES)
    # Read backwards for ORDER BY id DESC (the keyset pages, newest first).
    op.create_index("ix_audit_events_school_id_id", "audit_events", ["school_id", "id"])
    op.create_index("ix_audit_events_school_object_id", "audit_events", ["school_id", "object_type", "object_id", "id"])


def downgrade():
    op.drop_index("ix_audit_events_school_object_id", table_name="audit_events")
    op.drop_index("ix_audit_events_school_id_id", table_name="audit_events")
    op.execute("DELETE FROM memberships WHERE role = 'privacy_officer'")
    _role_check(OLD_ROLES)
