"""Write a checked plan to the database: bulk statements, the caller's one transaction.

Core executemany statements instead of ORM objects keep 10,000 rows well under a second
or two; the session is expired afterwards so later ORM reads see the new state.
"""

from sqlalchemy import bindparam, delete, exists, insert, select, text, update

from incidents.audit.record import audit
from incidents.core import clock
from incidents.extensions import db
from incidents.people.models import Guardianship, Person
from incidents.schools.models import Group

CHUNK = 1000


class PlanHasErrors(ValueError):
    pass


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk_update(table, rows):
    """Executemany UPDATE by id, one statement per distinct set of columns."""
    by_keys = {}
    for row in rows:
        by_keys.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for keys, group in by_keys.items():
        statement = update(table).where(table.c.id == bindparam("_id")).values({k: bindparam(f"v_{k}") for k in keys})
        db.session.execute(statement, [{"_id": r["id"], **{f"v_{k}": r[k] for k in keys}} for r in group])


def _insert_parents(school, parents):
    """Insert parent rows; returns {plan key: new id}."""
    keys = list(parents)
    rows = [{"school_id": school.id, **parents[k]} for k in keys]
    people = Person.__table__
    if db.engine.dialect.name == "postgresql":
        # Taking the ids from the sequence first lets a plain executemany insert them,
        # three times faster than INSERT ... RETURNING for 20,000 rows.
        ids = db.session.scalars(
            text("SELECT nextval(pg_get_serial_sequence('people', 'id')) FROM generate_series(1, :n)"), {"n": len(rows)}
        ).all()
        for row, new_id in zip(rows, ids, strict=True):  # one id per row: generate_series(1, len(rows))
            row["id"] = new_id
        db.session.execute(insert(people), rows)
        return dict(zip(keys, ids, strict=True))
    result = db.session.execute(insert(people).returning(people.c.id, sort_by_parameter_order=True), rows)
    return dict(zip(keys, result.scalars().all(), strict=True))  # one id per row, in order


def _mark_parents(people, guardianships, unlinked, linked):
    """A parent left without a child gets today as leaving day, from which retention counts;
    a parent linked to a child again is no longer leaving."""
    for chunk in _chunks(linked):
        db.session.execute(
            update(people).where(people.c.id.in_(chunk), people.c.left_on.is_not(None)).values(left_on=None)
        )
    childless = ~exists().where(guardianships.c.parent_id == people.c.id)
    for chunk in _chunks(unlinked - set(linked)):
        db.session.execute(update(people).where(people.c.id.in_(chunk), childless).values(left_on=clock.today()))


def apply_plan(school, plan, user=None):
    """Import `plan` into `school` (flushes, never commits). Returns the counts."""
    if not plan.ok:
        raise PlanHasErrors(len(plan.errors))
    _write_people(school, plan, _group_ids(school, plan.new_groups))
    _write_parents(school, plan)

    counts = plan.counts()
    audit(
        "roster.import",
        object_type="schools",
        object_id=school.id,
        school_id=school.id,
        user=user,
        detail=f"kind={plan.kind} " + " ".join(f"{k}={v}" for k, v in counts.items()),
    )
    db.session.flush()
    db.session.expire_all()  # the bulk statements bypassed the identity map
    return counts


def _group_ids(school, new_groups):
    """{group name: id} of the school's groups, after inserting `new_groups`."""
    if new_groups:
        db.session.execute(insert(Group.__table__), [{"school_id": school.id, "name": n} for n in new_groups])
    return dict(db.session.execute(select(Group.name, Group.id).where(Group.school_id == school.id)).all())


def _person_columns(values, group_ids):
    """A plan's person values as table columns: the group name becomes its group_id."""
    row = {k: v for k, v in values.items() if k != "group"}
    if "group" in values:
        row["group_id"] = group_ids[values["group"]] if values["group"] else None
    return row


def _write_people(school, plan, group_ids):
    """The pupils or staff: added, changed, and marked as left."""
    people = Person.__table__
    if plan.inserts:
        db.session.execute(
            insert(people), [{"school_id": school.id, **_person_columns(v, group_ids)} for v in plan.inserts]
        )
    if plan.updates:
        _bulk_update(people, [_person_columns(v, group_ids) for v in plan.updates])
    for chunk in _chunks(plan.left_ids):
        db.session.execute(update(people).where(people.c.id.in_(chunk)).values(left_on=clock.today()))


def _write_parents(school, plan):
    """Parents and their links to pupils; then the leaving day of parents who lost or regained a child."""
    people = Person.__table__
    guardianships = Guardianship.__table__
    if plan.parent_updates:
        _bulk_update(people, [{"id": pid, **changes} for pid, changes in plan.parent_updates.items()])
    new_parent_ids = {}
    if plan.parent_inserts:
        new_parent_ids = _insert_parents(school, plan.parent_inserts)
    if plan.links:
        _insert_links(school, plan.links, new_parent_ids)
    if plan.authority_updates:
        _bulk_update(guardianships, [{"id": gid, "parental_authority": value} for gid, value in plan.authority_updates])
    unlinked_parents = _delete_links(guardianships, plan.unlinks)
    _mark_parents(
        people,
        guardianships,
        unlinked_parents,
        {parent[1] for _pupil, parent, _auth in plan.links if parent[0] == "id"},
    )


def _ref_id(ref, new_ids):
    """The id a plan reference stands for: ("id", id) as is, ("new", key) through `new_ids`."""
    return new_ids[ref[1]] if ref[0] == "new" else ref[1]


def _insert_links(school, links, new_parent_ids):
    """Guardianship rows for the plan's links; new pupils are found by their number."""
    pupil_ids = {}
    if any(ref[0] == "new" for ref, _parent, _auth in links):
        pupil_ids = dict(
            db.session.execute(
                select(Person.external_number, Person.id).where(
                    Person.school_id == school.id, Person.kind == "pupil", Person.external_number.is_not(None)
                )
            ).all()
        )
    db.session.execute(
        insert(Guardianship.__table__),
        [
            {
                "pupil_id": _ref_id(pupil, pupil_ids),
                "parent_id": _ref_id(parent, new_parent_ids),
                "parental_authority": authority,
            }
            for pupil, parent, authority in links
        ],
    )


def _delete_links(guardianships, unlinks):
    """Delete the guardianships `unlinks`; returns the ids of the parents they linked."""
    unlinked_parents = set()
    for chunk in _chunks(unlinks):
        unlinked_parents |= set(
            db.session.scalars(select(guardianships.c.parent_id).where(guardianships.c.id.in_(chunk)))
        )
        db.session.execute(delete(guardianships).where(guardianships.c.id.in_(chunk)))
    return unlinked_parents
