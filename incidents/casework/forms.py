"""The incident report form."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from incidents.core import clock
from incidents.core.vocabulary import CATEGORIES, INVOLVEMENT_ROLES, PLATFORMS, SEVERITIES


def _choices(vocab, blank=None):
    items = [(code, label) for code, label in vocab.items()]
    return ([("", blank)] if blank else []) + items


class InvolvementEntry(Form):
    person_id = IntegerField(validators=[InputRequired()])
    role = SelectField(_l("Role"), choices=_choices(INVOLVEMENT_ROLES), validators=[DataRequired()])


class CaseForm(FlaskForm):
    category = SelectField(
        _l("Category"), choices=_choices(CATEGORIES, _l("Choose a category")), validators=[DataRequired()]
    )
    platform = SelectField(
        _l("Platform"), choices=_choices(PLATFORMS, _l("Choose a platform")), validators=[DataRequired()]
    )
    occurred_at = DateTimeLocalField(_l("When did it happen?"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    severity = SelectField(_l("Severity"), choices=_choices(SEVERITIES), default="medium", validators=[DataRequired()])
    description = TextAreaField(_l("What happened?"), validators=[DataRequired(), Length(min=10, max=20000)])
    involved = FieldList(FormField(InvolvementEntry), min_entries=0, max_entries=50)
    files = MultipleFileField(_l("Evidence files (screenshots, PDF)"))
    captured_at = DateTimeLocalField(
        _l("When were the screenshots taken?"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    links = TextAreaField(_l("Links (one per line)"), validators=[Optional(), Length(max=5000)])
    source_url = StringField(_l("Where were the files found (web address)?"), validators=[Optional(), Length(max=2000)])

    def validate_occurred_at(self, field):
        # Five minutes of slack for clocks that differ between device and server.
        if field.data and field.data > clock.local_now().replace(tzinfo=None) + timedelta(minutes=5):
            raise ValidationError(_("This moment lies in the future."))

    def validate_involved(self, field):
        if not field.entries:
            raise ValidationError(_("Add at least one person involved."))
        seen = set()
        for entry in field.entries:
            key = (entry.person_id.data, entry.role.data)
            if key in seen:
                raise ValidationError(_("A person is listed twice with the same role."))
            seen.add(key)

    def validate_links(self, field):
        for line in self.link_list():
            parts = urlsplit(line)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValidationError(_("Not a web address: %(link)s", link=line[:80]))

    def validate_source_url(self, field):
        parts = urlsplit((field.data or "").strip())
        if field.data and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ValidationError(_("Not a web address: %(link)s", link=field.data[:80]))

    def link_list(self):
        return [line.strip() for line in (self.links.data or "").splitlines() if line.strip()]

    def uploaded_files(self):
        return [f for f in (self.files.data or []) if f and f.filename]
