"""The form for recording a letter, e-mail, phone note or meeting/hearing report on a case."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from incidents.core import clock
from incidents.core.vocabulary import CORRESPONDENCE_KINDS, DIRECTIONS


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_("This date lies in the future."))


class CorrespondenceForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(CORRESPONDENCE_KINDS.items()), validators=[DataRequired()])
    direction = RadioField(_l("Direction"), choices=list(DIRECTIONS.items()), default="in", validators=[DataRequired()])
    occurred_on = DateField(_l("Date"), validators=[DataRequired(), not_in_future])
    sender = StringField(_l("From"), validators=[Optional(), Length(max=200)])
    recipient = StringField(_l("To"), validators=[Optional(), Length(max=200)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text or summary"), validators=[Optional(), Length(max=50000)])
    files = MultipleFileField(_l("Attachments (PDF, PNG, JPEG)"))
    concerns = CheckboxList(_l("File in the file of"), coerce=int)

    def validate_concerns(self, field):
        if not field.data:
            raise ValidationError(_("Choose at least one person in whose file this is filed."))
