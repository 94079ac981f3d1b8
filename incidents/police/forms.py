from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from incidents.core.vocabulary import OFFENCES


class OpenReportForm(FlaskForm):
    offence = SelectField(_l("Offence"), choices=list(OFFENCES.items()))
    victim_id = SelectField(_l("Victim"), coerce=int, validators=[Optional()])
    known_on = DateField(_l("Victim learned of it on"), validators=[Optional()])


class PoliceStepForm(FlaskForm):
    event = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])
    police_unit = StringField(_l("Police unit"), validators=[Optional(), Length(max=200)])
    report_number = StringField(_l("Report number"), validators=[Optional(), Length(max=100)])
    filed_on = DateField(_l("Filed on"), validators=[Optional()])
    outcome = TextAreaField(_l("Outcome"), validators=[Optional(), Length(max=5000)])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5000)])
    filed_by = SelectField(
        _l("Filed by"),
        choices=[("", "—"), ("victim", _l("The victim")), ("parents", _l("The parents"))],
        validators=[Optional()],
    )


class SuspicionForm(FlaskForm):
    """The confidential inspector's conclusion for a suspected sexual offence by staff."""

    version = IntegerField(validators=[InputRequired()])
    reasonable_suspicion = RadioField(
        _l("Conclusion of the confidential inspector"),
        choices=[("yes", _l("Reasonable suspicion: the board must report")), ("no", _l("No reasonable suspicion"))],
        validators=[InputRequired()],
    )
