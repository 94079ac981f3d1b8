"""Every code list and display label of Meldpunt, in one place.

Codes are stored (and checked by CHECK constraints); labels are translated for display, in
templates (through the context processor in i18n.py), forms, letters and exports alike.
"""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# --- cases -----------------------------------------------------------------------------------

CATEGORIES = {
    "bullying": _l("Bullying"),
    "threats": _l("Threats"),
    "defamation": _l("Defamation or insult"),
    "media_without_consent": _l("Image, video or audio published without consent"),
    "sexual_intimidation": _l("Sexual intimidation"),
    "personal_data": _l("Sharing confidential or personal data"),
    "private_contact": _l("Private contact between staff and pupil"),
    "online_discussion": _l("Online discussion between staff and pupil or parent"),
    "lesson_social_media": _l("Social media during lessons"),
    "copyright": _l("Copyright"),
    "other": _l("Other"),
}

PLATFORMS = {
    "whatsapp": "WhatsApp",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "snapchat": "Snapchat",
    "youtube": "YouTube",
    "x": "X",
    "facebook": "Facebook",
    "email": _l("E-mail"),
    "other": _l("Other"),
}

SEVERITIES = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
    "critical": _l("Critical"),
}

INVOLVEMENT_ROLES = {
    "target": _l("Target"),
    "perpetrator": _l("Alleged perpetrator"),
    "witness": _l("Witness"),
    "reporter": _l("Reporter"),
}

STATES = {
    "reported": _l("Reported"),
    "in_progress": _l("In progress"),
    "escalated": _l("Escalated"),
    "monitoring": _l("Monitoring"),
    "closed": _l("Closed"),
    "dismissed": _l("Dismissed"),
}

# A school's legal status decides the objection route (workflows/legal_status.py).
LEGAL_STATUS_LABELS = {
    "special": _l("Special school (bijzonder onderwijs): objection to the board under WPO 63 / WVO 27"),
    "public": _l("Public school (openbaar onderwijs): objection under the Awb"),
}

# The Geschillencommissie passend onderwijs's advice on a removal (workflows/geschillencommissie.py).
ADVICE_OUTCOMES = {
    "well_founded": _l("Parents' request well-founded"),
    "partly_well_founded": _l("Parents' request partly well-founded"),
    "unfounded": _l("Parents' request unfounded"),
    "inadmissible": _l("Parents' request inadmissible"),
}

# Timeline entries; the workflow adds its own kinds.
EVENT_LABELS = {
    "reported": _l("Incident reported"),
    "case.start": _l("Handling started"),
    "case.escalate": _l("Escalated"),
    "case.take_over": _l("Taken over"),
    "case.start_monitoring": _l("Aftercare started"),
    "case.close": _l("Case closed"),
    "case.dismiss": _l("Dismissed as unfounded"),
    "case.reopen": _l("Reopened"),
    "correspondence.parent_contact": _l("Parents informed"),
    "correspondence.hearing": _l("Hearing report filed"),
    "correspondence.general": _l("Correspondence filed"),
    "correspondence.decision": _l("Decision letter filed"),
    "parent_contact.waived": _l("Parents not informed, reason recorded"),
    "sanction.propose": _l("Sanction proposed"),
    "sanction.start_hearing": _l("Sanction: hearing started"),
    "sanction.decide": _l("Sanction decided"),
    "sanction.notify": _l("Sanction notified"),
    "sanction.file_objection": _l("Objection received"),
    "sanction.decide_objection": _l("Objection decided"),
    "sanction.finalize": _l("Sanction final"),
    "sanction.revoke": _l("Sanction revoked"),
    "sanction.details": _l("Sanction details recorded"),
    "sanction.intent_delivery": _l("Delivery of the intended measure recorded"),
    "sanction.geschillencommissie_request": _l("Geschillencommissie: parents' request for advice received"),
    "sanction.geschillencommissie_advice": _l("Geschillencommissie: advice received"),
    "police.open": _l("Police report considered"),
    "police.file": _l("Police report filed"),
    "police.record_outcome": _l("Police outcome recorded"),
    "police.decide_not_to_file": _l("Decided not to report to the police"),
    "police.record_support": _l("Support for the victim's report recorded"),
    "police.suspicion": _l("Confidential inspector's conclusion recorded"),
    "evidence.added": _l("Evidence added"),
    "evidence.exported": _l("Evidence exported for the police"),
}


# --- timeline, workflow events, follow-ups, notices ---------------------------------------------

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
    "inform_parents_timeout": _l("Inform the parents of the time-out (the same day)"),
    "file_timeout_report": _l("File the signed time-out report in the pupil file"),
    "decide_sanction": _l("Decide on the sanction"),
    "decide_objection": _l("Decide on the objection"),
    "geschillencommissie_advice": _l("Record the Geschillencommissie's advice (due within 10 weeks)"),
    "inform_board": _l("Inform the board"),
    "consult_confidential_inspector": _l("Consult the confidential inspector"),
    "inform_parents": _l("Inform the parents"),
    "inform_accused": _l("Inform the accused"),
    "support_victim_report": _l("Support the victim's report (complaint term)"),
    "file_police_report": _l("File the police report now (reasonable suspicion)"),
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

