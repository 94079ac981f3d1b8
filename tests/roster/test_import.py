"""Importing into the database: values, idempotency, changes, left marking, errors."""

from datetime import date

import pytest
from sqlalchemy import func, select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.people.models import Guardianship, Person
from incidents.schools.models import Group
from tests.helpers import TODAY
from tests.roster.conftest import PUPILS, STAFF, STAFF_HEADER


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ","])
def test_a_real_export_is_imported(make_school, write_csv, run_import, people_of, encoding, sep):
    school = make_school()
    plan = run_import(school, write_csv(encoding=encoding, sep=sep))
    assert plan.ok and plan.counts()["added"] == 3 and plan.new_groups == ["1A", "1B"]
    pupils = people_of(school)
    zoe = pupils["1001"]
    assert (zoe.first_name, zoe.last_name, zoe.search_name) == ("Zoë", "de Vries", "zoë de vries")
    assert zoe.date_of_birth == date(2012, 5, 1) and zoe.group.name == "1A" and zoe.left_on is None
    assert pupils["1002"].first_name == "Daniël" and pupils["1002"].date_of_birth == date(2012, 3, 4)
    assert pupils["1003"].full_name == "Sjoerd-Jan van der Berg"
    parents = {g.parent.email: g for g in zoe.guardianships}
    assert parents["jan.devries@example.org"].parental_authority is True
    assert parents["jan.devries@example.org"].parent.full_name == "Jan de Vries"
    assert parents["jan.devries@example.org"].parent.phone == "06-12345678"
    assert parents["maaike@example.org"].parental_authority is False
    assert pupils["1003"].guardianships == []


def test_reimporting_the_same_file_changes_nothing(make_school, write_csv, run_import):
    school = make_school()
    path = write_csv()
    run_import(school, path)
    before = (count(Person), count(Guardianship), count(Group))
    again = run_import(school, path)
    assert again.counts() | {"rows": 0} == {
        "rows": 0,
        "added": 0,
        "changed": 0,
        "unchanged": 3,
        "left": 0,
        "groups": 0,
        "parents": 0,
    }
    assert (count(Person), count(Guardianship), count(Group)) == before


def test_changes_are_detected_per_field(make_school, write_csv, run_import, people_of):
    school = make_school()
    run_import(school, write_csv())
    rows = [list(r) for r in PUPILS]
    rows[0][5] = "2A"  # moved up a year
    rows[0][9] = "06-99999999"  # father's new phone
    rows[0][14] = "ja"  # mother got parental authority
    rows[1][3] = "Jansen-Smit"
    plan = run_import(school, write_csv(rows))
    changed = {e.number: e.fields for e in plan.changed}
    assert changed == {"1001": ["group", "parents"], "1002": ["last_name"]}
    assert plan.unchanged == 1 and plan.new_groups == ["2A"]
    pupils = people_of(school)
    assert pupils["1001"].group.name == "2A"
    assert pupils["1002"].search_name == "daniël jansen-smit"
    authority = {g.parent.email: (g.parental_authority, g.parent.phone) for g in pupils["1001"].guardianships}
    assert authority == {"jan.devries@example.org": (True, "06-99999999"), "maaike@example.org": (True, None)}


def test_parents_are_matched_by_email_then_name_and_shared_by_siblings(make_school, write_csv, run_import, people_of):
    school = make_school()
    rows = [list(r) for r in PUPILS[:2]]
    rows.append(
        [
            "1004",
            "Noor",
            "",
            "Jansen",
            "05-06-2014",
            "1B",
            "",
            "P. Jansen",
            "piet@example.org",
            "",
            "ja",
            "",
            "",
            "",
            "",
        ]
    )
    run_import(school, write_csv(rows))
    parents = people_of(school, "parent")
    assert len(parents) == 3  # Piet Jansen once, for both children
    rows[0][7] = "Johannes de Vries"  # same e-mail, fuller name: the same parent
    rows[0][12] = "maaike.bakker@example.org"  # same name, new e-mail: the same parent
    plan = run_import(school, write_csv(rows))
    assert plan.parents_added == 0
    parents = people_of(school, "parent")
    assert len(parents) == 3
    assert parents["jan.devries@example.org"].full_name == "Johannes de Vries"
    assert "maaike.bakker@example.org" in parents


def test_missing_people_are_marked_left_never_deleted_and_come_back(
    make_school, make_member, write_csv, run_import, people_of
):
    school = make_school()
    gone = make_member(school, "0999", first_name="Weg")
    by_hand = make_member(school, None, first_name="Handmatig")
    plan = run_import(school, write_csv())
    assert [e.number for e in plan.left] == ["0999"]
    pupils = people_of(school)
    assert pupils["0999"].left_on == TODAY
    assert db.session.get(Person, by_hand.id).left_on is None  # no number: not the import's to judge
    again = run_import(school, write_csv())
    assert again.left == [] and again.unchanged == 3
    back = run_import(
        school,
        write_csv([*PUPILS, ["0999", "Weg", "", "Jansen", "01-05-2012", "1A", "", "", "", "", "", "", "", "", ""]]),
    )
    assert [e.fields for e in back.changed] == [["group", "left_on"]]  # made without a group
    assert people_of(school)["0999"].left_on is None
    assert db.session.get(Person, gone.id) is not None


