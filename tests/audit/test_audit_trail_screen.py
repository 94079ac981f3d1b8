"""Point 14: the audit trail screen of directors and privacy officers: their school only, filters
by person, case, user, kind and period, keyset pages, a CSV export (audited, no e-mail
addresses) and "who opened this case / this file" for directors."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from incidents.extensions import db
from tests.audit.helpers import add_event, events
from tests.helpers import EN, count_statements


def _ids(html):
    return [int(i) for i in re.findall(r'data-event="(\d+)"', html)]


def _page(client, **args):
    response = client.get("/audit", query_string=args, headers=EN)
    return response, response.get_data(as_text=True)


def _day(day):
    return datetime(2026, 11, day, 9, tzinfo=UTC)


@pytest.fixture
def trail(world):
    """Rows of both schools: two case views, a file view, a sign-in of the coordinator on another day."""
    w = world
    w.rows = [
        add_event(w.school, "case.view", "cases", w.case.id, w.mentor, at=_day(10)),
        add_event(w.school, "case.view", "cases", w.hidden_case.id, w.director, at=_day(11)),
        add_event(w.school, "file.viewed", "people", w.femke.id, w.coordinator, at=_day(12)),
        add_event(w.school, "login.failed", "users", w.coordinator.id, w.coordinator, at=_day(13)),
    ]
    w.elsewhere = add_event(w.other_school, "case.view", "cases", w.other_case.id, w.other_director)
    db.session.commit()
    return w


@pytest.mark.parametrize("role", ["mentor", "coordinator", "admin"])
def test_other_roles_may_not_see_the_trail(client, login, world, role):
    login(getattr(world, role))
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_a_director_sees_their_schools_events_newest_first(client, login, trail):
    login(trail.director)
    response, html = _page(client)
    assert response.status_code == 200
    shown = _ids(html)
    assert trail.elsewhere.id not in shown
    mine = [r.id for r in trail.rows]
    assert [i for i in shown if i in mine] == sorted(mine, reverse=True)
    assert "Coordinator Cor" in html and "Sign-in failed" in html
    [viewed] = events("audit_trail.viewed")
    assert (viewed.user_id, viewed.school_id, viewed.detail) == (trail.director.id, trail.school.id, "all")


def test_filters(client, login, trail):
    login(trail.director)
    r = trail.rows
    assert _ids(_page(client, kind="case.view")[1]) == [r[1].id, r[0].id]
    about_case = _ids(_page(client, case=trail.case.reference)[1])
    assert r[0].id in about_case and r[1].id not in about_case  # with the report's own row
    assert {e.object_id for e in events() if e.id in about_case} == {trail.case.id}
    assert _ids(_page(client, person=trail.femke.id)[1]) == [r[2].id]
    assert _ids(_page(client, user=trail.coordinator.id, since="2026-11-01")[1]) == [r[3].id, r[2].id]
    assert _ids(_page(client, since="2026-11-11", until="2026-11-12")[1]) == [r[2].id, r[1].id]
    # A reference is read at the director's school: the other school's number 1 is this school's.
    assert trail.elsewhere.id not in _ids(_page(client, case=trail.other_case.reference)[1])
    for unknown in ("2026-0999", "Femke"):
        response, html = _page(client, case=unknown, kind="case.view")
        assert response.status_code == 422 and "No case with this reference at this school." in html


def test_bad_filters_are_explained_next_to_the_field_and_kept(client, login, trail):
    login(trail.director)
    response, html = _page(client, since="2026-11-12", until="2026-11-01", person="abc")
    assert response.status_code == 422
    assert "The end of the period lies before its start." in html
    assert 'value="2026-11-12"' in html and 'value="2026-11-01"' in html
    assert not _ids(html)
    response, html = _page(client, user=trail.other_director.id)
    assert response.status_code == 422 and "Choose a user of this school." in html


def test_keyset_pages_cover_every_event_once_without_offset(client, login, configure, world):
    for _ in range(7):
        add_event(world.school, "case.view", "cases", world.case.id, world.mentor)
    db.session.commit()
    configure(AUDIT_TRAIL_PER_PAGE=3)
    login(world.director)
    seen, args = [], {"kind": "case.view"}
    with count_statements() as statements:
        while True:
            response, html = _page(client, **args)
            seen += _ids(html)
            following = re.search(r'rel="next" href="[^"]*before=(\d+)', html)
            if following is None:
                break
            args["before"] = following.group(1)
    assert len(seen) == len(set(seen)) == 7 and seen == sorted(seen, reverse=True)
    trail_queries = [s for s in statements if "FROM audit_events" in s and "ORDER BY audit_events.id DESC" in s]
    assert len(trail_queries) == 3 and all("audit_events.id <" in s for s in trail_queries[1:])
    if db.engine.dialect.name == "postgresql":  # SQLite's dialect always writes "LIMIT ? OFFSET ?" (0)
        assert not any("OFFSET" in s.upper() for s in trail_queries)


def test_the_csv_export_is_audited_and_holds_no_addresses(client, login, trail):
    client.post("/login", data={"email": "stranger@example.net", "password": "not a password at all"})
    login(trail.director)
    response = client.get("/audit/export.csv", query_string={"kind": "case.view"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [int(row["id"]) for row in rows] == [trail.rows[1].id, trail.rows[0].id]
    assert rows[0]["user"] == "Director Dirk" and rows[0]["kind"] == "case.view"
    assert "@" not in body
    everything = client.get("/audit/export.csv").get_data(as_text=True)
    assert "@" not in everything and "stranger" not in everything
    exported = events("audit_trail.exported")
    assert [e.detail for e in exported] == ["kind=case.view", "all"]
    assert all(e.user_id == trail.director.id and e.school_id == trail.school.id for e in exported)


def test_who_opened_this_case_and_this_file_for_directors(client, login, world):
    login(world.director)
    html = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert "Who opened this case" in html
    link = re.search(r'href="([^"]+)" data-who-opened', html).group(1).replace("&amp;", "&")
    response = client.get(link, headers=EN)
    assert response.status_code == 200
    opened = _ids(response.get_data(as_text=True))
    assert opened and set(opened) <= {e.id for e in events("case.view") if e.object_id == world.case.id}
    file_page = client.get(f"/people/{world.femke.id}/file", headers=EN).get_data(as_text=True)
    assert "Who opened this file" in file_page
    login(world.coordinator)
    assert "Who opened this case" not in client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