# What a person is in the school (people.kind), shown in brackets after a name.
PERSON_KIND_LABELS = {
    "pupil": _l("pupil"),
    "staff": _l("staff"),
    "parent": _l("parent"),
}

RECIPIENTS = {
    "parents": _l("parents"),
    "pupil": _l("pupil"),
    "employee": _l("employee"),
    "leerplichtambtenaar": _l("leerplichtambtenaar"),
}


def followup_label(kind: str) -> str | LazyString:
    if kind.startswith("notice:"):
        _prefix, notice, recipients = (kind.split(":") + ["", ""])[:3]
        return _l(
            "Send %(notice)s to %(recipients)s",
            notice=NOTICE_KINDS.get(notice, notice),
            recipients=RECIPIENTS.get(recipients, recipients),
        )
    return FOLLOWUP_KINDS.get(kind) or SYSTEM_FOLLOWUP_KINDS.get(kind, kind)


# --- sanctions -------------------------------------------------------------------------------

MEASURES = {
    "warning": _l("Warning"),
    "timeout": _l("Time-out (rest of the school day)"),
    "suspension": _l("Suspension"),
    "removal": _l("Removal from school"),
    "premises_ban": _l("Ban from the school premises"),
    "reprimand": _l("Written reprimand"),
    "dismissal": _l("Dismissal"),
    "summary_dismissal": _l("Summary dismissal"),
}

SANCTION_STATES = {
    "proposed": _l("Proposed"),
    "hearing": _l("Hearing"),
    "decided": _l("Decided"),
    "notified": _l("Notified"),
    "objection_window": _l("Objection window"),
    "objection_filed": _l("Objection filed"),
    "objection_decided": _l("Objection decided"),
    "final": _l("Final"),
    "revoked": _l("Revoked"),
}

# How the intended measure of a staff sanction was sent: each leaves proof of receipt.
INTENT_SEND_METHODS = {
    "registered_letter": _l("Registered letter (with proof of delivery)"),
    "by_hand": _l("Handed over, receipt signed by the employee"),
    "email_read_receipt": _l("E-mail with read receipt"),
}

# How the employee's written response came in.
RESPONSE_KINDS = {
    "letter": _l("Letter"),
    "email": _l("E-mail"),
}

HEARING_PARTIES = {
    "teacher": _l("Teacher"),
    "parents": _l("Parents"),
    "pupil": _l("Pupil"),
    "employee": _l("Employee"),
}


# --- police reports --------------------------------------------------------------------------

OFFENCES = {
    "sr285": _l("Threats (art. 285 Sr)"),
    "sr252": _l("Sexual images of minors (art. 252 Sr)"),
    "sr139h": _l("Sharing sexual images without consent (art. 139h Sr)"),
    "sr261": _l("Defamation (art. 261 Sr)"),
    "sr262": _l("Slander (art. 262 Sr)"),
    "sr266": _l("Insult (art. 266 Sr)"),
    "sexual_offence_staff": _l("Suspected sexual offence by a staff member against a pupil"),
}

POLICE_STATES = {
    "considered": _l("Being considered"),
    "filed": _l("Filed"),
    "outcome_recorded": _l("Outcome recorded"),
    "not_filed": _l("Not filed"),
    "victim_supported": _l("Victim's report supported"),
}


# --- correspondence --------------------------------------------------------------------------

CORRESPONDENCE_KINDS = {
    "letter": _l("Letter"),
    "email": _l("E-mail"),
    "phone": _l("Phone call"),
    "meeting": _l("Meeting report"),
    "hearing": _l("Hearing report"),
}

DIRECTIONS = {
    "in": _l("Incoming"),
    "out": _l("Outgoing"),
}


# --- parent contact --------------------------------------------------------------------------

CONTACT_KINDS = {
    "phone": _l("Phone call"),
    "meeting": _l("Meeting"),
    "email": _l("E-mail"),
    "letter": _l("Letter"),
}


# --- people and roles ------------------------------------------------------------------------

ROLE_LABELS = {
    "mentor": _l("Mentor / teacher"),
    "coordinator": _l("Care coordinator"),
    "director": _l("Director"),
    "admin": _l("Administrator"),
    "privacy_officer": _l("Privacy officer"),
}

# Where an administrator's invitation stands (Membership.invitation_status).
INVITATION_STATUSES = {
    "pending": _l("invitation sent"),
    "accepted": _l("accepted"),
    "expired": _l("invitation expired"),
    "withdrawn": _l("withdrawn"),
}


# --- school calendar -------------------------------------------------------------------------

# The Rijksoverheid's regions for school holidays (schools.models.HOLIDAY_REGIONS).
HOLIDAY_REGIONS = {
    "noord": _l("Region North"),
    "midden": _l("Region Central"),
    "zuid": _l("Region South"),
}


