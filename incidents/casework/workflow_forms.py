"""Forms for the steps inside a case: transitions, parent contact, follow-ups."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, MultipleFileField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from incidents.core.vocabulary import CONTACT_KINDS


class TransitionForm(FlaskForm):
    event = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5000)])


class ParentContactForm(FlaskForm):
    pupil_id = SelectField(_l("Pupil"), coerce=int, validators=[InputRequired()])
    kind = SelectField(_l("How"), choices=list(CONTACT_KINDS.items()))
    occurred_on = DateField(_l("Date"), validators=[DataRequired()])
    note = TextAreaField(_l("What was discussed"), validators=[DataRequired(), Length(max=10000)])
    files = MultipleFileField(_l("Attachments (PDF, PNG, JPEG)"))


class WaiverForm(FlaskForm):
    pupil_id = SelectField(_l("Pupil"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why the parents are not informed"), validators=[DataRequired(), Length(min=10, max=5000)]
    )


class DoneForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
