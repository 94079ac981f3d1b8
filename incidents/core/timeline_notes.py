"""Timeline notes that hold a code, rendered in the reader's language at display time.

A proposed sanction's note is stored as "<subject's name>: <measure code>" (sanctions/operations.py):
the code, not its label, so that a Dutch reader sees "schorsing" and an English one "Suspension",
whatever language the proposer used.
"""

from flask_babel.speaklater import LazyString

from incidents.core.vocabulary import MEASURES

MEASURE_NOTE_KINDS = ("sanction.propose",)


def sanction_note(subject_name: str, measure: str) -> str:
    """The stored note of a proposed sanction."""
    return f"{subject_name}: {measure}"


def timeline_note(kind: str, note: str | None) -> str | LazyString | None:
    """The note as shown: a measure code replaced by its label; any other note unchanged."""
    if note is None or kind not in MEASURE_NOTE_KINDS:
        return note
    name, sep, code = note.rpartition(": ")
    if not sep or code not in MEASURES:
        return note
    return f"{name}: {MEASURES[code]}"
