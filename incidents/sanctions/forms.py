from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from incidents.core.vocabulary import HEARING_PARTIES, INTENT_SEND_METHODS, MEASURES, RESPONSE_KINDS


def _yes_no(value):
    """ "yes" / "no" / "" from the form, True / False / None on the record (and back)."""
    if value in (True, False, None):
        return value
    return {"yes": True, "no": False}.get(value)


class ProposeForm(FlaskForm):
    subject_id = SelectField(_l("Subject"), coerce=int, validators=[InputRequired()])
    measure = SelectField(_l("Measure"), choices=list(MEASURES.items()))
    start_date = DateField(_l("From"), validators=[Optional()])
    end_date = DateField(_l("Until"), validators=[Optional()])
    start_time = TimeField(_l("Start time (time-out: until the end of the school day)"), validators=[Optional()])
    grounds = TextAreaField(_l("Grounds and duration (staff suspension)"), validators=[Optional(), Length(max=5000)])
    urgent_reason_known_on = DateField(_l("Urgent reason known on (summary dismissal)"), validators=[Optional()])
    in_personnel_file = BooleanField(_l("Place in the personnel file (staff warning)"))
    justification = TextAreaField(
        _l("Justification for skipping earlier steps"), validators=[Optional(), Length(max=5000)]
    )


class SanctionStepForm(FlaskForm):
    event = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])
    reasons = TextAreaField(_l("Reasons"), validators=[Optional(), Length(max=10000)])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5000)])
    received_on = DateField(_l("Objection received on"), validators=[Optional()])
    outcome = SelectField(
        _l("Outcome"),
        choices=[("", "—"), ("upheld", _l("Sanction upheld")), ("overturned", _l("Sanction overturned"))],
        validators=[Optional()],
    )
    override = BooleanField(_l("Decide anyway (override)"))
    override_reason = TextAreaField(_l("Why the override is justified"), validators=[Optional(), Length(max=5000)])


class HearingForm(FlaskForm):
    party = SelectField(_l("Who was heard"), choices=list(HEARING_PARTIES.items()))
    occurred_on = DateField(_l("Date"), validators=[DataRequired()])
    did_not_attend = BooleanField(_l("Invited, but did not attend"))
    report = TextAreaField(_l("Report of the hearing"), validators=[DataRequired(), Length(max=20000)])
    files = MultipleFileField(_l("Attachments (PDF, PNG, JPEG)"))


class SanctionDetailsForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    inspectie_consulted_on = DateField(_l("Inspectie consulted on"), validators=[Optional()])
    admitting_school = StringField(_l("School that admits the pupil"), validators=[Optional(), Length(max=200)])
    admitting_school_agreed_on = DateField(_l("Admission agreed on"), validators=[Optional()])
    parents_involved = SelectField(
        _l("The adult pupil wants the parents involved"),
        choices=[
            ("", _l("Not recorded yet")),
            ("yes", _l("Yes: hear them and send them the letters")),
            ("no", _l("No")),
        ],
        coerce=_yes_no,
        validators=[Optional()],
    )


class IntentDeliveryForm(FlaskForm):
    """How the intended-measure letter went to the employee, and when it was received."""

    version = IntegerField(validators=[InputRequired()])
    sent_how = SelectField(_l("Sent how"), choices=[("", "—"), *INTENT_SEND_METHODS.items()])
    sent_on = DateField(_l("Sent on"), validators=[Optional()])
    received_on = DateField(_l("Received by the employee on"), validators=[Optional()])


class EmployeeResponseForm(FlaskForm):
    """The employee's written response to the intended measure, filed in the personnel file."""

    version = IntegerField(validators=[InputRequired()])
    # Named apart from the delivery form's fields: both forms are on the sanction page.
    response_kind = SelectField(_l("Came in as"), choices=list(RESPONSE_KINDS.items()))
    response_received_on = DateField(_l("Received on"), validators=[DataRequired()])
    response_body = TextAreaField(_l("The response (or a summary)"), validators=[DataRequired(), Length(max=20000)])
    response_files = MultipleFileField(_l("Attachments (PDF, PNG, JPEG)"))
