"""Two people acting on the same case at once: exactly one wins, nothing is overwritten.

The two-connection tests run on PostgreSQL only (SQLite serializes writers on the whole
file, so there is no row lock to wait on). The HTTP test runs on both backends.
"""

import threading
import time
from datetime import UTC, date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from incidents.cases.models import Case, CaseEvent
from incidents.core.concurrency import StaleRecord
from incidents.extensions import db
from tests.helpers import EN

STALE = "This record was changed meanwhile by someone else. Reload the page and try again."


@pytest.fixture
def pg(app):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("needs row locks and two real connections: PostgreSQL only")
    return app


@pytest.fixture
def case_world(app, make_school, make_user, make_person, make_case, frozen_clock):
    school = make_school()
    mentor = make_user("mentor", school)
    coordinator = make_user("coordinator", school)
    director = make_user("director", school)
    pupil = make_person(school, born=date(2012, 5, 1))
    case = make_case(school, mentor, [(pupil, "target")])
    db.session.commit()
    return {"case_id": case.id, "mentor": mentor.id, "coordinator": coordinator.id, "director": director.id}


def _wait_until_blocked(session_pid, timeout=5.0):
    """Wait until the backend `session_pid` waits on a lock (seen from a third connection)."""
    deadline = time.monotonic() + timeout
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"), {"pid": session_pid}
            ).scalar()
            if waiting == "Lock":
                return True
            conn.rollback()
            time.sleep(0.02)
    return False


@pytest.mark.postgresql_only
def test_two_sessions_same_version_second_flush_blocks_then_is_stale(pg, case_world):
    Session = sessionmaker(bind=db.engine)
    first, second = Session(), Session()
    try:
        a = first.get(Case, case_world["case_id"])
        b = second.get(Case, case_world["case_id"])
        assert a.version == b.version == 1
        second_pid = second.execute(text("SELECT pg_backend_pid()")).scalar()

        a.state, a.handler_id = "in_progress", case_world["mentor"]
        first.flush()  # holds the row lock until commit

        outcome = {}

        def loser():
            b.state, b.escalation_level, b.handler_id = "escalated", 1, case_world["coordinator"]
            try:
                second.flush()
                second.commit()
                outcome["result"] = "committed"
            except StaleDataError:
                second.rollback()
                outcome["result"] = "stale"

        thread = threading.Thread(target=loser)
        thread.start()
        assert _wait_until_blocked(second_pid), "the second UPDATE should wait on the first one's row lock"
        assert thread.is_alive()
        first.commit()
        thread.join(10)
        assert not thread.is_alive()
        assert outcome["result"] == "stale"
    finally:
        first.close()
        second.close()

    db.session.expire_all()
    case = db.session.get(Case, case_world["case_id"])
    assert (case.state, case.handler_id, case.escalation_level, case.version) == (
        "in_progress",
        case_world["mentor"],
        0,
        2,
    )


@pytest.mark.postgresql_only
def test_two_transition_case_calls_exactly_one_wins(pg, case_world):
    """Both users loaded version 1; both fire a transition in their own app context (own
    session, own connection). The second blocks on the row lock, then gets StaleRecord."""
    from incidents.auth.models import User
    from incidents.casework.transitions import transition_case

    app = pg
    loaded = threading.Barrier(2)
    first_flushed = threading.Event()
    release_first = threading.Event()
    results = {}
    pids = {}

    def actor(name, user_id, role, event, wait_for_first):
        with app.app_context():
            session = db.session
            try:
                user = session.get(User, user_id)
                case = session.get(Case, case_world["case_id"])
                version = case.version
                pids[name] = session.execute(text("SELECT pg_backend_pid()")).scalar()
                loaded.wait(5)
                if wait_for_first:
                    first_flushed.wait(5)
                transition_case(case, user, role, event, version)
                if not wait_for_first:
                    first_flushed.set()
                    release_first.wait(10)  # keep the row lock while the other one queues up
                session.commit()
                results[name] = "committed"
            except StaleRecord:
                session.rollback()
                results[name] = "stale"
            except Exception as error:  # pragma: no cover - reported by the assertion below
                session.rollback()
                results[name] = repr(error)
            finally:
                db.session.remove()

    winner = threading.Thread(target=actor, args=("winner", case_world["mentor"], "mentor", "start", False))
    loser = threading.Thread(target=actor, args=("loser", case_world["coordinator"], "coordinator", "take_over", True))
    winner.start()
    loser.start()
    assert first_flushed.wait(10)
    time.sleep(0.05)
    assert _wait_until_blocked(pids["loser"]), "the loser should wait on the winner's row lock"
    release_first.set()
    winner.join(10)
    loser.join(10)
    assert results == {"winner": "committed", "loser": "stale"}

    db.session.expire_all()
    case = db.session.get(Case, case_world["case_id"])
    assert (case.state, case.handler_id, case.escalation_level, case.version) == (
        "in_progress",
        case_world["mentor"],
        0,
        2,
    )
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
    assert kinds == ["reported", "case.start"]  # nothing of the loser's transition was written


