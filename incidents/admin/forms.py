from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from incidents.auth.models import ROLES
from incidents.core.vocabulary import ROLE_LABELS


class UserForm(FlaskForm):
    """Adding a person sends an invitation; the holder chooses their own password."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role at this school"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])


class GroupForm(FlaskForm):
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=50)])
    location_id = SelectField(_l("Location"), coerce=int, validators=[Optional()], choices=[])


class SchoolSettingsForm(FlaskForm):
    """The settings the protocols leave to the school."""

    retention_years = IntegerField(
        _l("Keep files for this many years after a pupil left or an employment ended"),
        validators=[InputRequired(), NumberRange(min=1, max=20)],
    )
    monitoring_checkin_days = IntegerField(
        _l("Days after the start of monitoring before the parents get a check-in notice"),
        validators=[InputRequired(), NumberRange(min=1, max=90)],
    )
    overdue_alert_days = IntegerField(
        _l("Tell the care coordinator when a task is overdue by more than this many days"),
        validators=[InputRequired(), NumberRange(min=0, max=60)],
    )
