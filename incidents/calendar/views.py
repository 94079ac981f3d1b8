"""The school holidays screen for the functional administrator: per school year, add, change,
delete, fill from the regional defaults, import a CSV; and the school's holiday region."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from incidents.auth.policy import get_for_school_or_404, roles
from incidents.calendar.csv_import import parse_holidays
from incidents.calendar.forms import DeleteForm, FillForm, HolidayForm, ImportForm, RegionForm
from incidents.calendar.messages import message
from incidents.calendar.models import SchoolHoliday
from incidents.calendar.operations import (
    HolidayRefused,
    add_holiday,
    delete_holiday,
    fill_from_region,
    import_holidays,
    set_holiday_region,
    update_holiday,
)
from incidents.calendar.queries import holidays_of_year, years_with_holidays
from incidents.calendar.regional_defaults import REGIONAL_HOLIDAYS
from incidents.calendar.school_years import label, school_year_of
from incidents.core import clock

bp = Blueprint("calendar", __name__, url_prefix="/admin/holidays")


def _years(current: int) -> list[int]:
    """The school years offered: this one and the next, those with holidays, those with defaults."""
    return sorted({current, current + 1, *years_with_holidays(g.school.id), *REGIONAL_HOLIDAYS})


def _show_errors(error: HolidayRefused, form, default_field: str) -> None:
    """Each problem next to its field (a CSV's, with its row number, next to the file)."""
    for problem in error.problems:
        field = form[problem.field] if problem.field in form else form[default_field]
        field.errors = [*field.errors, message(problem)]


def _page(year: int, status: int = 200, **forms):
    current = school_year_of(clock.today())
    fill = forms.get("fill") or FillForm(formdata=None, school_year=year)
    fill.school_year.choices = [(y, label(y)) for y in sorted(REGIONAL_HOLIDAYS)]
    return render_template(
        "calendar/holidays.html",
        year=year,
        years=[(y, label(y)) for y in _years(current)],
        holidays=holidays_of_year(g.school.id, year),
        add=forms.get("add") or HolidayForm(formdata=None),
        region=forms.get("region") or RegionForm(formdata=None, holiday_region=g.school.holiday_region or ""),
        fill=fill,
        upload=forms.get("upload") or ImportForm(formdata=None),
        delete=DeleteForm(formdata=None),
        label=label,
    ), status


def _year_arg() -> int:
    return request.args.get("year", type=int) or school_year_of(clock.today())


@bp.route("")
@roles("admin")
def index():
    return _page(_year_arg())


@bp.route("", methods=["POST"])
@roles("admin")
def add():
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            holiday = add_holiday(g.school, form.name.data, form.first_day.data, form.last_day.data)
        except HolidayRefused as error:
            _show_errors(error, form, "name")
        else:
            flash(_("The holiday has been added."), "success")
            return redirect(url_for("calendar.index", year=holiday.school_year))
    year = school_year_of(form.first_day.data) if form.first_day.data else _year_arg()
    return _page(year, 422, add=form)


@bp.route("/<int:holiday_id>/edit", methods=["GET", "POST"])
@roles("admin")
def edit(holiday_id):
    holiday = get_for_school_or_404(SchoolHoliday, holiday_id)
    form = HolidayForm(obj=holiday)
    if form.validate_on_submit():
        try:
            update_holiday(holiday, form.name.data, form.first_day.data, form.last_day.data)
        except HolidayRefused as error:
            _show_errors(error, form, "name")
        else:
            flash(_("The holiday has been saved."), "success")
            return redirect(url_for("calendar.index", year=holiday.school_year))
    status = 422 if request.method == "POST" else 200
    return render_template("calendar/edit.html", form=form, holiday=holiday, label=label), status


@bp.route("/<int:holiday_id>/delete", methods=["POST"])
@roles("admin")
def delete(holiday_id):
    holiday = get_for_school_or_404(SchoolHoliday, holiday_id)
    year = holiday.school_year
    if DeleteForm().validate_on_submit():
        delete_holiday(holiday)
        flash(_("The holiday has been deleted."), "success")
    return redirect(url_for("calendar.index", year=year))


@bp.route("/region", methods=["POST"])
@roles("admin")
def region():
    form = RegionForm()
    if not form.validate_on_submit():
        return _page(_year_arg(), 422, region=form)
    set_holiday_region(g.school, form.holiday_region.data or None)
    flash(_("The school settings have been saved."), "success")
    return redirect(url_for("calendar.index", year=_year_arg()))


@bp.route("/fill", methods=["POST"])
@roles("admin")
def fill():
    form = FillForm()
    form.school_year.choices = [(y, label(y)) for y in sorted(REGIONAL_HOLIDAYS)]
    if form.validate_on_submit():
        try:
            result = fill_from_region(g.school, form.school_year.data)
        except HolidayRefused as error:
            _show_errors(error, form, "school_year")
        else:
            flash(
                _("%(added)s holidays added; %(kept)s the school already had were kept.", **result._asdict()),
                "success",
            )
            return redirect(url_for("calendar.index", year=form.school_year.data))
    return _page(form.school_year.data or _year_arg(), 422, fill=form)


@bp.route("/import", methods=["POST"])
@roles("admin")
def upload():
    form = ImportForm()
    if form.validate_on_submit():
        rows, problems = parse_holidays(form.file.data.read())
        try:
            if problems:
                raise HolidayRefused(problems)
            result = import_holidays(g.school, rows)
        except HolidayRefused as error:
            _show_errors(error, form, "file")
        else:
            flash(_("Holidays imported: %(added)s added, %(changed)s changed.", **result._asdict()), "success")
            return redirect(url_for("calendar.index", year=school_year_of(rows[0].first_day)))
    return _page(_year_arg(), 422, upload=form)
