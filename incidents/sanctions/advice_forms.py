"""The Geschillencommissie section of the sanction page: its two forms and whether to show them."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired

from incidents.core.vocabulary import ADVICE_OUTCOMES
from workflows import geschillencommissie as GC


class AdviceRequestForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    requested_on = DateField(_l("The commission received the parents' request on"), validators=[DataRequired()])


class AdviceForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    advice_received_on = DateField(_l("Advice received on"), validators=[DataRequired()])
    advice_outcome = SelectField(
        _l("Advice of the commission"),
        choices=[("", "—"), *ADVICE_OUTCOMES.items()],
        validators=[DataRequired()],
    )


def advice_section(
    sanction: Any,
    request_form: AdviceRequestForm | None = None,
    advice_form: AdviceForm | None = None,
    advice_errors: Any = (),
) -> dict[str, Any] | None:
    """What the sanction page shows of the Geschillencommissie step; None where it does not apply."""
    if not GC.applies(sanction.subject_kind, sanction.measure):
        return None
    record = sanction.geschillencommissie_request
    return {
        "record": record,
        "due": GC.advice_due(record.requested_on) if record is not None else None,
        "can_request": record is None and sanction.state in GC.REQUEST_STATES,
        "can_record_advice": record is not None and record.advice_received_on is None and sanction.is_open,
        "request_form": request_form or AdviceRequestForm(),
        "advice_form": advice_form or AdviceForm(),
        "errors": list(advice_errors),
    }
