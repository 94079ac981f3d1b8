"""Role rules as named predicates, for views and templates alike: `can.manage_case(user, case)`.

Each answers one question for `user` at the school of the record asked about, with the role
from the user's memberships (loaded once per request by `load_current_school`), so a record of
another school answers False and nothing here queries the database. Predicates about a whole
screen take `where`: a school, a record of one, or None for the school the user works in now.
Routes still declare their policy with `@roles(...)`; the workflows keep their own role tables.
"""

from flask import g

from incidents.auth.policy import CASE_ROLES, MANAGERS

DIRECTOR = "director"
ADMIN = "admin"
PRIVACY_OFFICER = "privacy_officer"
# Who reads the audit trail (and the security events in it): directors of their school, and the
# privacy officer (functionaris gegevensbescherming) of the schools given to them.
AUDIT_TRAIL_ROLES = (DIRECTOR, PRIVACY_OFFICER)


def _school_id(where):
    if where is None:
        school = g.get("school")
        return school.id if school is not None else None
    return where.school_id if hasattr(where, "school_id") else where.id


def role_at(user, where=None):
    """The user's role at the school of `where`; None when signed out or not a member there."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    school_id = _school_id(where)
    return user.role_at(school_id) if school_id is not None else None


def use_cases(user, where=None):
    """Case work (case list, reporting, tasks): mentors, care coordinators and directors."""
    return role_at(user, where) in CASE_ROLES


def administer(user, where=None):
    """Users, groups, roster, school settings, letter templates: the functional administrator."""
    return role_at(user, where) == ADMIN


def approve_roles(user, where=None):
    """The page where roles that open case work are approved (four eyes): directors."""
    return role_at(user, where) == DIRECTOR


def see_outbox(user, where=None):
    """The outbox's failed and uncertain messages, to resend: care coordinators and directors."""
    return role_at(user, where) in MANAGERS


def see_whole_school(user, where):
    """Every case and pupil of the school: care coordinators and directors (a mentor sees own reports and groups)."""
    return role_at(user, where) in MANAGERS


def manage_case(user, case):
    """Sanctions, police reports, notices, letters, waivers, follow-up planning, evidence export and the
    notes of sanction and police steps: care coordinators and directors at the case's school."""
    return role_at(user, case) in MANAGERS


def read_staff_file(user, person):
    """A staff member's page and personnel file (HR matters): directors at that person's school."""
    return person.kind == "staff" and role_at(user, person) == DIRECTOR


def open_person(user, person):
    """A person's page and file: staff for directors only, others for case workers of the school
    (a mentor further only their groups' pupils and people in cases they see; the views check that)."""
    if person.kind == "staff":
        return read_staff_file(user, person)
    return use_cases(user, person)


def open_sanction(user, sanction):
    """A sanction's page and its steps: care coordinators and directors at its school; a staff
    member's sanction is a personnel matter, for directors only (as the staff file)."""
    if sanction.subject_kind == "staff":
        return role_at(user, sanction) == DIRECTOR
    return role_at(user, sanction) in MANAGERS


def see_sanction(user, sanction):
    """A sanction's line in the case (measure and subject): whoever works on the school's cases
    (the case page checks the case itself); a staff member's sanction directors only."""
    if sanction.subject_kind == "staff":
        return role_at(user, sanction) == DIRECTOR
    return use_cases(user, sanction)


def propose_sanction(user, subject):
    """Proposing a sanction for `subject` (a person of the case): care coordinators and directors
    at the subject's school; for a staff member directors only (a personnel matter)."""
    if subject.kind == "staff":
        return role_at(user, subject) == DIRECTOR
    return role_at(user, subject) in MANAGERS


def export_file(user, person):
    """The access-request export of a pupil's file: care coordinators and directors at the pupil's school."""
    return person.kind == "pupil" and role_at(user, person) in MANAGERS


def complete_followup(user, followup):
    """Ticking off a follow-up: its assignee or a manager, or a holder of its role (see Followup.may_complete)."""
    role = role_at(user, followup)
    return role in CASE_ROLES and followup.may_complete(user.id, role)


def record_suspicion(user, report):
    """The confidential inspector's conclusion on a staff sexual-offence report: directors at its school."""
    return role_at(user, report) == DIRECTOR


# Who keeps the register of access requests; the privacy officer reads it (never changes it).
ACCESS_REGISTER_ROLES = MANAGERS
ACCESS_REGISTER_READERS = (*MANAGERS, PRIVACY_OFFICER)


def keep_access_register(user, where=None):
    """The register of access requests (AVG art. 15): care coordinators and directors of the school."""
    return role_at(user, where) in ACCESS_REGISTER_ROLES


def read_access_register(user, where=None):
    """The register's list and a request's page, without its steps: its keepers and the privacy officer."""
    return role_at(user, where) in ACCESS_REGISTER_READERS


def read_access_request(user, access_request):
    """An access request's page: as `open_access_request`, or a privacy officer's for a pupil's file
    (a staff member's stays a personnel matter for directors)."""
    if role_at(user, access_request) == PRIVACY_OFFICER:
        return access_request.subject.kind == "pupil"
    return open_access_request(user, access_request)


def read_audit_trail(user, where=None):
    """The audit trail screen and its CSV export, and "who opened this case / this file": directors
    and privacy officers of the school (a privacy officer never opens case contents)."""
    return role_at(user, where) in AUDIT_TRAIL_ROLES


def see_staff_access_requests(user, where=None):
    """Access requests about staff members' own files (personnel matters): the register's keepers
    who are directors, as the staff file."""
    return keep_access_register(user, where) and role_at(user, where) == DIRECTOR


def register_access_request(user, person):
    """Registering (and opening) an access request about `person`'s file: a pupil's for the
    register's keepers, a staff member's for `see_staff_access_requests`."""
    if person.kind == "staff":
        return see_staff_access_requests(user, person)
    return person.kind == "pupil" and keep_access_register(user, person)


def open_access_request(user, access_request):
    """An access request's line and page: as `register_access_request` for its file's owner."""
    return register_access_request(user, access_request.subject)


def export_for_access_request(user, access_request):
    """The export that answers an access request: only someone who may read every record filed
    for that person, a director at the request's school (a coordinator's export leaves out
    records only a director may read)."""
    return open_access_request(user, access_request) and role_at(user, access_request) == DIRECTOR