@pytest.mark.postgresql_only
def test_many_concurrent_transitions_exactly_one_commits(pg, case_world):
    """Without orchestration: several threads race; exactly one commits, the rest are stale."""
    from incidents.auth.models import User
    from incidents.casework.transitions import transition_case

    app = pg
    n = 4
    barrier = threading.Barrier(n)
    results = []

    def actor(user_id, role, event):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                case = db.session.get(Case, case_world["case_id"])
                version = case.version
                barrier.wait(5)
                transition_case(case, user, role, event, version)
                db.session.commit()
                results.append(event)
            except StaleRecord:
                db.session.rollback()
                results.append("stale")
            finally:
                db.session.remove()

    plans = [
        (case_world["mentor"], "mentor", "start"),
        (case_world["coordinator"], "coordinator", "take_over"),
        (case_world["director"], "director", "take_over"),
        (case_world["coordinator"], "coordinator", "start"),
    ]
    threads = [threading.Thread(target=actor, args=plan) for plan in plans[:n]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(results) == n
    assert results.count("stale") == n - 1
    won = next(r for r in results if r != "stale")

    db.session.expire_all()
    case = db.session.get(Case, case_world["case_id"])
    assert case.version == 2
    assert case.state == {"start": "in_progress", "take_over": "escalated"}[won]
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert sorted(kinds) == sorted(["reported", f"case.{won}"])


def _client_for(app, user):
    from tests.helpers import TEST_PASSWORD

    c = app.test_client()
    response = c.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return c


def test_http_two_clients_same_version_second_sees_changed_meanwhile(app, case_world):
    from incidents.auth.models import User

    mentor_client = _client_for(app, db.session.get(User, case_world["mentor"]))
    coordinator_client = _client_for(app, db.session.get(User, case_world["coordinator"]))
    case_id = case_world["case_id"]
    # Both open the case page: the forms carry version 1.
    for c in (mentor_client, coordinator_client):
        page = c.get(f"/cases/{case_id}", headers=EN).get_data(as_text=True)
        assert 'name="version" value="1"' in page

    first = mentor_client.post(f"/cases/{case_id}/transition", data={"event": "start", "version": "1"}, headers=EN)
    assert first.status_code == 302
    second = coordinator_client.post(
        f"/cases/{case_id}/transition", data={"event": "take_over", "version": "1"}, headers=EN
    )
    assert second.status_code == 302
    page = coordinator_client.get(second.headers["Location"], headers=EN).get_data(as_text=True)
    assert STALE in page
    assert "The case has been updated." not in page

    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert (case.state, case.handler_id, case.escalation_level, case.version) == (
        "in_progress",
        case_world["mentor"],
        0,
        2,
    )
    # After a reload the coordinator sees version 2 and can act.
    assert 'name="version" value="2"' in page
    third = coordinator_client.post(f"/cases/{case_id}/transition", data={"event": "take_over", "version": "2"})
    assert third.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert (case.state, case.handler_id, case.version) == ("escalated", case_world["coordinator"], 3)


@pytest.mark.postgresql_only
def test_two_runs_finalizing_the_same_sanction_do_not_crash(pg, case_world, frozen_clock):
    """Finalizing (rule 4) from two schedulers at once (a restart, a second host) must not
    fail the loser's run."""
    from datetime import datetime, timedelta

    from incidents.auth.models import User
    from incidents.people.models import Person
    from incidents.sanctions.models import Sanction
    from incidents.sanctions.operations import finalize_due_sanctions, propose_sanction, transition_sanction

    app = pg
    case = db.session.get(Case, case_world["case_id"])
    director = db.session.get(User, case_world["director"])
    pupil = db.session.scalars(select(Person).where(Person.kind == "pupil")).first()
    sanction, _ = propose_sanction(
        case,
        director,
        "director",
        pupil,
        "suspension",
        justification="Geweld",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 17),
    )
    transition_sanction(sanction, director, "director", "decide", sanction.version, reasons="Geweld")
    transition_sanction(sanction, director, "director", "notify", sanction.version)
    db.session.commit()
    deadline = sanction.objection_deadline
    frozen_clock(datetime.combine(deadline + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=9))

    barrier = threading.Barrier(2)
    results = []

    def run():
        with app.app_context():
            try:
                c = db.session.get(Case, case_world["case_id"])
                _ = [s.state for s in c.sanctions]
                barrier.wait(5)
                results.append(len(finalize_due_sanctions(c)))
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                results.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    db.session.expire_all()
    assert db.session.get(Sanction, sanction.id).state == "final"
    assert sorted(results, key=str) == [0, 1], results
