"""Code lists for cases; codes are stored, labels are translated for display."""
from flask_babel import lazy_gettext as _l

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
    "police.open": _l("Police report considered"),
    "police.file": _l("Police report filed"),
    "police.record_outcome": _l("Police outcome recorded"),
    "police.decide_not_to_file": _l("Decided not to report to the police"),
    "police.record_support": _l("Support for the victim's report recorded"),
    "evidence.added": _l("Evidence added"),
    "evidence.exported": _l("Evidence exported for the police"),
}


def sql_in(codes):
    """Render a code list for a CHECK constraint."""
    return "(" + ", ".join(f"'{c}'" for c in codes) + ")"
