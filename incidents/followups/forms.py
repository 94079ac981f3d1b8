"""Planning a follow-up by hand and cancelling one."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from incidents.core import clock
from incidents.core.vocabulary import ASSIGNEE_CHOICES, FOLLOWUP_KINDS

OTHER = "other"


def kind_choices():
    return [(OTHER, _l("Other task (describe it below)"))] + list(FOLLOWUP_KINDS.items())


def assignee_choices(users):
    """`u:<id>` for a person, `r:<role>` for everyone holding a role at the school."""
    people = [(f"u:{user.id}", user.name) for user in users]
    return people + [(f"r:{role}", label) for role, label in ASSIGNEE_CHOICES.items()]


class FollowupForm(FlaskForm):
    kind = SelectField(_l("Task"), choices=kind_choices(), default=OTHER)
    note = TextAreaField(_l("Description"), validators=[Length(max=2000)])  # required for "other": see below
    due_on = DateField(_l("Due"), validators=[DataRequired()])
    assignee = SelectField(_l("For"), validators=[DataRequired()])

    def validate_note(self, field):
        if self.kind.data == OTHER and not (field.data or "").strip():
            raise ValidationError(gettext("Describe the task."))

    def validate_due_on(self, field):
        if field.data and field.data < clock.today():
            raise ValidationError(gettext("The due date cannot be in the past."))

    def parsed_assignee(self):
        """(user_id, role) from the chosen value."""
        kind, _sep, value = (self.assignee.data or "").partition(":")
        return (int(value), None) if kind == "u" else (None, value)


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Why is this task cancelled?"), validators=[DataRequired(), Length(min=3, max=2000)])


def followup_form(users, default_user=None, **kwargs):
    """The follow-up form with the school's assignees as choices."""
    form = FollowupForm(**kwargs)
    form.assignee.choices = assignee_choices(users)
    if default_user is not None and not form.is_submitted():
        form.assignee.data = f"u:{default_user.id}"
    return form
