"""Outbox pages: newest first, an "older" link carrying the last id, the status filter kept."""

import re

import pytest

from incidents.outbox.operations import PAGE_SIZE
from tests.helpers import EN


def ids_on(page):
    return [int(i) for i in re.findall(r'data-message-id="(\d+)"', page)]


def older_link(page):
    found = re.search(r'href="([^"]+)" data-page="older"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def walk(client, url):
    """Every page from `url` on: the ids per page and the links followed."""
    pages, links = [], [url]
    while url:
        response = client.get(url, headers=EN)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        pages.append(ids_on(page))
        url = older_link(page)
        links.append(url)
    return pages, links[1:-1]


def all_ids(add_messages, school, n, **values):
    from sqlalchemy import select

    from incidents.extensions import db
    from incidents.outbox.models import OutboxMessage

    add_messages(school, n, **values)
    return sorted(
        db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.school_id == school.id)), reverse=True
    )


def test_default_page_holds_200_and_the_201st_is_on_the_next(client, login, make_user, school, add_messages):
    ids = all_ids(add_messages, school, PAGE_SIZE + 1)
    login(make_user("admin", school))
    pages, links = walk(client, "/admin/outbox")
    assert [len(p) for p in pages] == [PAGE_SIZE, 1]
    assert pages[0] == ids[:PAGE_SIZE] and pages[1] == [ids[-1]]  # newest first, nothing repeated
    assert links == [f"/admin/outbox?before={ids[PAGE_SIZE - 1]}"]


@pytest.mark.parametrize("n,sizes", [(6, [3, 3]), (7, [3, 3, 1]), (3, [3]), (0, [0])])
def test_page_boundaries(client, login, make_user, school, add_messages, app, n, sizes, configure):
    configure(OUTBOX_PAGE_SIZE=3)
    ids = all_ids(add_messages, school, n) if n else []
    login(make_user("admin", school))
    pages, _links = walk(client, "/admin/outbox")
    assert [len(p) for p in pages] == sizes
    assert [i for p in pages for i in p] == ids  # every message exactly once, newest first


def test_status_filter_is_kept_and_other_schools_stay_out(
    client, login, make_user, make_school, school, add_messages, app, configure
):
    configure(OUTBOX_PAGE_SIZE=2)
    add_messages(school, 3, status="dead", attempts=8)
    add_messages(school, 2)  # pending: not on the managers' page, nor in the dead filter
    add_messages(school, 2, status="uncertain", attempts=1, claimed_by="w")
    add_messages(make_school(), 3, status="dead", attempts=8)
    login(make_user("admin", school))
    pages, links = walk(client, "/admin/outbox?status=dead")
    assert [len(p) for p in pages] == [2, 1]
    assert all("status=dead" in link for link in links)
    assert 'data-page="newest"' in client.get(links[0], headers=EN).get_data(as_text=True)

    login(make_user("coordinator", school))
    pages, links = walk(client, "/outbox")
    assert [len(p) for p in pages] == [2, 2, 1]  # 3 dead + 2 uncertain of this school
    assert links and all(link.startswith("/outbox?before=") for link in links)


def test_malformed_before_is_refused(client, login, make_user, school):
    login(make_user("admin", school))
    assert client.get("/admin/outbox?before=abc").status_code == 400
    assert client.get("/admin/outbox?before=" + "9" * 30).status_code == 400
    assert client.get("/admin/outbox?before=999999").status_code == 200


def test_cancelled_message_is_listed_with_its_reason(client, login, make_user, school, add_messages, frozen_clock):
    add_messages(school, 1, status="cancelled", cancelled_at=frozen_clock.now(), cancel_reason="close")
    login(make_user("admin", school))
    page = client.get("/admin/outbox?status=cancelled", headers=EN).get_data(as_text=True)
    assert re.findall(r'data-status="(\w+)"', page) == ["cancelled"]
    assert "the case was closed" in page and "Resend" not in page
