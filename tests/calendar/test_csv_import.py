"""Reading a holiday CSV (incidents/calendar/csv_import.py): rows, dates, and a problem per bad row."""

from datetime import date

from incidents.calendar.csv_import import HolidayRow, parse_date, parse_holidays
from incidents.calendar.rules import Problem
from incidents.calendar.school_years import first_day_of, label, last_day_of, school_year_of


def test_dates_in_iso_and_dutch_notation():
    assert parse_date("2026-10-17") == parse_date("17-10-2026") == parse_date("17/10/2026") == date(2026, 10, 17)
    assert parse_date(" 17.10.2026 ") == date(2026, 10, 17)
    assert parse_date("31-02-2027") is None and parse_date("herfst") is None


def test_rows_with_header_blank_lines_comma_and_windows_1252():
    raw = "Naam,Van,Tot\r\n\r\nCarnaval (één week),13-02-2027,21-02-2027\r\n".encode("cp1252")
    assert parse_holidays(raw) == ([HolidayRow(3, "Carnaval (één week)", date(2027, 2, 13), date(2027, 2, 21))], [])


def test_a_utf8_file_with_bom_and_no_header():
    raw = "\ufeffKerstvakantie;19-12-2026;03-01-2027\n".encode()
    assert parse_holidays(raw) == ([HolidayRow(1, "Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3))], [])


def test_every_bad_row_is_reported_with_its_number():
    raw = b"Naam;Van;Tot\nKerst;19-12-2026\n;01-03-2027;01-03-2027\nMei;x;02-05-2027\nZomer;2027-07-17;2027-10-30\n"
    rows, problems = parse_holidays(raw)
    assert rows == []
    assert problems == [
        Problem("file", "row_columns", 2, columns=2),
        Problem("name", "name_missing", 3),
        Problem("first_day", "date_invalid", 4),
        Problem("last_day", "holiday_too_long", 5),
    ]


def test_an_empty_file_and_one_that_is_no_text():
    assert parse_holidays(b"") == ([], [Problem("file", "file_empty")])
    assert parse_holidays(b"\x81\x8d\x8f\x90\x9d") == ([], [Problem("file", "file_unreadable")])


def test_school_years_run_from_1_august_to_31_july():
    assert school_year_of(date(2026, 8, 1)) == 2026 and school_year_of(date(2027, 7, 31)) == 2026
    assert (first_day_of(2026), last_day_of(2026), label(2026)) == (date(2026, 8, 1), date(2027, 7, 31), "2026-2027")
