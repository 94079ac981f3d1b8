"""`flask import-roster FILE --school CODE [--dry-run] [--partial]`."""

from datetime import date

from sqlalchemy import func, select

from incidents.extensions import db
from incidents.people.models import Person
from tests.roster.conftest import PUPILS


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import-roster", *map(str, args)])


def pupils(school):
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(Person).where(Person.school_id == school.id, Person.kind == "pupil")
    )


def test_dry_run_previews_and_imports_nothing(app, make_school, write_csv, frozen_clock):
    school = make_school()
    result = run(app, write_csv(encoding="utf-8-sig"), "--school", school.code, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "added: 3  changed: 0  unchanged: 0  marked as left: 0  new groups: 2  new parents: 3" in result.output
    assert "+ row     2  1001         Zoë de Vries (1A)" in result.output
    assert "Dry run: nothing imported." in result.output
    assert pupils(school) == 0


def test_import_then_reimport(app, make_school, make_member, write_csv, frozen_clock):
    school = make_school()
    make_member(school, "0999", first_name="Vertrokken")
    path = write_csv(encoding="cp1252", sep=",")
    result = run(app, path, "--school", school.code)
    assert result.exit_code == 0, result.output
    assert "marked as left: 1" in result.output and "Imported." in result.output
    assert pupils(school) == 4
    again = run(app, path, "--school", school.code)
    assert "added: 0  changed: 0  unchanged: 3  marked as left: 0" in again.output


def test_partial_file_marks_nobody_left(app, make_school, make_member, write_csv, frozen_clock):
    school = make_school()
    stays = make_member(school, "0999")
    result = run(app, write_csv(), "--school", school.code, "--partial")
    assert result.exit_code == 0 and "marked as left: 0" in result.output
    db.session.expire_all()
    assert db.session.get(Person, stays.id).left_on is None


def test_row_errors_exit_non_zero_and_import_nothing(app, make_school, write_csv, frozen_clock):
    school = make_school()
    rows = [list(r) for r in PUPILS]
    rows[1][4] = "4 maart"
    rows[2][10] = "weet niet"
    rows[2][7] = "Kees Berg"
    result = run(app, write_csv(rows), "--school", school.code)
    assert result.exit_code == 1
    assert "row 3: Geboortedatum '4 maart' is not a date (use dd-mm-yyyy)." in result.output
    assert "row 4: Ouder1 Gezag 'weet niet' is not ja or nee." in result.output
    assert "2 error(s); nothing imported." in result.output
    assert pupils(school) == 0


def test_unknown_school_and_unreadable_file(app, make_school, tmp_path):
    school = make_school()
    assert run(app, tmp_path / "none.csv", "--school", school.code).exit_code == 2
    path = tmp_path / "x.csv"
    path.write_bytes(b"Naam;Klas\nPiet;1A\n")
    assert "No school with code 'NOPE'" in run(app, path, "--school", "NOPE").output
    result = run(app, path, "--school", school.code)
    assert result.exit_code == 1 and "file: The file has no Leerlingnummer" in result.output


def test_a_partial_file_with_a_past_leaving_date_sets_left_on(app, make_school, write_csv, frozen_clock):
    school = make_school()
    assert run(app, write_csv(), "--school", school.code).exit_code == 0
    leaving = [list(PUPILS[2])]
    leaving[0][6] = "01-09-2026"
    result = run(app, write_csv(leaving), "--school", school.code, "--partial")
    assert result.exit_code == 0, result.output
    assert "changed: 1  unchanged: 0  marked as left: 0" in result.output
    assert "~ row     2  1003         Sjoerd-Jan van der Berg (1A): left_on" in result.output
    db.session.expire_all()
    left_on = {
        p.external_number: p.left_on
        for p in db.session.scalars(select(Person).where(Person.school_id == school.id, Person.kind == "pupil"))
    }
    assert left_on == {"1001": None, "1002": None, "1003": date(2026, 9, 1)}
