"""The retention rules as pure functions (no Flask, no database)."""

import re
from collections.abc import Iterable
from datetime import date


def add_years(day: date, years: int) -> date:
    """`day` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_since(left_on: date | None, retention_years: int) -> date | None:
    """The day a leaver's file may go; None while they have not left."""
    return add_years(left_on, retention_years) if left_on else None


def is_due(left_on: date | None, retention_years: int, today: date) -> bool:
    due = due_since(left_on, retention_years)
    return due is not None and due <= today


def parent_is_due(children_due: list[bool], own_due: bool) -> bool:
    """A parent goes when none of their children remain: all are due (and they have at least one).

    A parent without any child on record goes on their own leaving date, if one is set.
    """
    if children_due:
        return all(children_due)
    return own_due


def cases_left_empty(involved: dict[int, set[int]], leaving: set[int]) -> set[int]:
    """Cases (id -> involved person ids) in which no involved person remains once `leaving` go."""
    return {case_id for case_id, people in involved.items() if people and people <= leaving}


def only_concerns_leavers(filed_for: dict[int, set[int]], leaving: set[int]) -> set[int]:
    """Correspondence (id -> people it is filed for) that concerns nobody but people who leave."""
    return {record_id for record_id, people in filed_for.items() if people and people <= leaving}


REMOVED = "[verwijderd]"


def name_pattern(
    full_names: Iterable[str], parts: Iterable[str] = (), keep: Iterable[str] = ()
) -> re.Pattern[str] | None:
    """A regex matching the names of deleted people in free text, or None when there is nothing to match.

    `full_names` ("Jan de Vries") match case-insensitively with any white space between the words;
    `parts` (a first or last name on its own) match case-sensitively, so the name "Wit" does not take
    the word "wit" with it. A part that is also a name part of someone who stays (`keep`, e.g. a
    sibling's shared last name) is left alone. Matches are whole words only.
    """
    keep = {k.casefold() for k in keep}
    fulls = sorted({" ".join(n.split()) for n in full_names if n and n.strip()}, key=len, reverse=True)
    singles = sorted(
        {p.strip() for p in parts if p and len(p.strip()) >= 2 and p.strip().casefold() not in keep} - set(fulls),
        key=len,
        reverse=True,
    )
    words = r"\s+".join  # any white space between the words of a name
    alternatives = ["(?i:" + words(map(re.escape, n.split())) + ")" for n in fulls]
    alternatives += [words(map(re.escape, p.split())) for p in singles]
    if not alternatives:
        return None
    # A hyphen joins a name ("Jan-Willem" is someone else than "Jan").
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def scrub(text: str | None, pattern: re.Pattern[str] | None) -> str | None:
    """`text` with every match of `pattern` replaced by REMOVED (None and empty text unchanged)."""
    if not text or pattern is None:
        return text
    return pattern.sub(REMOVED, text)
