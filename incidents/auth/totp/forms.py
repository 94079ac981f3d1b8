from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length


class EnrolForm(FlaskForm):
    # The new secret, encrypted by the server (the page also shows it): the client cannot choose it.
    sealed_secret = HiddenField()
    next = HiddenField()
    code = StringField(_l("Code from the app"), validators=[DataRequired(), Length(max=20)])


class CodeForm(FlaskForm):
    next = HiddenField()
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    remember = BooleanField(_l("Remember this browser for 14 days"))


class StepUpForm(FlaskForm):
    next = HiddenField()
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
