"""The school holidays screen: list per school year, add, edit, delete, the region, fill from the
regional defaults and the CSV import; admins only, one school's holidays only, audited."""

from datetime import date

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.calendar.models import SchoolHoliday
from incidents.extensions import db
from tests.helpers import EN, count, upload

NL = {"Accept-Language": "nl"}


def holidays(school):
    db.session.expire_all()
    rows = db.session.scalars(
        select(SchoolHoliday).where(SchoolHoliday.school_id == school.id).order_by(SchoolHoliday.first_day)
    )
    return [(h.school_year, h.name, h.first_day, h.last_day) for h in rows]


def actions(school):
    return [
        (e.action, e.detail)
        for e in db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.school_id == school.id, AuditEvent.action.like("school%"))
            .order_by(AuditEvent.id)
        )
    ]


def add(client, name, first_day, last_day):
    return client.post(
        "/admin/holidays",
        data={"name": name, "first_day": first_day.isoformat(), "last_day": last_day.isoformat()},
        headers=EN,
    )


def test_admin_adds_a_holiday_and_sees_it_in_its_school_year(client, login, world):
    login(world.admin)
    response = add(client, "Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3))
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/holidays?year=2026")
    assert holidays(world.school) == [(2026, "Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3))]
    assert actions(world.school) == [("school_holiday.create", "Kerstvakantie: 2026-12-19..2027-01-03")]

    page = client.get("/admin/holidays?year=2026", headers=NL).get_data(as_text=True)
    assert "Kerstvakantie" in page and "19 dec 2026" in page
    assert "Kerstvakantie" not in client.get("/admin/holidays?year=2027", headers=EN).get_data(as_text=True)


def test_the_summer_holiday_belongs_to_the_school_year_it_starts_in(client, login, world):
    login(world.admin)
    assert add(client, "Zomervakantie", date(2027, 7, 17), date(2027, 8, 29)).status_code == 302
    assert holidays(world.school)[0][0] == 2026


def test_bad_dates_are_refused_next_to_the_field_with_the_input_kept(client, login, world):
    login(world.admin)
    response = add(client, "Herfstvakantie", date(2026, 10, 25), date(2026, 10, 17))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The last day lies before the first day." in page
    assert 'value="Herfstvakantie"' in page and 'value="2026-10-25"' in page
    response = add(client, "Herfstvakantie", date(2026, 7, 1), date(2026, 10, 17))
    assert "A holiday lasts at most 10 weeks; check the dates." in response.get_data(as_text=True)
    assert holidays(world.school) == [] and actions(world.school) == []


def test_two_holidays_of_one_school_year_cannot_share_a_name(client, login, world):
    login(world.admin)
    add(client, "Studiedag", date(2026, 11, 18), date(2026, 11, 18))
    response = add(client, "studiedag", date(2027, 3, 3), date(2027, 3, 3))
    assert response.status_code == 422
    assert "This school year already has a holiday with this name." in response.get_data(as_text=True)
    assert add(client, "Studiedag", date(2027, 9, 1), date(2027, 9, 1)).status_code == 302  # another year
    assert len(holidays(world.school)) == 2


def test_admin_edits_and_deletes_a_holiday_audited(client, login, world):
    login(world.admin)
    add(client, "Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25))
    holiday_id = db.session.scalar(select(SchoolHoliday.id))
    assert client.get(f"/admin/holidays/{holiday_id}/edit", headers=EN).status_code == 200
    response = client.post(
        f"/admin/holidays/{holiday_id}/edit",
        data={"name": "Herfstvakantie", "first_day": "2026-10-19", "last_day": "2026-10-23"},
        headers=EN,
    )
    assert response.status_code == 302
    assert holidays(world.school) == [(2026, "Herfstvakantie", date(2026, 10, 19), date(2026, 10, 23))]
    response = client.post(f"/admin/holidays/{holiday_id}/delete", headers=EN)
    assert response.status_code == 302 and holidays(world.school) == []
    assert [a for a, _ in actions(world.school)] == [
        "school_holiday.create",
        "school_holiday.update",
        "school_holiday.delete",
    ]
    assert actions(world.school)[1][1] == (
        "Herfstvakantie: 2026-10-17..2026-10-25 -> Herfstvakantie: 2026-10-19..2026-10-23"
    )


def test_only_the_administrator_keeps_the_holidays(client, login, world):
    for user in (world.director, world.coordinator, world.mentor):
        login(user)
        assert client.get("/admin/holidays", headers=EN).status_code == 403
        assert add(client, "Vrij", date(2026, 11, 20), date(2026, 11, 20)).status_code == 403
    assert holidays(world.school) == []


def test_another_schools_holiday_is_not_found(client, login, world, make_user):
    login(world.admin)
    add(client, "Studiedag", date(2026, 11, 18), date(2026, 11, 18))
    holiday_id = db.session.scalar(select(SchoolHoliday.id))
    login(make_user("admin", world.other_school))
    assert client.get(f"/admin/holidays/{holiday_id}/edit").status_code == 404
    assert client.post(f"/admin/holidays/{holiday_id}/delete").status_code == 404
    assert "Studiedag" not in client.get("/admin/holidays?year=2026").get_data(as_text=True)
    assert len(holidays(world.school)) == 1


def test_the_admin_navigation_links_the_screen(client, login, world):
    login(world.admin)
    assert 'href="/admin/holidays"' in client.get("/admin/settings", headers=EN).get_data(as_text=True)


# --- regional defaults ------------------------------------------------------------------


def test_fill_needs_the_region_first(client, login, world):
    login(world.admin)
    response = client.post("/admin/holidays/fill", data={"school_year": "2026"}, headers=EN)
    assert response.status_code == 422
    assert "Choose the school&#39;s region first, and save it." in response.get_data(as_text=True)
    assert holidays(world.school) == []


def test_region_setting_is_audited_and_fills_the_year_from_the_regional_dates(client, login, world):
    login(world.admin)
    assert client.post("/admin/holidays/region", data={"holiday_region": "midden"}, headers=EN).status_code == 302
    db.session.expire_all()
    assert world.school.holiday_region == "midden"
    page = client.get("/admin/holidays", headers=EN).get_data(as_text=True)
    assert '<option selected value="midden">' in page or '<option value="midden" selected>' in page

    # The school already has its own autumn holiday: it is kept, the other four are added.
    add(client, "Herfstvakantie", date(2026, 10, 19), date(2026, 10, 23))
    response = client.post("/admin/holidays/fill", data={"school_year": "2026"}, headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith("year=2026")
    assert holidays(world.school) == [
        (2026, "Herfstvakantie", date(2026, 10, 19), date(2026, 10, 23)),
        (2026, "Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
        (2026, "Voorjaarsvakantie", date(2027, 2, 20), date(2027, 2, 28)),
        (2026, "Meivakantie", date(2027, 4, 24), date(2027, 5, 2)),
        (2026, "Zomervakantie", date(2027, 7, 17), date(2027, 8, 29)),
    ]
    assert actions(world.school)[0] == ("school.settings_changed", "holiday_region: None -> midden")
    assert actions(world.school)[-1] == ("school_holiday.fill", "2026-2027 midden: 4 added, 1 kept")
    # A second fill adds nothing.
    client.post("/admin/holidays/fill", data={"school_year": "2026"}, headers=EN)
    assert len(holidays(world.school)) == 5


def test_a_year_without_shipped_dates_cannot_be_filled(client, login, world):
    login(world.admin)
    client.post("/admin/holidays/region", data={"holiday_region": "zuid"}, headers=EN)
    response = client.post("/admin/holidays/fill", data={"school_year": "2031"}, headers=EN)
    assert response.status_code == 422
    assert holidays(world.school) == []


# --- CSV import ---------------------------------------------------------------------------


def post_csv(client, content):
    return client.post(
        "/admin/holidays/import",
        data={"file": upload(content.encode("utf-8"), "vakanties.csv")},
        content_type="multipart/form-data",
        headers=EN,
    )


def test_csv_import_adds_holidays_and_replaces_the_dates_of_one_with_the_same_name(client, login, world):
    login(world.admin)
    add(client, "Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25))
    response = post_csv(
        client,
        "Naam;Eerste dag;Laatste dag\n"
        "Herfstvakantie;19-10-2026;23-10-2026\n"
        "Kerstvakantie;2026-12-19;2027-01-03\n"
        "Studiedag;18/11/2026;18/11/2026\n",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert holidays(world.school) == [
        (2026, "Herfstvakantie", date(2026, 10, 19), date(2026, 10, 23)),
        (2026, "Studiedag", date(2026, 11, 18), date(2026, 11, 18)),
        (2026, "Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
    ]
    assert actions(world.school)[-1] == ("school_holiday.import", "2 added, 1 changed")


def test_csv_import_with_a_bad_row_imports_nothing_and_names_every_bad_row(client, login, world):
    login(world.admin)
    response = post_csv(
        client,
        "Kerstvakantie;19-12-2026;03-01-2027\n"
        "Meivakantie;24-04-2027\n"
        "Voorjaarsvakantie;28-02-2027;20-02-2027\n"
        "Studiedag;31-02-2027;31-02-2027\n"
        "Kerstvakantie;20-12-2026;04-01-2027\n",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Row 2: Expected 3 columns (name;first day;last day), found 2." in page
    assert "Row 3: The last day lies before the first day." in page
    assert "Row 4: Not a date: write it as 17-10-2026 or 2026-10-17." in page
    assert "Row 1:" not in page
    assert holidays(world.school) == [] and actions(world.school) == []


def test_csv_import_refuses_a_name_twice_in_one_school_year(client, login, world):
    login(world.admin)
    response = post_csv(client, "Studiedag;18-11-2026;18-11-2026\nStudiedag;03-03-2027;03-03-2027\n")
    assert response.status_code == 422
    assert "Row 2: The file names this holiday twice for the same school year." in response.get_data(as_text=True)
    assert holidays(world.school) == []


def test_csv_import_of_an_empty_file(client, login, world):
    login(world.admin)
    response = post_csv(client, "Naam;Eerste dag;Laatste dag\n")
    assert response.status_code == 422
    assert "The file holds no holidays." in response.get_data(as_text=True)
    assert count(SchoolHoliday) == 0


def test_a_refused_edit_keeps_the_input_and_changes_nothing(client, login, world):
    login(world.admin)
    add(client, "Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25))
    add(client, "Studiedag", date(2026, 11, 18), date(2026, 11, 18))
    holiday_id = db.session.scalar(select(SchoolHoliday.id).where(SchoolHoliday.name == "Studiedag"))
    response = client.post(
        f"/admin/holidays/{holiday_id}/edit",
        data={"name": "Herfstvakantie", "first_day": "2026-11-19", "last_day": "2026-11-19"},
        headers=EN,
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This school year already has a holiday with this name." in page and 'value="2026-11-19"' in page
    assert (2026, "Studiedag", date(2026, 11, 18), date(2026, 11, 18)) in holidays(world.school)
    assert [a for a, _ in actions(world.school)] == ["school_holiday.create", "school_holiday.create"]


def test_the_region_can_be_cleared(client, login, world):
    login(world.admin)
    client.post("/admin/holidays/region", data={"holiday_region": "zuid"}, headers=EN)
    client.post("/admin/holidays/region", data={"holiday_region": ""}, headers=EN)
    db.session.expire_all()
    assert world.school.holiday_region is None
    assert actions(world.school)[-1] == ("school.settings_changed", "holiday_region: zuid -> None")
    assert client.post("/admin/holidays/region", data={"holiday_region": "oost"}, headers=EN).status_code == 422
