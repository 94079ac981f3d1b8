"""Validate every row of a parsed roster and work out what an import would do.

The plan is computed from a few bulk reads (people, groups, parents, guardianships of the
school) and holds both what the preview shows and what `apply.py` writes. Nothing here
writes to the database, so a dry run is just building the plan.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from incidents.core import clock
from incidents.core.reasons import N_
from incidents.extensions import db
from incidents.people.models import Guardianship, Person
from incidents.roster.parse import RosterFileError, parse_roster
from incidents.schools.models import Group

FIELD_LABELS = {
    "first_name": N_("first name"),
    "last_name": N_("last name"),
    "date_of_birth": N_("date of birth"),
    "group": N_("group"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "job_title": N_("job title"),
    "left_on": N_("left on"),
    "parents": N_("parents"),
}
LIMITS = {"number": 40, "first_name": 100, "last_name": 100, "group": 50, "email": 254, "phone": 40, "job_title": 100}
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar"}
_EMAIL = re.compile(r"^[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+$")
_PHONE = re.compile(r"^[0-9+() ./-]+$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]\d{1,2}:\d{2}(?::\d{2})?)?$")


class RowProblem(ValueError):
    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


@dataclass
class RowError:
    row: int | None  # spreadsheet row (header = 1); None for the file as a whole
    message: str  # English template, translated when shown
    params: dict = field(default_factory=dict)

    def english(self):
        return self.message % self.params if self.params else self.message


@dataclass
class Entry:
    """One line of the preview."""

    row: int | None
    number: str
    name: str
    group: str | None = None
    fields: list = field(default_factory=list)


@dataclass
class Plan:
    kind: str | None = None
    complete: bool = True
    encoding: str | None = None
    delimiter: str | None = None
    ignored_columns: list = field(default_factory=list)
    rows: int = 0
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0
    left: list = field(default_factory=list)
    new_groups: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # What apply.py writes.
    inserts: list = field(default_factory=list)  # person values; "group" is a name
    updates: list = field(default_factory=list)  # {"id": ..., changed values}
    left_ids: list = field(default_factory=list)
    parent_inserts: dict = field(default_factory=dict)  # key -> person values
    parent_updates: dict = field(default_factory=dict)  # parent id -> changed values
    links: list = field(default_factory=list)  # (pupil ref, parent ref, authority); refs: ("id"|"new", x)
    authority_updates: list = field(default_factory=list)  # (guardianship id, bool)
    unlinks: list = field(default_factory=list)  # guardianship ids

    @property
    def ok(self):
        return not self.errors

    @property
    def parents_added(self):
        return len(self.parent_inserts)

    def counts(self):
        return {
            "rows": self.rows,
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "left": len(self.left),
            "groups": len(self.new_groups),
            "parents": self.parents_added,
        }


# --- cell checks -----------------------------------------------------------------


def parse_date(text):
    match = _DMY.match(text)
    if match:
        day, month, year = (int(x) for x in match.groups())
    else:
        match = _YMD.match(text)
        if not match:
            raise ValueError(text)
        year, month, day = (int(x) for x in match.groups())
    return date(year, month, day)


def _date(text, label):
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError:
        raise RowProblem(
            N_("%(column)s '%(value)s' is not a date (use dd-mm-yyyy)."), column=label, value=text
        ) from None
    if value.year < 1900:
        raise RowProblem(N_("%(column)s '%(value)s' is not a date (use dd-mm-yyyy)."), column=label, value=text)
    return value


def _text(value, key, label):
    if len(value) > LIMITS[key]:
        raise RowProblem(N_("%(column)s is longer than %(max)s characters."), column=label, max=LIMITS[key])
    return value or None


def _email(value, label):
    value = value.strip().lower()
    if value and not _EMAIL.match(value):
        raise RowProblem(N_("%(column)s '%(value)s' is not an e-mail address."), column=label, value=value)
    return _text(value, "email", label)


def _phone(value, label):
    if value and not _PHONE.match(value):
        raise RowProblem(N_("%(column)s '%(value)s' is not a phone number."), column=label, value=value)
    return _text(value, "phone", label)


def _authority(value, label):
    lowered = value.strip().lower()
    if not lowered:
        return None
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise RowProblem(N_("%(column)s '%(value)s' is not ja or nee."), column=label, value=value)


def join_name(infix, last):
    return " ".join(p for p in (infix, last) if p)


def split_name(full):
    """'Jan de Vries' -> ('Jan', 'de Vries'); 'Vries, Jan de' -> ('Jan de', 'Vries')."""
    if "," in full:
        last, first = (p.strip() for p in full.split(",", 1))
        return first, last
    parts = full.split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def _same_name(first_a, last_a, first_b, last_b):
    return " ".join(f"{first_a} {last_a}".split()).casefold() == " ".join(f"{first_b} {last_b}".split()).casefold()


# --- the plan ----------------------------------------------------------------------


def build_plan(school, raw, complete=True):
    """A Plan for importing `raw` (the file's bytes) into `school`; errors inside the plan."""
    plan = Plan(complete=complete)
    try:
        parsed = parse_roster(raw)
    except RosterFileError as error:
        plan.errors.append(RowError(None, error.message, error.params))
        return plan
    plan.kind, plan.encoding, plan.delimiter = parsed.kind, parsed.encoding, parsed.delimiter
    plan.ignored_columns, plan.rows = parsed.ignored, len(parsed.rows)
    _Planner(school, parsed, plan).run()
    return plan


class _Planner:
    def __init__(self, school, parsed, plan):
        self.school, self.parsed, self.plan = school, parsed, plan
        self.kind = parsed.kind
        self.fields = parsed.fields
        self.today = clock.today()
        P = Person
        existing = db.session.execute(
            select(
                P.id,
                P.external_number,
                P.first_name,
                P.last_name,
                P.date_of_birth,
                P.group_id,
                P.email,
                P.phone,
                P.job_title,
                P.left_on,
            ).where(P.school_id == school.id, P.kind == self.kind, P.external_number.is_not(None))
        ).all()
        self.existing = {r.external_number: r for r in existing}
        groups = db.session.execute(select(Group.id, Group.name).where(Group.school_id == school.id)).all()
        self.group_names = dict(groups)
        self.group_ids = {name: gid for gid, name in groups}
        self.parents_by_pupil = {}
        self.parents = {}
        self.parent_by_email = {}
        if self.kind == "pupil" and parsed.parent_slots:
            for r in db.session.execute(
                select(P.id, P.first_name, P.last_name, P.email, P.phone).where(
                    P.school_id == school.id, P.kind == "parent"
                )
            ):
                self.parents[r.id] = r
                if r.email:
                    self.parent_by_email.setdefault(r.email.lower(), r.id)
            for r in db.session.execute(
                select(Guardianship.id, Guardianship.pupil_id, Guardianship.parent_id, Guardianship.parental_authority)
                .join(Person, Person.id == Guardianship.pupil_id)
                .where(Person.school_id == school.id)
            ):
                self.parents_by_pupil.setdefault(r.pupil_id, []).append(r)

    def run(self):
        plan = self.plan
        seen = {}
        for rownum, row in self.parsed.rows:
            try:
                number = row["number"]
                if not number:
                    raise RowProblem(N_("The row has no %(column)s."), column=self._number_label())
                _text(number, "number", self._number_label())
                if number in seen:
                    raise RowProblem(
                        N_("Number %(number)s appears more than once (also on row %(other)s)."),
                        number=number,
                        other=seen[number],
                    )
                seen[number] = rownum
                self._row(rownum, number, row)
            except RowProblem as problem:
                plan.errors.append(RowError(rownum, problem.message, problem.params))
        if plan.complete:
            for number, person in self.existing.items():
                if number not in seen and person.left_on is None:
                    plan.left_ids.append(person.id)
                    plan.left.append(
                        Entry(
                            None,
                            number,
                            f"{person.first_name} {person.last_name}",
                            self.group_names.get(person.group_id),
                        )
                    )
        plan.left.sort(key=lambda e: e.number)

    def _number_label(self):
        return "Leerlingnummer" if self.kind == "pupil" else "Personeelsnummer"

    def _wanted(self, row):
        """The person's values from this row, for the columns the file has."""
        first = _text(row["first_name"], "first_name", "Roepnaam")
        last = _text(join_name(row.get("infix", ""), row["last_name"]), "last_name", "Achternaam")
        if not first or not last:
            raise RowProblem(N_("The row has no %(column)s."), column="Roepnaam" if not first else "Achternaam")
        want = {"first_name": first, "last_name": last}
        if "date_of_birth" in self.fields:
            born = _date(row["date_of_birth"], "Geboortedatum")
            if born and born > self.today:
                raise RowProblem(
                    N_("%(column)s '%(value)s' lies in the future."), column="Geboortedatum", value=row["date_of_birth"]
                )
            want["date_of_birth"] = born
        if "group" in self.fields:
            want["group"] = _text(row["group"], "group", "Klas")
        if "email" in self.fields:
            want["email"] = _email(row["email"], "E-mail")
        if "phone" in self.fields:
            want["phone"] = _phone(row["phone"], "Telefoon")
        if "job_title" in self.fields:
            want["job_title"] = _text(row["job_title"], "job_title", "Functie")
        # Being in the export means being at school, unless it says the person left
        # (a date still to come: not yet left).
        left_on = _date(row.get("left_on", ""), "Uitschrijfdatum" if self.kind == "pupil" else "Uitdienstdatum")
        want["left_on"] = left_on if left_on and left_on <= self.today else None
        return want

    def _row(self, rownum, number, row):
        plan = self.plan
        want = self._wanted(row)
        parents = self._parents_of_row(row) if self.kind == "pupil" else None
        name = f"{want['first_name']} {want['last_name']}"
        group = want.get("group")
        if group and group not in self.group_ids and group not in plan.new_groups:
            plan.new_groups.append(group)
        current = self.existing.get(number)
        if current is None:
            values = {"kind": self.kind, "external_number": number, "search_name": name.lower(), **want}
            plan.inserts.append(values)
            plan.added.append(Entry(rownum, number, name, group))
            if parents:
                self._link_parents(("new", number), None, parents)
            return
        changes = {}
        for key, value in want.items():
            old = self.group_names.get(current.group_id) if key == "group" else getattr(current, key)
            if old != value:
                changes[key] = value
        if "first_name" in changes or "last_name" in changes:
            changes["search_name"] = name.lower()
        changed_fields = [k for k in changes if k != "search_name"]
        # A row without parents leaves the pupil's parents alone (some exports omit them, e.g. at 18).
        if parents and self._link_parents(("id", current.id), current.id, parents):
            changed_fields.append("parents")
        if changes:
            plan.updates.append({"id": current.id, **changes})
        if changed_fields:
            plan.changed.append(Entry(rownum, number, name, group, changed_fields))
        else:
            plan.unchanged += 1

    def _parents_of_row(self, row):
        parents = []
        emails = set()  # of the row's parents so far: two may not share one
        for n in self.parsed.parent_slots:
            parent = self._parent_in_slot(row, n, emails)
            if parent is not None:
                parents.append(parent)
        return parents

    def _parent_in_slot(self, row, n, emails):
        """Parent `n` of the row (its e-mail then added to `emails`), or None when the row has nothing for it."""

        def cell(key):
            return row.get(f"parent{n}.{key}", "")

        label = f"Ouder{n}"
        if not any(
            row.get(f"parent{n}.{k}")
            for k in ("name", "first_name", "infix", "last_name", "email", "phone", "authority")
        ):
            return None
        if cell("first_name") or cell("last_name"):
            first, last = cell("first_name"), join_name(cell("infix"), cell("last_name"))
        elif cell("name"):
            first, last = split_name(cell("name"))
        else:
            raise RowProblem(N_("%(column)s has contact details but no name."), column=label)
        email = _email(cell("email"), f"{label} E-mail")
        if email and email in emails:
            raise RowProblem(N_("%(column)s has the same e-mail address as another parent on this row."), column=label)
        emails.add(email)
        return {
            "first_name": _text(first, "first_name", f"{label} Naam") or "",
            "last_name": _text(last, "last_name", f"{label} Naam") or "",
            "email": email,
            "phone": _phone(cell("phone"), f"{label} Telefoon"),
            "authority": _authority(cell("authority"), f"{label} Gezag"),
            "has_email": f"parent{n}.email" in self.fields,
            "has_phone": f"parent{n}.phone" in self.fields,
        }

    def _link_parents(self, pupil_ref, pupil_id, parents):
        """Plan parent records and links for one pupil; True when anything changes."""
        plan = self.plan
        links = list(self.parents_by_pupil.get(pupil_id, [])) if pupil_id else []
        changed = False
        for want in parents:
            match = None
            if want["email"]:
                match = next(
                    (g for g in links if (self.parents[g.parent_id].email or "").lower() == want["email"]), None
                )
            if match is None:
                match = next(
                    (
                        g
                        for g in links
                        if _same_name(
                            want["first_name"],
                            want["last_name"],
                            self.parents[g.parent_id].first_name,
                            self.parents[g.parent_id].last_name,
                        )
                    ),
                    None,
                )
            if match is not None:
                links.remove(match)
                changed |= self._update_parent(match.parent_id, want)
                if want["authority"] is not None and want["authority"] != match.parental_authority:
                    plan.authority_updates.append((match.id, want["authority"]))
                    changed = True
                continue
            authority = True if want["authority"] is None else want["authority"]
            known = self.parent_by_email.get(want["email"]) if want["email"] else None
            if known is not None:  # a sibling's parent already in Meldpunt
                self._update_parent(known, want)
                plan.links.append((pupil_ref, ("id", known), authority))
            else:
                key = want["email"] or f"{pupil_ref[1]}:{len(plan.links)}"
                if key not in plan.parent_inserts:
                    plan.parent_inserts[key] = {
                        "kind": "parent",
                        "first_name": want["first_name"],
                        "last_name": want["last_name"],
                        "search_name": f"{want['first_name']} {want['last_name']}".lower(),
                        "email": want["email"],
                        "phone": want["phone"],
                    }
                plan.links.append((pupil_ref, ("new", key), authority))
            changed = True
        # Parents the export no longer lists for this pupil lose the link (the person stays).
        for gone in links:
            plan.unlinks.append(gone.id)
            changed = True
        return changed

    def _update_parent(self, parent_id, want):
        current = self.parents[parent_id]
        changes = {}
        if not _same_name(want["first_name"], want["last_name"], current.first_name, current.last_name):
            changes.update(
                first_name=want["first_name"],
                last_name=want["last_name"],
                search_name=f"{want['first_name']} {want['last_name']}".lower(),
            )
        if want["has_email"] and want["email"] != (current.email.lower() if current.email else None):
            changes["email"] = want["email"]
        if want["has_phone"] and want["phone"] != current.phone:
            changes["phone"] = want["phone"]
        if changes:
            self.plan.parent_updates.setdefault(parent_id, {}).update(changes)
        return bool(changes)
