"""The letters Meldpunt ships: key, title, default subject, merge fields and filing rules.

The default bodies live in `defaults/<key>.j2`; a school's own version (a LetterTemplate
row) replaces a default for that school only.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

DEFAULTS_DIR = Path(__file__).parent / "defaults"

# Every field is always present in the context (empty when it does not apply), so a
# default never fails on a case without, say, a sanction. Descriptions for the edit page.
FIELDS = {
    "school_name": _l("Name of the school"),
    "today": _l("Today's date, written out (16 november 2026)"),
    "case_reference": _l("Case reference (2026-0042)"),
    "category": _l("Category of the incident"),
    "incident_date": _l("Date of the incident"),
    "person_name": _l("Name of the pupil or staff member the letter is about"),
    "group": _l("Group (class) of the pupil"),
    "addressee_name": _l("Name of the addressee (e.g. the parent)"),
    "measure": _l("The sanction's measure"),
    "start_date": _l("First day of the measure"),
    "end_date": _l("Last day of the measure"),
    "start_time": _l("Time the measure started (time-out)"),
    "days": _l("Number of school days of the measure"),
    "reasons": _l("Written reasons of the decision"),
    "decision_date": _l("Date of the decision"),
    "objection_deadline": _l("Last day to object"),
    "objection_board": _l("The board objections are sent to"),
    "admitting_school": _l("School that admits the pupil (removal)"),
    "response_weeks": _l("Weeks the employee has to respond to an intended measure (school setting)"),
    "court_deadline": _l("Last day to ask the kantonrechter to annul a summary dismissal"),
    "objection_procedure": _l("How the board handles an objection (follows the school's legal status)"),
    "geschillencommissie": _l("The parents' right to ask the Geschillencommissie for advice (removal)"),
    "coordinator_name": _l("Name of the anti-bullying coordinator"),
    "coordinator_contact": _l("Sentence naming the anti-bullying coordinator as the parents' contact"),
    "hearing_date": _l("Date of the hearing (entered when writing the letter)"),
    "hearing_time": _l("Time of the hearing (entered when writing the letter)"),
    "hearing_place": _l("Place of the hearing (entered when writing the letter)"),
    "sender_name": _l("Name of the person sending the letter"),
    "sender_role": _l("Role of the sender"),
}
COMMON = (
    "school_name",
    "today",
    "case_reference",
    "category",
    "incident_date",
    "person_name",
    "group",
    "addressee_name",
    "sender_name",
    "sender_role",
)
SANCTION = (
    "measure",
    "start_date",
    "end_date",
    "days",
    "reasons",
    "decision_date",
    "objection_deadline",
    "objection_board",
)
# A decision about a pupil: the objection route of the school, and whom the parents can ask.
PUPIL_DECISION = ("objection_procedure", "coordinator_contact")
HEARING = ("hearing_date", "hearing_time", "hearing_place")


@dataclass(frozen=True)
class LetterKind:
    key: str
    title: object  # lazy string
    subject: str  # default subject, itself a template
    purpose: str  # Correspondence.purpose of the filed letter
    fields: tuple[str, ...]
    sanction: str = "none"  # "none", "optional" or "required"
    measures: tuple[str, ...] = ()  # measures this letter is for (empty: any)
    subject_kinds: tuple[str, ...] = ()  # kinds of sanction subject (empty: any)
    required: tuple[str, ...] = ()  # form fields the writer must fill in
    addressee: str | None = None  # fixed addressee outside the case (Inspectie ...)
    # Open follow-ups of the chosen sanction that filing this letter completes.
    completes: tuple[str, ...] = ()

    @property
    def body(self):
        return default_body(self.key)

    def file_name(self, reference: str) -> str:
        """The PDF's name: parents and staff receive it, so it is Dutch whatever the UI language."""
        return f"brief-{reference}-{FILE_NAMES[self.key]}.pdf"


# Dutch, ASCII-only words for the letter file names (a key stays English in code and database).
FILE_NAMES = {
    "parents_informed": "ouders-geinformeerd",
    "hearing_invitation": "uitnodiging-gesprek",
    "intended_measure": "voornemen-maatregel",
    "suspension_decision": "schorsingsbesluit",
    "removal_decision": "verwijderingsbesluit",
    "reprimand": "berisping",
    "summary_dismissal": "ontslag-op-staande-voet",
    "timeout_report": "melding-time-out",
    "inspectie": "melding-inspectie",
    "leerplicht": "melding-leerplicht",
}


