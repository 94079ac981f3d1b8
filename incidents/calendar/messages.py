"""The words for the calendar's problem codes (rules.py, operations.py, csv_import.py)."""

from flask_babel import gettext as _

from incidents.calendar.rules import Problem


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel -k N_); translated when shown."""
    return message


MESSAGES = {
    "name_missing": N_("Give the holiday a name."),
    "name_too_long": N_("A name has at most 100 characters."),
    "days_out_of_order": N_("The last day lies before the first day."),
    "holiday_too_long": N_("A holiday lasts at most 10 weeks; check the dates."),
    "name_taken": N_("This school year already has a holiday with this name."),
    "name_repeated": N_("The file names this holiday twice for the same school year."),
    "date_invalid": N_("Not a date: write it as 17-10-2026 or 2026-10-17."),
    "row_columns": N_("Expected 3 columns (name;first day;last day), found %(columns)s."),
    "file_empty": N_("The file holds no holidays."),
    "file_unreadable": N_("The file cannot be read as text (save it as CSV in UTF-8)."),
    "region_required": N_("Choose the school's region first, and save it."),
    "no_defaults": N_("Meldpunt has no regional dates for this school year; enter them yourself or import a file."),
}


def message(problem: Problem) -> str:
    text = str(_(MESSAGES[problem.code], columns=problem.columns))
    if problem.row is None:
        return text
    return str(_("Row %(row)s: %(message)s", row=problem.row, message=text))
