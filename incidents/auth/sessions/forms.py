from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length


class EndSessionForm(FlaskForm):
    """Sign one session out: its record id (the hash, never the cookie's value)."""

    session_id = HiddenField(validators=[DataRequired(), Length(min=64, max=64)])


class EndOtherSessionsForm(FlaskForm):
    """'Sign out everywhere else': nothing but the CSRF token."""
