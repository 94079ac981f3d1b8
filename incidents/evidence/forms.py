"""Adding evidence to an existing case: files and/or links, with where and when they were captured."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from incidents.core import clock
from incidents.core.vocabulary import PLATFORMS


def is_web_address(text):
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class EvidenceForm(FlaskForm):
    files = MultipleFileField(_l("Files (screenshots, PDF, video)"))
    links = TextAreaField(_l("Links (one per line)"), validators=[Optional(), Length(max=5000)])
    platform = SelectField(_l("Platform"), validators=[DataRequired()])
    captured_at = DateTimeLocalField(_l("When was it captured?"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    source_url = StringField(_l("Where was it found (web address)?"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform.choices = list(PLATFORMS.items())

    def validate_captured_at(self, field):
        if field.data and field.data > clock.local_now().replace(tzinfo=None) + timedelta(minutes=5):
            raise ValidationError(_("This moment lies in the future."))

    def validate_source_url(self, field):
        if field.data and not is_web_address(field.data.strip()):
            raise ValidationError(_("Not a web address: %(link)s", link=field.data[:80]))

    def validate_links(self, field):
        for line in self.link_list():
            if not is_web_address(line):
                raise ValidationError(_("Not a web address: %(link)s", link=line[:80]))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.link_list() and not self.uploaded_files():
            self.files.errors.append(_("Add at least one file or link."))
            return False
        return valid

    def link_list(self):
        return [line.strip() for line in (self.links.data or "").splitlines() if line.strip()]

    def uploaded_files(self):
        return [f for f in (self.files.data or []) if f and f.filename]
