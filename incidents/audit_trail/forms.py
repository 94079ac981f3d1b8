"""The audit trail screen's filters: a GET form read from the query string (no CSRF: it changes nothing)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Form, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError

from incidents.core.vocabulary import READ_ACTION_LABELS, SECURITY_EVENT_LABELS


def kind_choices() -> list[tuple[str, str]]:
    # The labels are lazy strings, rendered in the request's language.
    labels = {"": _l("Every kind"), **READ_ACTION_LABELS, **SECURITY_EVENT_LABELS}
    return list(labels.items())


class TrailFilterForm(Form):
    person = IntegerField(_l("Person (number)"), validators=[Optional(), NumberRange(min=1)])
    case = StringField(_l("Case (reference, e.g. 2026-0042)"), validators=[Optional()])
    user = SelectField(_l("User"), choices=[], default="", validate_choice=False)
    kind = SelectField(_l("Kind"), choices=kind_choices(), default="")
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Up to and including"), validators=[Optional()])

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end of the period lies before its start."))

    def validate_user(self, field: SelectField) -> None:
        if field.data and field.data not in {choice[0] for choice in field.choices or ()}:
            raise ValidationError(_l("Choose a user of this school."))
