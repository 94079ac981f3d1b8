"""Display labels for workflow events, follow-up kinds and timeline entries."""
from flask_babel import lazy_gettext as _l

EVENTS = {
    "start": _l("Start handling"),
    "escalate": _l("Escalate"),
    "take_over": _l("Take over"),
    "start_monitoring": _l("Start aftercare"),
    "close": _l("Close case"),
    "dismiss": _l("Dismiss as unfounded"),
    "reopen": _l("Reopen"),
    "start_hearing": _l("Start hearing"),
    "decide": _l("Decide"),
    "notify": _l("Notified in writing"),
    "file_objection": _l("Objection received"),
    "decide_objection": _l("Decide on the objection"),
    "finalize": _l("Make final"),
    "revoke": _l("Revoke"),
    "file": _l("Report filed"),
    "record_outcome": _l("Record outcome"),
    "decide_not_to_file": _l("Decide not to report"),
    "record_support": _l("Record support for the victim's report"),
}

FOLLOWUP_KINDS = {
    "aftercare_check": _l("Check in with the pupils (aftercare)"),
    "inform_inspectie": _l("Inform the Inspectie in writing, with reasons"),
    "inform_leerplichtambtenaar": _l("Inform the leerplichtambtenaar"),
    "find_admitting_school": _l("Find a school that admits the pupil"),
    "notify_decision": _l("Tell the decision in writing"),
    "decide_sanction": _l("Decide on the sanction"),
    "decide_objection": _l("Decide on the objection"),
    "inform_board": _l("Inform the board"),
    "consult_confidential_inspector": _l("Consult the confidential inspector"),
    "inform_parents": _l("Inform the parents"),
    "inform_accused": _l("Inform the accused"),
    "support_victim_report": _l("Support the victim's report (complaint term)"),
}

# Kinds only the application plans; not offered when planning a follow-up by hand.
SYSTEM_FOLLOWUP_KINDS = {
    "manual": _l("Task"),
    "send_notice_letter": _l("Print and post the notice letter to the parents"),
}

# "overdue" is derived for display: an open follow-up past its due date.
FOLLOWUP_STATUSES = {
    "open": _l("open"),
    "overdue": _l("overdue"),
    "done": _l("done"),
    "cancelled": _l("cancelled"),
}

ASSIGNEE_ROLES = {
    "coordinator": _l("care coordinators"),
    "director": _l("directors"),
    "mentor": _l("mentors"),
}

NOTICE_KINDS = {
    "monitoring_checkin": _l("check-in notice"),
    "intended_measure": _l("intended measure"),
    "hearing_invitation": _l("invitation to a hearing"),
    "sanction_decision": _l("decision letter"),
    "objection_acknowledgement": _l("acknowledgement of the objection"),
    "objection_decision": _l("decision on the objection"),
    "sanction_revoked": _l("revocation"),
}

# How far a notice to one parent got (see NoticeRecipient.status).
NOTICE_STATUSES = {
    "queued": _l("queued"),
    "scheduled": _l("scheduled"),
    "sent": _l("sent"),
    "failed": _l("not delivered"),
    "read": _l("read"),
    "acknowledged": _l("acknowledged"),
    "letter": _l("letter"),
    "posted": _l("letter posted"),
    "cancelled": _l("cancelled"),
}

# Why a scheduled notice was cancelled: the case event that made it unwanted, or by hand.
CANCEL_REASONS = {
    "close": _l("the case was closed"),
    "dismiss": _l("the case was dismissed"),
    "escalate": _l("the case was escalated"),
    "manual": _l("cancelled by hand"),
}

NOTICE_TYPES = {
    "manual": _l("notice"),
    "monitoring_checkin": _l("check-in (aftercare)"),
}

RECIPIENTS = {
    "parents": _l("parents"),
    "pupil": _l("pupil"),
    "employee": _l("employee"),
    "leerplichtambtenaar": _l("leerplichtambtenaar"),
}


def followup_label(kind):
    if kind.startswith("notice:"):
        _prefix, notice, recipients = (kind.split(":") + ["", ""])[:3]
        return _l("Send %(notice)s to %(recipients)s", notice=NOTICE_KINDS.get(notice, notice),
                  recipients=RECIPIENTS.get(recipients, recipients))
    return FOLLOWUP_KINDS.get(kind) or SYSTEM_FOLLOWUP_KINDS.get(kind, kind)
