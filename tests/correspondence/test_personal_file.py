"""Personal files: time order, filters, who may open which file, audit."""

import re
from datetime import date

from tests.correspondence.helpers import audits, record
from tests.helpers import EN, statements_for


def shown(response):
    assert response.status_code == 200, response.status_code
    return [
        int(i) for i in re.findall(r'class="file-entry" data-correspondence="(\d+)"', response.get_data(as_text=True))
    ]


def fill(world):
    """Filings for Femke in the visible case, for Sem in both cases, and for the staff member."""
    r1 = record(
        world.case,
        world.mentor,
        [world.femke, world.sem],
        kind="letter",
        occurred_on=date(2026, 11, 3),
        subject="Brief aan ouders",
    )
    r2 = record(
        world.case, world.mentor, [world.femke], kind="phone", occurred_on=date(2026, 11, 1), subject="Telefoon moeder"
    )
    r3 = record(
        world.hidden_case,
        world.director,
        [world.sem],
        kind="meeting",
        occurred_on=date(2026, 11, 5),
        subject="Gesprek Sem",
    )
    r4 = record(
        world.case,
        world.director,
        [world.teacher],
        kind="meeting",
        occurred_on=date(2026, 11, 4),
        subject="Gesprek met docent",
    )
    r5 = record(
        world.case,
        world.mentor,
        [world.femke],
        kind="email",
        occurred_on=date(2026, 11, 10),
        subject="Mail mentor",
        direction="in",
    )
    return r1, r2, r3, r4, r5


def test_time_order_and_filters(client, login, world):
    r1, r2, r3, r4, r5 = fill(world)
    login(world.coordinator)
    url = f"/people/{world.femke.id}/file"
    assert shown(client.get(url)) == [r2.id, r1.id, r5.id]
    assert shown(client.get(url + "?order=desc")) == [r5.id, r1.id, r2.id]
    assert shown(client.get(url + "?kind=phone")) == [r2.id]
    assert shown(client.get(url + "?from=2026-11-02&to=2026-11-09")) == [r1.id]
    assert shown(client.get(url + f"?case={world.hidden_case.id}")) == []
    assert shown(client.get(url + f"?case={world.case.id}&kind=email")) == [r5.id]
    # Malformed filters are ignored, not errors.
    assert shown(client.get(url + "?kind=bogus&from=yesterday&case=abc")) == [r2.id, r1.id, r5.id]
    html = client.get(url, headers=EN).get_data(as_text=True)
    assert "Telefoon moeder" in html and "Gesprek met docent" not in html


def test_opening_a_file_is_audited_with_ids_and_codes_only(client, login, world):
    fill(world)
    login(world.coordinator)
    client.get(f"/people/{world.femke.id}/file?kind=phone&from=2026-11-01&case={world.case.id}")
    event = audits("file.viewed")[-1]
    assert (event.object_type, event.object_id, event.user_id) == ("people", world.femke.id, world.coordinator.id)
    assert event.detail == f"case={world.case.id};kind=phone;from=2026-11-01"
    assert "Femke" not in event.detail


def test_mentor_sees_only_filings_from_visible_cases(client, login, world):
    r1, r2, r3, r4, r5 = fill(world)
    login(world.mentor)
    assert shown(client.get(f"/people/{world.sem.id}/file")) == [r1.id]  # not r3 from the hidden case
    assert shown(client.get(f"/people/{world.sem.id}/file?case={world.hidden_case.id}")) == []
    html = client.get(f"/people/{world.sem.id}/file").get_data(as_text=True)
    assert f'value="{world.hidden_case.id}"' not in html and "Gesprek Sem" not in html
    login(world.director)
    assert shown(client.get(f"/people/{world.sem.id}/file")) == [r1.id, r3.id]


def test_mentor_without_any_link_to_the_pupil_gets_404(client, login, world, make_person):
    fill(world)
    stranger = make_person(world.school, first_name="Onbekend", group=world.group_b)
    login(world.mentor)
    assert client.get(f"/people/{stranger.id}/file").status_code == 404
    assert client.get(f"/people/{world.noah.id}/file").status_code == 404  # only in the hidden case
    assert client.get(f"/people/{world.femke.parents[0].id}/file").status_code == 200  # parent of own pupil


def test_staff_file_is_for_directors_only(client, login, world):
    r1, r2, r3, r4, r5 = fill(world)
    for user in (world.mentor, world.coordinator):
        login(user)
        assert client.get(f"/people/{world.teacher.id}/file").status_code == 403
    login(world.director)
    assert shown(client.get(f"/people/{world.teacher.id}/file")) == [r4.id]
    assert [e.object_id for e in audits("file.viewed")] == [world.teacher.id]


def test_admins_and_other_schools_never(client, login, world):
    fill(world)
    login(world.admin)
    assert client.get(f"/people/{world.femke.id}/file").status_code == 403
    login(world.other_director)
    assert client.get(f"/people/{world.femke.id}/file").status_code == 404
    assert client.get(f"/people/{world.teacher.id}/file").status_code == 404
    assert audits("file.viewed") == []


def test_person_page_links_to_the_file(client, login, world):
    login(world.coordinator)
    html = client.get(f"/people/{world.femke.id}", headers=EN).get_data(as_text=True)
    assert f'href="/people/{world.femke.id}/file"' in html


def test_file_page_statement_count_does_not_grow_with_records(client, login, world):
    from incidents.evidence.storage import StoredFile

    login(world.director)
    counts = []
    for n in (1, 8):
        for i in range(n):
            record(
                world.case,
                world.director,
                [world.femke, world.sem],
                subject=f"Brief {i}",
                attachments=[(StoredFile(sha256=f"{i:064x}", size=10, content_type="image/png"), f"{i}.png")],
            )
        response, statements = statements_for(client, f"/people/{world.femke.id}/file")
        counts.append((len(shown(response)), len(statements)))
    assert counts[0][0] < counts[1][0] and counts[0][1] == counts[1][1], counts
