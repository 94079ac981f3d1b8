"""Access policies: every view declares who may use it.

A view without a declared policy is a bug; tests walk the URL map to find one.
`g.school` and `g.role` hold the school the user is working in and their role there.
Rules about a record (who manages this case, who reads this file) are named predicates in
`incidents.auth.can`, for views and templates alike.
"""

from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from incidents.auth.sessions.current import current_school_id
from incidents.extensions import db

CASE_ROLES = ("mentor", "coordinator", "director")
MANAGERS = ("coordinator", "director")
# Roles for which a refused page answers "not found": a privacy officer reads the audit trail
# and the access-request register only, and is not told which case pages exist.
NOT_FOUND_ROLES = ("privacy_officer",)


def _declare(view, policy):
    view.access_policy = policy
    return view


def public(view):
    """Anyone, signed in or not (login page, health check)."""
    return _declare(view, "public")


def signed_in(view):
    """Any signed-in user, whatever their role."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return _declare(wrapper, "signed_in")


def roles(*allowed):
    """Signed-in users whose role at their current school is one of `allowed`."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.path))
            if g.get("role") not in allowed:
                abort(404 if g.get("role") in NOT_FOUND_ROLES else 403)
            return view(*args, **kwargs)

        return _declare(wrapper, "roles:" + ",".join(allowed))

    return decorator


def load_current_school():
    """Set g.school and g.role from the session record, falling back to the first membership.
    Only granting memberships count: a pending invitation or role, or a disabled one, is no school."""
    g.school = None
    g.role = None
    if not current_user.is_authenticated:
        return
    memberships = {m.school_id: m for m in current_user.granting_memberships}
    if not memberships:
        return
    school_id = current_school_id()
    if school_id not in memberships:  # no role (any more) at the session's school: the first school with one
        school_id = min(memberships)
    membership = memberships[school_id]
    g.school = membership.school
    g.role = membership.role


def get_for_school_or_404(model, object_id):
    """Load a record of the current school; another school's record is 'not found'."""
    obj = db.session.get(model, object_id)
    if obj is None or g.get("school") is None or obj.school_id != g.school.id:
        abort(404)
    return obj
