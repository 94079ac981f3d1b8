from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from incidents.auth.password_policy import MAX_LENGTH, password_problem


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class SwitchSchoolForm(FlaskForm):
    school_id = IntegerField(validators=[DataRequired()])


class NewPasswordForm(FlaskForm):
    """A password the holder chooses; set `holder` to (name, e-mail) before validating, so the
    policy can refuse a password made of them."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    repeat = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )
    holder: tuple[str, str] = ("", "")

    def validate_password(self, field):
        problem = password_problem(field.data or "", *self.holder)
        if problem is not None:
            raise ValidationError(str(problem))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
