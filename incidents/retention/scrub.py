"""Removing the names of deleted people from free text that retention keeps.

A case with someone left stays, and so do its timeline, description, kept correspondence,
notices and e-mails to people who stay. Their text may name the person being deleted
("Ouders van Jan de Vries geïnformeerd"). Before the person row goes, every such text of the
school is rewritten: the deleted person's full name becomes "[verwijderd]" anywhere in the
school; their first and last name on their own only in the cases connected to them (involved,
or a child/parent involved, or correspondence/notices about them), and not where someone who
stays in that case carries the same name part (a sibling's shared last name).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import InstrumentedAttribute

from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.correspondence.models import Correspondence, Filing, ParentContactWaiver
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Guardianship, Person
from incidents.police.models import PoliceReport
from incidents.retention.rules import name_pattern, scrub
from incidents.sanctions.models import Sanction

# The models whose text is scrubbed: each has an `id`, each but Case a `case_id`.
TextModel = (
    type[Case]
    | type[CaseEvent]
    | type[Correspondence]
    | type[ParentContactWaiver]
    | type[Sanction]
    | type[PoliceReport]
    | type[Followup]
    | type[Notice]
    | type[OutboxMessage]
)
PatternFor = Callable[[int | None], re.Pattern[str] | None]  # by case id (an e-mail may have no case)

# Free-text columns of rows that belong to a case: (model, text columns).
CASE_TEXTS: tuple[tuple[TextModel, tuple[str, ...]], ...] = (
    (Case, ("description",)),
    (CaseEvent, ("note",)),
    (Correspondence, ("subject", "body", "sender", "recipient")),
    (ParentContactWaiver, ("reason",)),
    (Sanction, ("justification", "reasons", "grounds", "override_reason")),
    (PoliceReport, ("outcome", "not_filed_reason")),
    (Followup, ("note", "cancel_reason")),
    (Notice, ("subject", "body", "contact_person")),
    (OutboxMessage, ("to_name", "subject", "body_text", "body_html")),
)


def _case_column(model: TextModel) -> InstrumentedAttribute[int] | InstrumentedAttribute[int | None]:
    return model.id if issubclass(model, Case) else model.case_id  # issubclass (not `is`) narrows the type


def _connected_cases(school_id: int, leaving: set[int]) -> dict[int, set[int]]:
    """{case id: ids of leaving people connected to it} for the school's (remaining) cases."""
    relatives: defaultdict[int, set[int]] = defaultdict(set)  # person id -> leaving people they are child or parent of
    for pupil_id, parent_id in db.session.execute(
        select(Guardianship.pupil_id, Guardianship.parent_id).where(
            Guardianship.pupil_id.in_(leaving) | Guardianship.parent_id.in_(leaving)
        )
    ):
        if pupil_id in leaving:
            relatives[parent_id].add(pupil_id)
        if parent_id in leaving:
            relatives[pupil_id].add(parent_id)
    for person_id in leaving:
        relatives[person_id].add(person_id)
    connected: defaultdict[int, set[int]] = defaultdict(set)
    for case_id, person_id in db.session.execute(
        select(Involvement.case_id, Involvement.person_id).where(Involvement.person_id.in_(relatives))
    ):
        connected[case_id] |= relatives[person_id]
    for case_id, person_id in db.session.execute(
        select(Correspondence.case_id, Filing.person_id)
        .join(Filing, Filing.correspondence_id == Correspondence.id)
        .where(Filing.person_id.in_(leaving))
    ):
        connected[case_id].add(person_id)
    for case_id, pupil_id in db.session.execute(
        select(Notice.case_id, Notice.pupil_id).where(Notice.pupil_id.in_(leaving))
    ):
        connected[case_id].add(pupil_id)
    for case_id, parent_id in db.session.execute(
        select(Notice.case_id, NoticeRecipient.parent_id)
        .join(NoticeRecipient, NoticeRecipient.notice_id == Notice.id)
        .where(NoticeRecipient.parent_id.in_(leaving))
    ):
        connected[case_id].add(parent_id)
    return connected


