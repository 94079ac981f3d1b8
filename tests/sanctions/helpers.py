"""Helpers for the sanction request tests: propose, step, file hearings and details."""

from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import select

from incidents.core import clock
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.sanctions.models import Sanction
from incidents.scheduler import jobs
from incidents.scheduler.jobs import run_in_app
from tests.helpers import EN

NL = {"Accept-Language": "nl"}


def at(day, hour=9):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def fresh(sanction_or_id):
    db.session.expire_all()
    sid = sanction_or_id if isinstance(sanction_or_id, int) else sanction_or_id.id
    return db.session.get(Sanction, sid)


def followups(sanction, kind=None):
    stmt = select(Followup).where(Followup.sanction_id == sanction.id).order_by(Followup.id)
    items = db.session.scalars(stmt).all()
    return [f for f in items if kind is None or f.kind == kind]


def propose(client, case, subject, measure, **fields):
    data = {"subject_id": str(subject.id), "measure": measure}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/cases/{case.id}/sanctions/new", data=data, headers=EN)


def proposed(client, case, subject, measure, **fields):
    response = propose(client, case, subject, measure, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    sanction_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return fresh(sanction_id)


def step(client, sanction, event, **fields):
    data = {"event": event, "version": str(fresh(sanction).version)}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/sanctions/{sanction.id}/step", data=data, headers=EN)


def ok(client, sanction, event, **fields):
    response = step(client, sanction, event, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return fresh(sanction)


def hearing(client, sanction, party, on=None):
    """File a hearing report of `party`, held on `on` (default: the frozen clock's today)."""
    response = client.post(
        f"/sanctions/{sanction.id}/hearings",
        headers=EN,
        data={"party": party, "occurred_on": (on or clock.today()).isoformat(), "report": f"Verslag ({party})."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def details(client, sanction, **fields):
    data = {"version": str(fresh(sanction).version)}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/sanctions/{sanction.id}/details", data=data, headers=EN)


def done(client, item):
    response = client.post(f"/followups/{item.id}/done", headers=EN)
    assert response.status_code == 302


def view_case(client, case):
    response = client.get(f"/cases/{case.id}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def finalize_due(w):
    """One run of the scheduler's job (every five minutes), in its own session."""
    return run_in_app(current_app._get_current_object(), jobs.finalize_sanctions)()
