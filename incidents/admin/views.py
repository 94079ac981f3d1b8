"""Functional administration: users and groups of the current school. No case content."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from incidents.accounts.operations import AlreadyMember, NotPending, invite, resend, withdraw
from incidents.admin.forms import GroupForm, SchoolSettingsForm, UserForm
from incidents.admin.operations import (
    SCHOOL_SETTINGS,
    OwnMembership,
    add_group,
    disable_membership,
    enable_membership,
    remove_role,
    update_school_settings,
)
from incidents.auth.forms import ConfirmForm
from incidents.auth.models import Membership, User
from incidents.auth.policy import get_for_school_or_404, roles
from incidents.auth.totp.requirement import enrolled_user_ids
from incidents.core import clock
from incidents.core.vocabulary import INVITATION_STATUSES, ROLE_LABELS
from incidents.extensions import db
from incidents.schools.models import Group

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@roles("admin")
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                invite(g.school, form.name.data, form.email.data, form.role.data, current_user)
        except AlreadyMember:
            form.email.errors.append(_("This person already has a role at this school."))
        else:
            flash(_("The invitation has been sent."), "success")
            return redirect(url_for("admin.users"))
    members = db.session.scalars(
        select(Membership)
        .where(Membership.school_id == g.school.id)
        .join(Membership.user)
        .options(selectinload(Membership.user))
        .order_by(User.name)
    ).all()
    return render_template(
        "admin/users.html",
        form=form,
        members=members,
        role_labels=ROLE_LABELS,
        invitation_labels=INVITATION_STATUSES,
        now=clock.utc_now(),
        action=ConfirmForm(),
        enrolled=enrolled_user_ids([m.user_id for m in members]),
    )


# What each button on the users page does; the refusals say why nothing changed.
MEMBER_ACTIONS = {
    "resend": (resend, _l("A new invitation has been sent.")),
    "withdraw": (withdraw, _l("The invitation has been withdrawn.")),
    "disable": (disable_membership, _l("The account is disabled at this school.")),
    "enable": (enable_membership, _l("The account is enabled again at this school.")),
    "remove": (remove_role, _l("The role has been removed.")),
}


@bp.route("/users/<int:membership_id>/<any(resend, withdraw, disable, enable, remove):what>", methods=["POST"])
@roles("admin")
def member_action(membership_id, what):
    membership = get_for_school_or_404(Membership, membership_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operation, done = MEMBER_ACTIONS[what]
    try:
        operation(membership, current_user)
    except NotPending:
        flash(_("This invitation was accepted or withdrawn meanwhile."), "error")
    except OwnMembership:
        flash(_("You cannot disable or remove your own role."), "error")
    else:
        flash(str(done), "success")
    return redirect(url_for("admin.users"))


@bp.route("/groups", methods=["GET", "POST"])
@roles("admin")
def groups():
    form = GroupForm()
    form.location_id.choices = [(0, "—")] + [(loc.id, loc.name) for loc in g.school.locations]
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                add_group(g.school, form.name.data, form.location_id.data)
        except IntegrityError:
            form.name.errors.append(_("A group with this name already exists."))
        else:
            flash(_("The group has been added."), "success")
            return redirect(url_for("admin.groups"))
    rows = db.session.scalars(
        select(Group)
        .where(Group.school_id == g.school.id)
        .options(selectinload(Group.mentors), selectinload(Group.location))
        .order_by(Group.name)
    ).all()
    return render_template("admin/groups.html", form=form, groups=rows)


@bp.route("/settings", methods=["GET", "POST"])
@roles("admin")
def settings():
    school = g.school
    form = SchoolSettingsForm(obj=school)
    if form.validate_on_submit():
        update_school_settings(school, **{name: getattr(form, name).data for name in SCHOOL_SETTINGS})
        flash(_("The school settings have been saved."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)
