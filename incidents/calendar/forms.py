from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from incidents.calendar.rules import NAME_MAX
from incidents.core.vocabulary import HOLIDAY_REGIONS


class HolidayForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Give the holiday a name.")), Length(max=NAME_MAX)])
    first_day = DateField(_l("First day"), validators=[InputRequired(_l("Fill in the first day."))])
    last_day = DateField(_l("Last day"), validators=[InputRequired(_l("Fill in the last day."))])


class RegionForm(FlaskForm):
    holiday_region = SelectField(
        _l("Region for the school holidays"),
        choices=[("", "—")] + [(code, label) for code, label in HOLIDAY_REGIONS.items()],
    )


class FillForm(FlaskForm):
    school_year = SelectField(_l("School year"), coerce=int, choices=[])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])


class DeleteForm(FlaskForm):
    """Only the CSRF token: deleting takes a POST."""
