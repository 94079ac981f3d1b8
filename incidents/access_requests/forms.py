"""Forms of the access-request register; choices come from core/vocabulary.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from incidents.core.vocabulary import IDENTITY_CHECKS, NOTICE_CHANNELS


class NewRequestForm(FlaskForm):
    requester = SelectField(_l("Who asked"), validators=[DataRequired()])
    received_on = DateField(_l("Received on"), validators=[InputRequired()])
    identity_check = RadioField(
        _l("How the identity was checked"), choices=list(IDENTITY_CHECKS.items()), validators=[InputRequired()]
    )
    # No Optional(): it would stop the chain before the check below.
    identity_note = TextAreaField(_l("Note on the identity check"), validators=[Length(max=2000)])

    def validate_identity_note(self, field):  # WTForms calls validate_<field> for the field
        if self.identity_check.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Describe how the identity was checked."))


class ExtendForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    extended_to = DateField(_l("New due date"), validators=[Optional()])
    reason = TextAreaField(_l("Reason for the extension"), validators=[Optional(), Length(max=2000)])
    via = RadioField(
        _l("How the requester is told"), choices=list(NOTICE_CHANNELS.items()), validators=[InputRequired()]
    )
    notified_on = DateField(_l("Letter sent on"), validators=[Optional()])


class AnswerForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    answered_on = DateField(_l("Answered on"), validators=[InputRequired()])
