"""Letter templates per school, and writing and filing a letter from a case."""

import io
import re
from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select

from incidents.audit.record import audit
from incidents.core import clock
from incidents.core.pdf import render_pdf
from incidents.correspondence.models import Attachment
from incidents.correspondence.operations import record_correspondence
from incidents.evidence.storage import store_stream
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import complete_followup
from incidents.letters import sandbox
from incidents.letters.context import Extra, build_context, long_date
from incidents.letters.models import LetterTemplate
from incidents.letters.registry import KINDS, completes
from incidents.sanctions.models import DECIDED_STATES
from incidents.sanctions.staff_operations import attach_intent_letter

INTENT_LETTER = "intended_measure"  # filed, it starts the staff response term (staff_operations)

PDF_TYPES = frozenset({"application/pdf"})
BEFORE_DECISION_LETTERS = ("hearing_invitation", INTENT_LETTER)
MAX_PDF_BYTES = 20 * 1024 * 1024


# --- templates per school ------------------------------------------------------------


def school_overrides(school_id):
    rows = db.session.scalars(select(LetterTemplate).where(LetterTemplate.school_id == school_id))
    return {row.key: row for row in rows if row.key in KINDS}


def template_for(school_id, key):
    """(subject, body, own row or None) of letter `key` at this school."""
    row = db.session.scalar(
        select(LetterTemplate).where(LetterTemplate.school_id == school_id, LetterTemplate.key == key)
    )
    if row is not None:
        return row.subject, row.body, row
    kind = KINDS[key]
    return kind.subject, kind.body, None


def save_template(school, user, key, subject, body):
    """Store the school's own version; the form has already checked that it renders."""
    _subject, _body, row = template_for(school.id, key)
    if row is None:
        row = LetterTemplate(school_id=school.id, key=key)
        db.session.add(row)
    row.subject, row.body = subject, body
    row.updated_at, row.updated_by_id = clock.utc_now(), user.id
    db.session.flush()
    audit("letter_template.save", row, detail=f"key={key}")
    return row


def restore_default(school, key):
    _subject, _body, row = template_for(school.id, key)
    if row is None:
        return False
    audit("letter_template.restore", row, detail=f"key={key}")
    db.session.delete(row)
    db.session.flush()
    return True


# --- writing a letter ----------------------------------------------------------------


@dataclass(frozen=True)
class LetterChoice:
    """What the writer chose: the letter, who it is about and to, and typed-in fields."""

    key: str
    concerns: object  # Person the letter is about (pupil or staff member)
    addressee: object | None  # Person receiving it, or None for an outside body
    addressee_name: str
    sanction: object | None = None
    extra: Extra = Extra()

    @property
    def kind(self):
        return KINDS[self.key]


def sanction_fits(kind, sanction):
    """Whether `sanction` is one this letter can be about."""
    if kind.sanction == "none":
        return False
    if kind.measures and sanction.measure not in kind.measures:
        return False
    if kind.subject_kinds and sanction.subject_kind not in kind.subject_kinds:
        return False
    if kind.key in BEFORE_DECISION_LETTERS:
        return sanction.state in ("proposed", "hearing")
    return sanction.state in DECIDED_STATES  # a decision is written once it is taken


def compose(case, user, role, choice):
    """(subject, body) of the letter filled in for this case; LetterTemplateError if the
    school's template cannot be filled in."""
    subject_source, body_source, _row = template_for(case.school_id, choice.key)
    context = build_context(
        case,
        concerns=choice.concerns,
        addressee_name=choice.addressee_name,
        sender=user,
        sender_role=role,
        sanction=choice.sanction,
        extra=choice.extra,
    )
    subject = " ".join(sandbox.render(subject_source, context).split())
    return subject[:200], sandbox.render(body_source, context)


def paragraphs(text):
    """Paragraphs of a plain-text letter: split on blank lines."""
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def letter_vars(case, choice, subject, body):
    """What templates/letters/_letter.html needs."""
    return {
        "school": case.school,
        "case": case,
        "choice": choice,
        "subject": subject,
        "body": body,
        "today": clock.today(),
        "long_date": long_date,
        "paragraphs": paragraphs,
    }


def letter_html(case, choice, subject, body):
    """The complete HTML document of a letter, for WeasyPrint."""
    return render_template("letters/document.html", **letter_vars(case, choice, subject, body))


def _store_pdf(pdf):
    return store_stream(io.BytesIO(pdf), MAX_PDF_BYTES, allowed=PDF_TYPES)


def _complete_followups(case, user, choice):
    if choice.sanction is None or not choice.kind.completes:
        return []
    items = db.session.scalars(
        select(Followup).where(Followup.sanction_id == choice.sanction.id, Followup.status == "open")
    ).all()
    done = [item for item in items if completes(choice.kind, item.kind)]
    for item in done:
        complete_followup(item, user)
    return done


def file_letter(case, user, choice, subject, body):
    """File the letter as outgoing correspondence in the files of the addressee and the
    person concerned, with its PDF attached; complete the follow-ups it fulfils.

    The PDF lands in the write-once store before the commit; if the transaction rolls
    back, an unreferenced file stays behind, as with evidence uploads.
    """
    kind = choice.kind
    concerns = [choice.concerns.id]
    if choice.addressee is not None:
        concerns.append(choice.addressee.id)
    record = record_correspondence(
        case,
        user,
        kind="letter",
        direction="out",
        occurred_on=clock.today(),
        subject=subject,
        body=body,
        sender=user.name,
        recipient=choice.addressee_name,
        concerns=concerns,
        purpose=kind.purpose,
        sanction=choice.sanction,
    )
    pdf = render_pdf(letter_html(case, choice, subject, body))
    stored = _store_pdf(pdf)
    attachment = Attachment(
        sha256=stored.sha256,
        size=stored.size,
        content_type=stored.content_type,
        filename=kind.file_name(case.reference),
        added_at=clock.utc_now(),
    )
    record.attachments.append(attachment)
    done = _complete_followups(case, user, choice)
    if kind.key == INTENT_LETTER:
        attach_intent_letter(choice.sanction, record)
    db.session.flush()
    detail = f"key={kind.key} attachment={attachment.id}"
    if choice.sanction is not None:
        detail += f" sanction={choice.sanction.id}"
    if done:
        detail += " followups=" + ",".join(str(item.id) for item in done)
    audit("letter.filed", record, detail=detail)
    return record
