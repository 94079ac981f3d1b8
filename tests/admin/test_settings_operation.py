"""School settings change through an operation that writes one audit row of the changes."""

import pytest
from sqlalchemy import select

from incidents.admin.operations import update_school_settings
from incidents.audit.models import AuditEvent
from incidents.extensions import db


def settings_audits():
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "school.settings_changed")).all()


def test_changes_are_audited_once_and_unchanged_settings_write_nothing(app, make_school):
    school = make_school()
    assert update_school_settings(school, retention_years=2, monitoring_checkin_days=14, overdue_alert_days=3) == []
    assert settings_audits() == []
    assert update_school_settings(school, retention_years=4, monitoring_checkin_days=14, overdue_alert_days=5) == [
        "retention_years",
        "overdue_alert_days",
    ]
    db.session.commit()
    [row] = settings_audits()
    assert (row.object_type, row.object_id, row.school_id) == ("schools", school.id, school.id)
    assert row.detail == "retention_years: 2 -> 4; overdue_alert_days: 3 -> 5"
    assert (school.retention_years, school.overdue_alert_days) == (4, 5)


def test_only_the_school_settings_can_be_changed(app, make_school):
    with pytest.raises(TypeError):
        update_school_settings(make_school(), name="Andere naam")