def test_a_partial_file_marks_nobody_and_an_uitschrijfdatum_sets_left_on(
    make_school, make_member, write_csv, run_import, people_of
):
    school = make_school()
    make_member(school, "0999")
    rows = [list(r) for r in PUPILS]
    rows[2][6] = "01-08-2026"
    rows[1][6] = "01-08-2027"  # still to come: not left yet
    plan = run_import(school, write_csv(rows), complete=False)
    assert plan.left == []
    pupils = people_of(school)
    assert pupils["0999"].left_on is None
    assert pupils["1003"].left_on == date(2026, 8, 1)
    assert pupils["1002"].left_on is None


def test_invalid_rows_are_all_reported_and_nothing_is_imported(make_school, write_csv, run_import):
    school = make_school()
    rows = [list(r) for r in PUPILS]
    rows[0][4] = "31-02-2012"  # row 2: no such date
    rows[1][0] = ""  # row 3: no number
    rows[2][7:9] = ["Kees Berg", "geen-adres"]  # row 4: bad e-mail
    rows[2][10] = "misschien"  # (same row; first problem wins)
    rows.append(["1001", "Dubbel", "", "Nummer", "", "1A", "", "", "", "", "", "", "", "", ""])  # row 5
    rows.append(["1005", "Eva", "", "Bos", "", "1A", "", "Ans Bos", "", "", "soms", "", "", "", ""])  # row 6
    rows.append(["1006", "Eva", "", "Bos", "2030-01-01", "1A", "", "", "", "", "", "", "", "", ""])  # row 7
    before = count(Person)
    plan = run_import(school, write_csv(rows, sep=","))
    errors = {e.row: e.english() for e in plan.errors}
    assert set(errors) == {2, 3, 4, 5, 6, 7}
    assert "'31-02-2012' is not a date" in errors[2]
    assert "no Leerlingnummer" in errors[3]
    assert "'geen-adres' is not an e-mail address" in errors[4]
    assert "1001 appears more than once (also on row 2)" in errors[5]
    assert "Ouder1 Gezag 'soms' is not ja or nee" in errors[6]
    assert "lies in the future" in errors[7]
    assert count(Person) == before == 0 and count(Group) == 0


def test_another_schools_people_are_untouched(make_school, make_member, write_csv, run_import, people_of):
    school, other = make_school(), make_school()
    theirs = make_member(other, "1001", first_name="Ander")
    make_member(other, "5000", first_name="Blijft")
    run_import(school, write_csv())
    assert people_of(other)["1001"].first_name == "Ander"
    assert people_of(other)["5000"].left_on is None
    assert people_of(school)["1001"].id != theirs.id
    assert db.session.scalar(select(func.count()).select_from(Group).where(Group.school_id == other.id)) == 0


def test_staff_import(make_school, make_member, write_csv, run_import, people_of):
    school = make_school()
    make_member(school, "P99", kind="staff", first_name="Oud")
    pupil = make_member(school, "1001")  # a pupil number is not a staff number
    plan = run_import(school, write_csv(STAFF, header=STAFF_HEADER, encoding="cp1252", sep=","))
    assert plan.kind == "staff" and plan.counts()["added"] == 2 and [e.number for e in plan.left] == ["P99"]
    staff = people_of(school, "staff")
    assert staff["P02"].full_name == "Geërt van Dijk" and staff["P02"].job_title == "Directeur"
    assert staff["P01"].email == "a.smit@example.org" and staff["P01"].phone == "030-1234567"
    assert staff["P99"].left_on == TODAY
    assert db.session.get(Person, pupil.id).left_on is None


def test_each_import_is_audited_with_counts_only(make_school, write_csv, run_import):
    school = make_school()
    run_import(school, write_csv())
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "roster.import")).one()
    assert event.school_id == school.id
    assert event.detail == "kind=pupil rows=3 added=3 changed=0 unchanged=0 left=0 groups=2 parents=3"


def test_a_parent_left_without_child_gets_a_leaving_day_and_loses_it_when_linked_again(
    make_school, write_csv, run_import, people_of, frozen_clock
):
    # Retention counts a childless parent's years from left_on; without it they would stay forever.
    school = make_school()
    run_import(school, write_csv())
    rows = [list(r) for r in PUPILS]
    rows[0][11:15] = ["", "", "", ""]  # the mother is no longer listed for Zoë
    run_import(school, write_csv(rows))
    parents = people_of(school, "parent")
    assert parents["maaike@example.org"].left_on == TODAY
    assert parents["jan.devries@example.org"].left_on is None
    assert parents["piet@example.org"].left_on is None
    run_import(school, write_csv())  # listed again
    assert people_of(school, "parent")["maaike@example.org"].left_on is None
