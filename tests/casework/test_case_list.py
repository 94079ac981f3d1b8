"""The case list: who sees what, filters, newest first, keyset paging, no N+1."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from incidents.casework.operations import NewCase, report_case
from incidents.extensions import db
from tests.helpers import statements_for

CASE_LINK = re.compile(r'href="/cases/(\d+)"')
NEXT_LINK = re.compile(r'<a rel="next" href="([^"]+)"')


def listed_ids(response):
    assert response.status_code == 200
    return [int(i) for i in CASE_LINK.findall(response.get_data(as_text=True))]


def next_href(response):
    found = NEXT_LINK.search(response.get_data(as_text=True))
    return unescape(found.group(1)) if found else None


def set_state(case, state):
    case.state = state
    db.session.commit()


@pytest.fixture
def school_with_groups(make_school, make_user, make_group, make_person):
    """A school with a mentor of group 1A, a pupil in 1A and a pupil in 2B."""
    school = make_school()
    mentor = make_user("mentor", school)
    other_mentor = make_user("mentor", school)
    group_a = make_group(school, "1A", mentors=[mentor])
    group_b = make_group(school, "2B", mentors=[other_mentor])
    pupil_a = make_person(school, group=group_a)
    pupil_b = make_person(school, group=group_b)
    return school, mentor, other_mentor, group_a, group_b, pupil_a, pupil_b


# --- visibility ----------------------------------------------------------------------


def test_mentor_sees_own_reports_and_cases_of_their_pupils_only(client, login, make_case, school_with_groups):
    school, mentor, other_mentor, _a, _b, pupil_a, pupil_b = school_with_groups
    own_report = make_case(school, mentor, [(pupil_b, "target")])
    about_my_pupil = make_case(school, other_mentor, [(pupil_a, "witness"), (pupil_b, "target")])
    not_mine = make_case(school, other_mentor, [(pupil_b, "target")])
    login(mentor)
    ids = listed_ids(client.get("/"))
    assert sorted(ids) == sorted([own_report.id, about_my_pupil.id])
    assert not_mine.id not in ids
    login(other_mentor)
    assert sorted(listed_ids(client.get("/"))) == sorted([own_report.id, about_my_pupil.id, not_mine.id])


@pytest.mark.parametrize("role", ["coordinator", "director"])
def test_managers_see_every_case_of_their_school_only(
    client, login, make_case, make_school, make_user, make_person, school_with_groups, role
):
    school, mentor, other_mentor, _a, _b, pupil_a, pupil_b = school_with_groups
    cases = [make_case(school, mentor, [(pupil_a, "target")]), make_case(school, other_mentor, [(pupil_b, "target")])]
    elsewhere = make_school()
    foreign = make_case(elsewhere, make_user("mentor", elsewhere), [(make_person(elsewhere), "target")])
    login(make_user(role, school))
    ids = listed_ids(client.get("/"))
    assert sorted(ids) == sorted(c.id for c in cases)
    assert foreign.id not in ids


# --- filters -------------------------------------------------------------------------


def test_filters_narrow_the_list(client, login, make_case, make_user, school_with_groups):
    school, mentor, other_mentor, group_a, group_b, pupil_a, pupil_b = school_with_groups
    bullying_a = make_case(school, mentor, [(pupil_a, "target")], category="bullying")
    threats_b = make_case(school, other_mentor, [(pupil_b, "target")], category="threats")
    closed_ab = make_case(school, mentor, [(pupil_a, "witness"), (pupil_b, "perpetrator")], category="threats")
    set_state(closed_ab, "closed")
    login(make_user("coordinator", school))

    assert sorted(listed_ids(client.get("/"))) == sorted([bullying_a.id, threats_b.id, closed_ab.id])
    assert listed_ids(client.get("/?state=closed")) == [closed_ab.id]
    assert sorted(listed_ids(client.get("/?state=reported"))) == sorted([bullying_a.id, threats_b.id])
    assert listed_ids(client.get("/?category=bullying")) == [bullying_a.id]
    assert sorted(listed_ids(client.get("/?category=threats"))) == sorted([threats_b.id, closed_ab.id])
    assert sorted(listed_ids(client.get(f"/?group={group_a.id}"))) == sorted([bullying_a.id, closed_ab.id])
    assert sorted(listed_ids(client.get(f"/?group={group_b.id}"))) == sorted([threats_b.id, closed_ab.id])
    assert sorted(listed_ids(client.get(f"/?person={pupil_b.id}"))) == sorted([threats_b.id, closed_ab.id])
    assert listed_ids(client.get(f"/?person={pupil_a.id}&category=bullying")) == [bullying_a.id]
    assert listed_ids(client.get(f"/?group={group_b.id}&state=reported")) == [threats_b.id]
    # Unknown filter values are ignored rather than matching nothing or failing.
    assert len(listed_ids(client.get("/?state=bogus&category=nonsense&group=x"))) == 3


def test_person_filter_shows_chip_only_for_own_school(
    client, login, make_case, make_school, make_user, make_person, school_with_groups
):
    school, mentor, *_rest, pupil_a, _pupil_b = school_with_groups
    make_case(school, mentor, [(pupil_a, "target")])
    stranger = make_person(make_school(), first_name="Vreemdeling")
    login(make_user("director", school))
    assert pupil_a.full_name in client.get(f"/?person={pupil_a.id}").get_data(as_text=True)
    response = client.get(f"/?person={stranger.id}")
    assert listed_ids(response) == []
    assert "Vreemdeling" not in response.get_data(as_text=True)


# --- order and paging ----------------------------------------------------------------


def test_newest_first(client, login, make_case, make_user, school_with_groups, frozen_clock):
    school, mentor, *_rest, pupil_a, _pupil_b = school_with_groups
    base = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    made = {}
    for offset in (2, 0, 5, 1):  # reported out of order
        frozen_clock(base + timedelta(hours=offset))
        made[offset] = make_case(school, mentor, [(pupil_a, "target")])
    login(make_user("director", school))
    assert listed_ids(client.get("/")) == [made[o].id for o in (5, 2, 1, 0)]


def _walk(client, start):
    pages, url = [], start
    while url:
        response = client.get(url)
        pages.append(listed_ids(response))
        url = next_href(response)
        assert len(pages) < 50, "paging does not end"
    return pages


def test_keyset_paging_walks_every_case_once_newest_first(
    app, client, login, make_case, make_user, school_with_groups, frozen_clock, configure
):
    configure(CASES_PER_PAGE=3)
    school, mentor, *_rest, pupil_a, _pupil_b = school_with_groups
    base = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    cases = []
    # Several cases share a reported_at, and those ties straddle page boundaries.
    for minutes in (0, 0, 0, 0, 5, 5, 1, 7, 7, 7, 7, 7, 3):
        frozen_clock(base + timedelta(minutes=minutes))
        cases.append(make_case(school, mentor, [(pupil_a, "target")]))
    expected = [c.id for c in sorted(cases, key=lambda c: (c.reported_at, c.id), reverse=True)]
    login(make_user("coordinator", school))

    pages = _walk(client, "/")
    assert [len(p) for p in pages] == [3, 3, 3, 3, 1]
    walked = [i for page in pages for i in page]
    assert walked == expected
    assert len(set(walked)) == len(cases)


def test_paging_keeps_filters(app, client, login, make_case, make_user, school_with_groups, frozen_clock, configure):
    configure(CASES_PER_PAGE=2)
    school, mentor, *_rest, pupil_a, _pupil_b = school_with_groups
    base = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    threats = []
    for i in range(7):
        frozen_clock(base + timedelta(minutes=i))
        case = make_case(school, mentor, [(pupil_a, "target")], category="threats" if i % 2 else "bullying")
        if i % 2:
            threats.append(case)
    login(make_user("director", school))
    pages = _walk(client, "/?category=threats")
    assert [i for page in pages for i in page] == [c.id for c in reversed(threats)]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "-",
        "12-",
        "-12",
        "abc-def",
        "1.5-2",
        "99999999999999999999999999-1",
        "1893456000000000-99999999999999999999999",
        "1893456000000000-9223372036854775808",
        "1893456000000000-2147483648",
        "1893456000000000-0",
    ],
)
def test_malformed_cursor_gives_first_page(
    app, client, login, make_case, make_user, school_with_groups, cursor, configure
):
    configure(CASES_PER_PAGE=2)
    school, mentor, *_rest, pupil_a, _pupil_b = school_with_groups
    cases = [make_case(school, mentor, [(pupil_a, "target")]) for _ in range(3)]
    login(make_user("director", school))
    first = listed_ids(client.get("/"))
    response = client.get("/", query_string={"after": cursor})
    assert response.status_code == 200
    assert listed_ids(response) == first == [cases[2].id, cases[1].id]


# --- no N+1 --------------------------------------------------------------------------


def _fill_cases(school, reporter, handler, pupils, n):
    for i in range(n):
        case = report_case(
            school,
            reporter,
            NewCase(
                category="bullying",
                platform="whatsapp",
                occurred_at=datetime(2026, 11, 10, tzinfo=UTC),
                severity="low",
                description="Beschrijving van het incident",
                involved=[(pupils[i % len(pupils)].id, "target"), (pupils[(i + 1) % len(pupils)].id, "perpetrator")],
            ),
        )
        case.handler_id = handler.id if i % 2 else None
    db.session.commit()


def test_case_list_statement_count_does_not_grow_with_rows(
    app, client, login, make_school, make_user, make_group, make_person, configure
):
    configure(CASES_PER_PAGE=50)
    counts = []
    for n in (3, 30):
        school = make_school()
        mentor = make_user("mentor", school)
        handler = make_user("coordinator", school)
        group = make_group(school, "1A", mentors=[mentor])
        pupils = [make_person(school, group=group) for _ in range(4)]
        _fill_cases(school, mentor, handler, pupils, n)
        for user in (mentor, handler):
            login(user)
            response, statements = statements_for(client, "/")
            assert len(listed_ids(response)) == n
            counts.append((user.id == mentor.id, len(statements)))
    mentor_counts = [c for is_mentor, c in counts if is_mentor]
    manager_counts = [c for is_mentor, c in counts if not is_mentor]
    assert mentor_counts[0] == mentor_counts[1], counts
    assert manager_counts[0] == manager_counts[1], counts


def test_case_page_statement_count_does_not_grow_with_people_and_evidence(
    client, login, make_school, make_user, make_group, make_person
):
    school = make_school()
    director = make_user("director", school)
    groups = [make_group(school, name) for name in ("1A", "2B", "3C")]
    pupils = [make_person(school, group=groups[i % 3]) for i in range(12)]
    cases = []
    for n in (2, 12):
        reporter = make_user("mentor", school)
        case = report_case(
            school,
            reporter,
            NewCase(
                category="threats",
                platform="instagram",
                occurred_at=datetime(2026, 11, 10, tzinfo=UTC),
                severity="high",
                description="Dreigende berichten in een groepschat",
                involved=[(p.id, "witness") for p in pupils[:n]],
                links=[f"https://www.instagram.com/p/{i}" for i in range(n)],
            ),
        )
        case.handler_id = director.id
        db.session.commit()
        cases.append(case)
    login(director)
    counts = []
    for case, n in zip(cases, (2, 12), strict=True):
        response, statements = statements_for(client, f"/cases/{case.id}")
        html = response.get_data(as_text=True)
        assert all(p.full_name in html for p in pupils[:n])
        assert html.count("https://www.instagram.com/p/") >= n
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_case_page_statement_count_does_not_grow_with_workflow_records(
    client, login, make_school, make_user, make_person, make_case, frozen_clock
):
    from datetime import date

    from incidents.correspondence.operations import record_parent_contact
    from incidents.followups.operations import add_followup
    from incidents.police.operations import open_police_report
    from incidents.sanctions.operations import propose_sanction

    school = make_school()
    director = make_user("director", school)
    counts = []
    for n in (1, 4):
        pupils = [make_person(school, parents=2) for _ in range(n)]
        case = make_case(school, director, [(p, "perpetrator") for p in pupils])
        for pupil in pupils:
            propose_sanction(case, director, "director", pupil, "warning")
            record_parent_contact(
                case, director, pupil, kind="phone", occurred_on=date(2026, 11, 16), note="Ouders gebeld"
            )
            open_police_report(case, director, "sexual_offence_staff")  # four follow-ups each
            add_followup(case, "check", date(2026, 11, 20), assignee_id=director.id)
        db.session.commit()
        login(director)
        response, statements = statements_for(client, f"/cases/{case.id}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("Ouders gebeld") == n
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