# --- follow-up assignees ---------------------------------------------------------------------

ASSIGNEE_CHOICES = {
    "coordinator": _l("every care coordinator"),
    "director": _l("every director"),
    "mentor": _l("the mentors of this case"),  # those who may see it, see recipients_of
}


# --- outbox ----------------------------------------------------------------------------------

OUTBOX_STATUSES = {
    "pending": _l("Pending"),
    "claimed": _l("Being sent"),
    "sending": _l("Being sent"),
    "retrying": _l("Retrying"),
    "sent": _l("Sent"),
    "dead": _l("Failed"),
    "uncertain": _l("Uncertain"),
    "cancelled": _l("Cancelled"),
}

# What the administrator sees instead of the subject, which may carry case content
# (a reference and task, or a coordinator's own wording).
OUTBOX_KINDS = {
    "notice": _l("Notice to parents"),
    "followup_due": _l("Task reminder"),
    "followup_overdue": _l("Overdue task"),
    "followup_alert": _l("Overdue task alert"),
    "access_request_extension": _l("Access request: extension notice"),
    "access_request_due": _l("Access request reminder"),
    "access_request_overdue": _l("Overdue access request"),
    "invitation": _l("Invitation"),
    "password_reset": _l("Password reset"),
    "role_approval": _l("Role awaiting approval"),
    "failed_logins": _l("Failed sign-ins"),
}


# --- access requests (AVG art. 15) -----------------------------------------------------------

ACCESS_RELATIONS = {
    "parent": _l("A parent with parental authority"),
    "self": _l("The person themselves"),
}

IDENTITY_CHECKS = {
    "in_person": _l("Identity document shown in person"),
    "known_contact": _l("Known contact details (e-mail or phone in the administration)"),
    "school_account": _l("Through the school's own account or portal"),
    "other": _l("Otherwise (see the note)"),
}

NOTICE_CHANNELS = {
    "email": _l("E-mail through Meldpunt"),
    "letter": _l("Letter (sent outside Meldpunt)"),
}

ACCESS_STATUSES = {
    "open": _l("Open"),
    "overdue": _l("Overdue"),
    "answered": _l("Answered"),
}


def sql_in(codes: Iterable[str]) -> str:
    """Render a code list for a CHECK constraint."""
    return "(" + ", ".join(f"'{c}'" for c in codes) + ")"


# --- security events (incidents/audit/security.py) -------------------------------------------

# Every kind of security event, in one place: sign-in, sessions, passwords, invitations, roles,
# accounts, the second factor, SSO, throttling and refused requests. Other features record them
# with `record_security_event(kind, ...)`, which refuses a kind not listed here.
SECURITY_EVENT_LABELS = {
    "login": _l("Signed in"),
    "login.failed": _l("Sign-in failed"),
    "login.delayed": _l("Sign-in delayed after failed attempts"),
    "login.notice_sent": _l("Account holder told of failed sign-ins"),
    "logout": _l("Signed out"),
    "session_revoked": _l("Session ended by the account holder"),
    "signed_out_elsewhere": _l("Signed out everywhere else"),
    "password.set": _l("Password set through an invitation"),
    "password.changed": _l("Password changed"),
    "password.reset_requested": _l("Password reset requested"),
    "password.reset": _l("Password reset through a link"),
    "invitation.sent": _l("Invitation sent"),
    "invitation.accepted": _l("Invitation accepted"),
    "invitation.declined": _l("Invitation declined"),
    "invitation.withdrawn": _l("Invitation withdrawn"),
    "role.granted": _l("Role granted"),
    "role.approved": _l("Role approved"),
    "role.refused": _l("Role refused"),
    "role.removed": _l("Role removed"),
    "account.disabled": _l("Account disabled"),
    "account.enabled": _l("Account enabled again"),
    "second_factor.enrolled": _l("Second factor enrolled"),
    "second_factor.reset": _l("Second factor reset"),
    "second_factor.failed": _l("Second factor code refused"),
    "second_factor.recovery_used": _l("Recovery code used"),
    "sso.login": _l("Signed in with single sign-on"),
    "sso.refused": _l("Single sign-on refused"),
    "access.forbidden": _l("Page refused (403)"),
    "access.not_found": _l("Record not found (404)"),
    "audit_trail.viewed": _l("Audit trail viewed"),
    "audit_trail.exported": _l("Audit trail exported"),
}

# Audit actions about reading records, offered as filters on the audit trail screen beside the
# security events (other actions are shown by their code).
READ_ACTION_LABELS = {
    "case.view": _l("Case opened"),
    "file.viewed": _l("Personal file opened"),
    "file.exported": _l("Personal file exported"),
    "evidence.download": _l("Evidence downloaded"),
    "attachment.downloaded": _l("Attachment downloaded"),
    "access_register.viewed": _l("Access-request register viewed"),
    "access_request.viewed": _l("Access request opened"),
    "access_request.exported": _l("Access-request export made"),
}