def _staying_names(case_ids: Collection[int], leaving: set[int]) -> defaultdict[int, set[str]]:
    """{case id: name parts of people who stay involved in it, and of their parents}."""
    names: defaultdict[int, set[str]] = defaultdict(set)
    if not case_ids:
        return names
    rows = db.session.execute(
        select(Involvement.case_id, Involvement.person_id).where(Involvement.case_id.in_(case_ids))
    ).all()
    involved = {person_id for _, person_id in rows}
    parents: defaultdict[int, set[int]] = defaultdict(set)
    for pupil_id, parent_id in db.session.execute(
        select(Guardianship.pupil_id, Guardianship.parent_id).where(Guardianship.pupil_id.in_(involved))
    ):
        parents[pupil_id].add(parent_id)
    wanted = involved | set().union(*parents.values())
    parts = {
        pid: (first, last)
        for pid, first, last in db.session.execute(
            select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(wanted))
        )
    }
    for case_id, person_id in rows:
        for pid in {person_id} | parents[person_id]:
            if pid not in leaving and pid in parts:
                names[case_id].update(parts[pid])
    return names


def scrub_names(school_id: int, leaving: Iterable[int]) -> dict[str, int]:
    """Rewrite the school's kept texts that name people in `leaving`; returns {table: rows changed}."""
    leaving = set(leaving)
    if not leaving:
        return {}
    pattern_for = _case_patterns(school_id, leaving)
    changed = {}
    for model, names in CASE_TEXTS:
        count = _scrub_table(model, names, school_id, leaving, pattern_for)
        if count:
            changed[model.__tablename__] = count
    return changed


def _case_patterns(school_id: int, leaving: set[int]) -> PatternFor:
    """A function giving, per case id, the name pattern to remove there (built once per case)."""
    people = {
        pid: (first, last)
        for pid, first, last in db.session.execute(
            select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(leaving))
        )
    }
    full_names = [f"{first} {last}" for first, last in people.values()]
    connected = _connected_cases(school_id, leaving)
    keep = _staying_names(set(connected), leaving)
    everywhere = name_pattern(full_names)
    patterns: dict[int, re.Pattern[str] | None] = {}

    def pattern_for(case_id: int | None) -> re.Pattern[str] | None:
        if case_id not in connected:
            return everywhere
        if case_id not in patterns:
            parts = [part for pid in connected[case_id] if pid in people for part in people[pid]]
            patterns[case_id] = name_pattern(full_names, parts, keep[case_id])
        return patterns[case_id]

    return pattern_for


def _scrub_table(
    model: TextModel, names: tuple[str, ...], school_id: int, leaving: set[int], pattern_for: PatternFor
) -> int:
    """Rewrite the `names` columns of the school's kept `model` rows; returns how many rows changed."""
    columns = [getattr(model, name) for name in names]
    count = 0
    for row_id, case_id, *texts in db.session.execute(_kept_texts(model, columns, school_id, leaving)):
        values = _scrubbed(columns, texts, pattern_for(case_id))
        if values:
            _rewrite(model, row_id, values)
            count += 1
    return count


def _kept_texts(
    model: TextModel, columns: Sequence[InstrumentedAttribute[Any]], school_id: int, leaving: set[int]
) -> Select[int, int | None, *tuple[Any, ...]]:
    """SELECT id, case id and `columns` of the school's `model` rows that stay."""
    case_column = _case_column(model)
    query = select(model.id, case_column, *columns)
    if model is OutboxMessage:  # e-mails without a case are scrubbed of full names too
        query = query.where(OutboxMessage.school_id == school_id)
    elif model is Notice:  # notices about them go with them
        query = query.where(Notice.pupil_id.not_in(leaving))
    if model is Case:
        query = query.where(Case.school_id == school_id)
    elif model is not OutboxMessage:
        query = query.join(Case, Case.id == case_column).where(Case.school_id == school_id)
    return query


def _scrubbed(
    columns: Sequence[InstrumentedAttribute[Any]], texts: Sequence[str | None], pattern: re.Pattern[str] | None
) -> dict[str, str]:
    """{column key: new text} for the texts that `pattern` changes (cut to the column's length)."""
    values: dict[str, str] = {}
    for column, text in zip(columns, texts, strict=True):  # texts are the selected columns, in order
        new = scrub(text, pattern)
        if new is not None and new != text:  # None only for no text, which stays None
            length = getattr(column.type, "length", None)
            values[column.key] = new[:length] if length else new
    return values


def _rewrite(model: TextModel, row_id: int, values: dict[str, str]) -> None:
    statement = update(model).where(model.id == row_id).values(values)
    if model is Case:  # an open edit form of the case must not write the name back
        statement = statement.values(version=Case.version + 1)
    db.session.execute(statement.execution_options(synchronize_session=False))
