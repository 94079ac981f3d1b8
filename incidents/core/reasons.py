"""Readable messages for the workflows' reason codes (the workflows stay language-free)."""

from flask_babel import gettext as _
from flask_babel import ngettext

from incidents.core.vocabulary import MEASURES


def N_(message):
    """Marks a message for extraction (pybabel -k N_); translated when shown."""
    return message


MESSAGES = {
    "role_not_allowed": N_("Your role may not take this step."),
    "invalid_state": N_("This step is not possible in the current state."),
    "unknown_event": N_("Unknown step."),
    "reason_required": N_("Give a reason."),
    "reasons_required": N_("Write down the reasons for the decision."),
    "outcome_required": N_("Record the outcome."),
    "police_unit_required": N_("Fill in the police unit."),
    "report_number_required": N_("Fill in the report number."),
    "override_reason_required": N_("Explain in writing why the override is justified."),
    "already_highest_level": N_("The case is already with the director."),
    "escalation_beyond_role": N_("The case is already with the care coordinator."),
    "handled_at_higher_level": N_("The case is handled at a higher level."),
    "parents_not_informed": N_("Parents not yet informed (or no reason recorded) for: %(pupils)s."),
    "hearing_required": N_("This measure needs a hearing first."),
    "no_hearing_needed": N_("This measure needs no hearing."),
    "suspension_dates_required": N_("A suspension needs a start and end date."),
    "suspension_dates_invalid": N_("The end date lies before the start date."),
    "suspension_too_long": N_("A suspension lasts at most %(max)s school days (this one: %(school_days)s)."),
    "teacher_not_heard": N_("The teacher has not been heard yet."),
    "parents_not_heard": N_("The parents have not been heard yet."),
    "pupil_not_heard": N_("The pupil has not been heard yet."),
    "inspectie_not_consulted": N_("The Inspectie has not been consulted yet."),
    "inspectie_not_informed": N_("The Inspectie has not been informed in writing yet."),
    "adult_choice_missing": N_("Record whether the adult pupil wants the parents involved."),
    "timeout_start_time_required": N_("A time-out needs the time it starts."),
    "timeout_one_day": N_("A time-out lasts until the end of the school day: leave the end date empty."),
    "timeout_report_missing": N_("The signed time-out report has not been filed in the pupil file yet."),
    "objection_receipt_unknown": N_("The date the objection was received is not recorded."),
    "objector_not_heard": N_(
        "The objector has not been heard since the objection was received on %(received_on)s "
        "(or invited twice without coming: %(missed)s of %(needed)s invitations recorded)."
    ),
    "no_admitting_school": N_("No other school has agreed to admit the pupil yet."),
    "intent_not_sent": N_("The intended measure has not been sent in writing yet."),
    "intent_receipt_unknown": N_("Record the day the employee received the intended measure."),
    "send_method_required": N_("Choose how the letter was sent."),
    "date_required": N_("Fill in the date."),
    "date_before_proposal": N_("The date lies before the sanction was proposed."),
    "received_before_sent": N_("The date lies before the intended measure was sent."),
    "response_term_running": N_("The employee may respond until %(until)s."),
    "grounds_required": N_("State the grounds."),
    "duration_required": N_("State the duration."),
    "urgent_reason_date_required": N_("Record the day the urgent reason became known."),
    "not_immediate": N_("The urgent reason became known on %(known_on)s: the dismissal is no longer immediate."),
    "not_immediate_overridden": N_("Decided later than the day the reason became known (override recorded)."),
    "objection_window_open": N_("The objection window is open until %(until)s."),
    "objection_window_closed": N_("The objection window closed on %(deadline)s."),
    "invalid_outcome": N_("Choose upheld or overturned."),
    "geschillencommissie_advice_pending": N_(
        "The Geschillencommissie's advice is awaited (due by %(due)s): the board decides only once it is in."
    ),
    "geschillencommissie_not_a_removal": N_("The Geschillencommissie advises on a pupil's removal only."),
    "geschillencommissie_request_not_now": N_(
        "A request to the Geschillencommissie can be recorded once the removal is decided and before the "
        "objection is decided."
    ),
    "geschillencommissie_already_requested": N_("A request to the Geschillencommissie has already been recorded."),
    "geschillencommissie_no_request": N_("No request to the Geschillencommissie has been recorded."),
    "geschillencommissie_advice_already_recorded": N_("The Geschillencommissie's advice has already been recorded."),
    "geschillencommissie_advice_before_request": N_("The advice cannot predate the request (%(requested_on)s)."),
    "geschillencommissie_request_before_decision": N_(
        "The request cannot predate the removal decision (%(decided_on)s)."
    ),
    "geschillencommissie_invalid_outcome": N_("Choose the commission's advice."),
    "date_in_future": N_("The date lies in the future."),
    "unknown_kind": N_("This person cannot be given a sanction."),
    "unknown_measure": N_("This measure does not exist for this person."),
    "ladder_skip_needs_justification": N_("Earlier steps were skipped (%(skipped)s): write a justification."),
    "ladder_skipped": N_("Earlier steps on the ladder were skipped (justified)."),
    "unknown_offence": N_("Unknown offence."),
    "victim_only_offence": N_(
        "Only the victim (or the parents if under 16) can report this offence; the school records its support."
    ),
    "not_victim_only_offence": N_("The school can report this offence itself."),
    "mandatory_steps_open": N_(
        "First: inform the board, consult the confidential inspector, inform the parents and the accused."
    ),
    "reporting_obligation": N_("The confidential inspector found a reasonable suspicion: the board must report."),
    "parents_must_file": N_("The victim is under 16: the parents file the report."),
    "invalid_filed_by": N_("Choose who filed the report."),
    "known_on_required": N_("Record when the victim learned of the offence."),
    "complaint_term_expired": N_("The complaint term ended on %(deadline)s."),
    # Access requests (workflows/access_request.py).
    "access_before_receipt": N_("The date lies before the day the request was received."),
    "access_parent_pupil_16": N_(
        "The pupil was %(age)s on the day the request was received: from 16 the pupil asks for their own file."
    ),
    "access_pupil_under_16": N_(
        "The pupil was %(age)s on the day the request was received: under 16 a parent with parental authority asks."
    ),
    "access_age_unknown": N_("The pupil's date of birth is not known: record it first, so the age can be checked."),
    "access_no_parental_authority": N_("This parent has no parental authority over the pupil."),
    "access_not_a_parent": N_("This person is not a parent or guardian of the pupil."),
    "access_only_own_file": N_("A staff member asks for their own personnel file only."),
    "access_no_file_of_this_kind": N_("Access requests are registered for pupils' and staff members' files."),
    "access_extension_not_later": N_("The extended date must lie after the original due date (%(due)s)."),
    "access_extension_too_long": N_("At most three months after receipt: %(latest)s at the latest."),
    "access_extension_notice_late": N_(
        "The reason for the extension must reach the requester within the first month, by %(due)s."
    ),
    "access_already_extended": N_("The term has already been extended."),
    "access_already_answered": N_("The request has already been answered."),
    "access_no_complete_export": N_(
        "First make the export as someone who may read every record in the file (a director)."
    ),
    "access_extended_to_required": N_("Fill in the new due date."),
    "access_notice_date_required": N_("Fill in the day the reason was sent to the requester."),
    "access_no_email": N_("No e-mail address is known for the requester: send a letter and record it."),
}


