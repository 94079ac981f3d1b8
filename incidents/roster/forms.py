from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired


class RosterUploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])
    complete = BooleanField(
        _l("This file lists everyone currently at school: mark people missing from it as left"), default=True
    )


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
