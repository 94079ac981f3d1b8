"""The retention rules as pure functions (no Flask, no database)."""
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
