"""Composing the notices to parents: common fields plus one editable text per pupil."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp


class NoticeEntryForm(Form):
    """One pupil's notice; a plain Form, the outer form carries the CSRF token."""

    pupil_id = HiddenField()
    send = BooleanField(_l("Send this notice"), default=True)
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=20000)])


class ComposeForm(FlaskForm):
    # One-time token made when the page is shown: the same form sent twice (double click,
    # browser retry) finds the notices of the first submission instead of sending again.
    compose_token = HiddenField(validators=[DataRequired(), Regexp(r"^[A-Za-z0-9_-]{32,64}$")])
    next_followup_on = DateField(_l("Next follow-up date"), validators=[DataRequired()])
    contact_person = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=200)])
    entries = FieldList(FormField(NoticeEntryForm))


class PublicNoticeForm(FlaskForm):
    """The parent's page: "show" opens the message (that is when it counts as read; a GET
    may be a mail scanner fetching the link), "acknowledge" confirms it was read."""

    action = HiddenField(validators=[DataRequired(), AnyOf(["show", "acknowledge"])])


class CancelForm(FlaskForm):
    """Cancelling a scheduled notice: only the CSRF token."""
