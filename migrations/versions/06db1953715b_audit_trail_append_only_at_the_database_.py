"""audit trail append-only at the database on PostgreSQL

Revision ID: 06db1953715b
Revises: d0652f7f60fc
Create Date: 2026-11-21 07:25:46.413987

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "06db1953715b"
down_revision = "d0652f7f60fc"
branch_labels = None
depends_on = None


# The ORM already refuses to update or delete audit events; on PostgreSQL a trigger makes
# that binding for any client of the database too. (TRUNCATE, used only by the test suite's
# cleanup and by a DBA, is not a row operation and stays possible.)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only';
        END;
        $$
    """)
    op.execute("""
        CREATE TRIGGER audit_events_append_only
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
    """)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION audit_events_append_only()")
