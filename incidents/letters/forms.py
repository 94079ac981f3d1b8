"""Forms for editing letter templates and for writing a letter from a case."""

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from incidents.letters import sandbox
from incidents.letters.context import sample_context
from incidents.letters.registry import KINDS

NONE = 0  # the "—" choice of an optional select


def _check_template(field):
    try:
        sandbox.check(field.data or "", sample_context(g.school.name, g.school.foundation.name, g.school))
    except sandbox.LetterTemplateError as error:
        raise ValidationError(str(error)) from None


class TemplateForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Letter text"), validators=[DataRequired(), Length(max=sandbox.MAX_SOURCE_CHARS)])

    def validate_subject(self, field):
        _check_template(field)

    def validate_body(self, field):
        _check_template(field)


class LetterSetupForm(FlaskForm):
    """Step one: which letter, about whom, to whom; fields the template needs."""

    key = SelectField(_l("Letter"), choices=[(k.key, k.title) for k in KINDS.values()])
    sanction_id = SelectField(_l("Sanction"), coerce=int, validators=[Optional()])
    concerns_id = SelectField(_l("About (pupil or staff member)"), coerce=int, validators=[Optional()])
    recipient_id = SelectField(_l("Addressee"), coerce=int, validators=[Optional()])
    addressee = StringField(_l("Or another addressee"), validators=[Optional(), Length(max=200)])
    hearing_date = DateField(_l("Date of the hearing"), validators=[Optional()])
    hearing_time = TimeField(_l("Time of the hearing"), validators=[Optional()])
    hearing_place = StringField(_l("Place of the hearing"), validators=[Optional(), Length(max=200)])

    SETUP_FIELDS = (
        "key",
        "sanction_id",
        "concerns_id",
        "recipient_id",
        "addressee",
        "hearing_date",
        "hearing_time",
        "hearing_place",
    )

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        kind = KINDS[self.key.data]
        for name in kind.required:
            field = getattr(self, name)
            if not field.data:
                field.errors.append(_("This letter needs this field."))
        if kind.sanction == "required" and self.sanction_id.data == NONE:
            self.sanction_id.errors.append(_("Choose the sanction this letter is about."))
        if self.sanction_id.data == NONE and self.concerns_id.data == NONE:
            self.concerns_id.errors.append(_("Choose who the letter is about."))
        if self.recipient_id.data == NONE and not (self.addressee.data or "").strip() and not kind.addressee:
            self.recipient_id.errors.append(_("Choose an addressee or type one in."))
        return not any(getattr(self, name).errors for name in self.SETUP_FIELDS)


class LetterDraftForm(LetterSetupForm):
    """Steps two and three: the filled-in text, editable, previewed and filed."""

    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Letter text"), validators=[DataRequired(), Length(max=sandbox.MAX_OUTPUT_CHARS)])
