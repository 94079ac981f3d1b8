from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class ResendForm(FlaskForm):
    confirm_duplicate = BooleanField(_l("I understand this message may arrive twice"))
