from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)
from wtforms.widgets import CheckboxInput, ListWidget

from incidents.auth.models import ROLES
from incidents.core.vocabulary import LEGAL_STATUS_LABELS, ROLE_LABELS


class UserForm(FlaskForm):
    """Adding a person sends an invitation; the holder chooses their own password."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role at this school"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])


class GroupForm(FlaskForm):
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=50)])
    location_id = SelectField(_l("Location"), coerce=int, validators=[Optional()], choices=[])


class RoleCheckboxes(SelectMultipleField):
    """Roles as checkboxes, read from and given back as the comma-separated column."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value):
        super().process_data(value.split(",") if isinstance(value, str) else value)

    def populate_obj(self, obj, name):
        setattr(obj, name, ",".join(sorted(self.data or ())))


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
    staff_response_weeks = IntegerField(
        _l("Weeks an employee has to respond to an intended disciplinary measure (the CAO in force)"),
        validators=[InputRequired(), NumberRange(min=1, max=12)],
    )
    legal_status = SelectField(
        _l("Legal status of the school"),
        choices=list(LEGAL_STATUS_LABELS.items()),
        validators=[InputRequired()],
    )
    second_factor_roles_csv = RoleCheckboxes(
        _l("Roles that must sign in with a second factor"), choices=[(r, ROLE_LABELS[r]) for r in ROLES]
    )
    coordinator_name = StringField(_l("Anti-bullying coordinator"), validators=[Optional(), Length(max=200)])
    coordinator_email = EmailField(
        _l("E-mail address of the anti-bullying coordinator"), validators=[Optional(), Email(), Length(max=254)]
    )
    coordinator_phone = StringField(
        _l("Phone number of the anti-bullying coordinator"),
        validators=[
            Optional(),
            Length(max=30),
            Regexp(r"^[0-9+() ./-]+$", message=_l("Enter a phone number (digits, spaces, + and -).")),
        ],
    )

    def validate(self, extra_validators=None):
        # Here, not in validate_coordinator_name: Optional() ends that field's chain when it is empty.
        valid = super().validate(extra_validators)
        name = (self.coordinator_name.data or "").strip()
        has_contact = bool(self.coordinator_email.data or self.coordinator_phone.data)
        if has_contact and not name:
            self.coordinator_name.errors.append(_l("Enter the name of the anti-bullying coordinator."))
            return False
        if name and not has_contact:
            self.coordinator_name.errors.append(
                _l("Enter an e-mail address or a phone number for parents to reach the coordinator.")
            )
            return False
        return valid
