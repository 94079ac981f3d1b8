"""The admin's form for the school's identity provider. The client secret is write-only: the field
is never filled in from the stored value, and left empty it keeps that value."""

import re
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ip_address(host).is_loopback
    except ValueError:
        return False


def issuer_url(_form: Any, field: Field) -> None:
    """HTTPS, without query or fragment (OpenID Connect Discovery 1.0, section 2); plain HTTP only for
    a provider on this machine (a test provider on 127.0.0.1)."""
    parts = urlsplit((field.data or "").strip())
    secure = parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname))
    if not parts.hostname or not secure or parts.query or parts.fragment:
        raise ValidationError(_l("Enter the issuer's https:// address, without ? or #."))


def domain_list(text: str | None) -> list[str]:
    return [d.strip().lower().lstrip("@") for d in re.split(r"[\s,;]+", text or "") if d.strip()]


def allowed_domains(_form: Any, field: Field) -> None:
    wrong = [d for d in domain_list(field.data) if not DOMAIN.match(d)]
    if wrong:
        raise ValidationError(_l("Not a domain name: %(domains)s", domains=", ".join(wrong)))


class ProviderForm(FlaskForm):
    label = StringField(_l("Name on the sign-in button"), validators=[DataRequired(), Length(max=100)])
    issuer = StringField(_l("Issuer URL"), validators=[DataRequired(), Length(max=500), issuer_url])
    client_id = StringField(_l("Client ID"), validators=[DataRequired(), Length(max=500)])
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=2000)])
    allowed_domains = TextAreaField(
        _l("Allowed e-mail domains (one per line)"), validators=[Length(max=5000), allowed_domains]
    )
    enabled = BooleanField(_l("Staff may sign in with the school account"))
    local_passwords_off = BooleanField(_l("Local passwords off: members of this school sign in only with SSO"))

    def validate_enabled(self, field: Field) -> None:
        if field.data and not domain_list(self.allowed_domains.data):
            raise ValidationError(_l("Name at least one allowed e-mail domain before switching SSO on."))

    def validate_local_passwords_off(self, field: Field) -> None:
        if field.data and not self.enabled.data:
            raise ValidationError(_l("Passwords can only be switched off while SSO is on."))
