"""Reference numbers per school and year, safe under concurrent reports."""

from sqlalchemy.dialects import postgresql, sqlite

from incidents.cases.models import CaseCounter
from incidents.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def next_case_number(school_id: int, year: int) -> int:
    """Atomically take the next number: one upsert, so two reports never share one."""
    insert = _INSERTS[db.session.get_bind().dialect.name]
    stmt = (
        insert(CaseCounter)
        .values(school_id=school_id, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=["school_id", "year"],
            set_={"last_number": CaseCounter.last_number + 1},
        )
        .returning(CaseCounter.last_number)
    )
    return db.session.execute(stmt).scalar_one()