# Messages with a count, in the plural form the count asks for (details: count).
COUNTED_MESSAGES = {
    "open_sanctions": lambda count: ngettext("%(num)s sanction still open.", "%(num)s sanctions still open.", count),
    "open_police_reports": lambda count: ngettext(
        "%(num)s police report still open.", "%(num)s police reports still open.", count
    ),
}


def _measure_label(code):
    return str(MEASURES.get(code, code))


# Details that carry codes, shown by their translated label.
_DETAIL_LABELS = {"skipped": _measure_label}


def _format_detail(key, value):
    label = _DETAIL_LABELS.get(key)
    if isinstance(value, (tuple, list, frozenset, set)):
        return ", ".join(label(v) if label else str(v) for v in value)
    return label(value) if label else value


def describe(code, details=None):
    """One message for a reason code, with its details filled in."""
    counted = COUNTED_MESSAGES.get(code)
    if counted is not None:
        return counted(int(((details or {}).get(code) or {}).get("count", 0)))
    message = MESSAGES.get(code)
    if message is None:
        return code.replace("_", " ")
    params = {k: _format_detail(k, v) for k, v in ((details or {}).get(code) or {}).items()}
    try:
        return _(message, **params)
    except (KeyError, ValueError):  # a detail missing from the workflow: show it unfilled
        return _(message)


def describe_all(codes, details=None):
    return [describe(code, details) for code in codes]