KINDS = {
    k.key: k
    for k in (
        LetterKind(
            "parents_informed",
            _l("Parents informed of an incident"),
            "Incident met {{ person_name }} (kenmerk {{ case_reference }})",
            "parent_contact",
            COMMON,
        ),
        LetterKind(
            "hearing_invitation",
            _l("Invitation to a hearing"),
            "Uitnodiging voor een gesprek (kenmerk {{ case_reference }})",
            "general",
            COMMON + ("measure",) + HEARING,
            sanction="optional",
            required=HEARING,
            completes=("notice:hearing_invitation:",),
        ),
        LetterKind(
            "intended_measure",
            _l("Intended disciplinary measure (voornemen)"),
            "Voornemen tot {{ measure|lower }} (kenmerk {{ case_reference }})",
            "general",
            COMMON + ("measure", "start_date", "end_date", "reasons", "response_weeks"),
            sanction="required",
            measures=("warning", "reprimand", "suspension", "dismissal"),
            subject_kinds=("staff",),
            completes=("notice:intended_measure:",),
        ),
        LetterKind(
            "suspension_decision",
            _l("Suspension decision"),
            "Besluit tot schorsing van {{ person_name }}",
            "decision",
            COMMON + SANCTION + PUPIL_DECISION,
            sanction="required",
            measures=("suspension",),
            subject_kinds=("pupil",),
            completes=("notify_decision", "notice:sanction_decision:"),
        ),
        LetterKind(
            "removal_decision",
            _l("Removal decision"),
            "Besluit tot verwijdering van {{ person_name }}",
            "decision",
            COMMON + SANCTION + PUPIL_DECISION + ("admitting_school", "geschillencommissie"),
            sanction="required",
            measures=("removal",),
            subject_kinds=("pupil",),
            completes=("notify_decision", "notice:sanction_decision:"),
        ),
        LetterKind(
            "reprimand",
            _l("Written reprimand"),
            "Schriftelijke berisping",
            "decision",
            COMMON + SANCTION,
            sanction="required",
            measures=("reprimand",),
            subject_kinds=("staff",),
            completes=("notify_decision", "notice:sanction_decision:"),
        ),
        LetterKind(
            "summary_dismissal",
            _l("Summary dismissal"),
            "Ontslag op staande voet",
            "decision",
            COMMON + ("measure", "reasons", "decision_date", "court_deadline"),
            sanction="required",
            measures=("summary_dismissal",),
            subject_kinds=("staff",),
            completes=("notify_decision", "notice:sanction_decision:"),
        ),
        LetterKind(
            "timeout_report",
            _l("Time-out report (signed by pupil and parents)"),
            "Verslag time-out {{ person_name }} ({{ start_date }})",
            "general",
            COMMON + SANCTION + ("start_time",),
            sanction="required",
            measures=("timeout",),
            subject_kinds=("pupil",),
            completes=("file_timeout_report",),
        ),
        LetterKind(
            "inspectie",
            _l("Letter to the Inspectie"),
            "Melding {{ measure|lower }} leerling (kenmerk {{ case_reference }})",
            "general",
            COMMON + SANCTION,
            sanction="required",
            measures=("suspension", "removal"),
            subject_kinds=("pupil",),
            addressee="Inspectie van het Onderwijs",
            completes=("inform_inspectie",),
        ),
        LetterKind(
            "leerplicht",
            _l("Notice to the leerplichtambtenaar"),
            "Melding {{ measure|lower }} leerling (kenmerk {{ case_reference }})",
            "general",
            COMMON + SANCTION + ("admitting_school",),
            sanction="required",
            measures=("suspension", "removal"),
            subject_kinds=("pupil",),
            addressee="De leerplichtambtenaar",
            completes=("inform_leerplichtambtenaar",),
        ),
    )
}


@cache
def default_body(key):
    return (DEFAULTS_DIR / f"{key}.j2").read_text(encoding="utf-8")


def completes(kind, followup_kind):
    """Whether filing a letter of `kind` completes a follow-up of `followup_kind`."""
    return any(followup_kind == c or (c.endswith(":") and followup_kind.startswith(c)) for c in kind.completes)
