"""Functional administration: users and groups of the current school. No case content."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from incidents.admin.forms import GroupForm, SchoolSettingsForm, UserForm
from incidents.admin.operations import (
    SCHOOL_SETTINGS,
    AlreadyMember,
    add_group,
    add_user_to_school,
    update_school_settings,
)
from incidents.auth.models import Membership, User
from incidents.auth.policy import roles
from incidents.core.vocabulary import ROLE_LABELS
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
                add_user_to_school(g.school, form.name.data, form.email.data, form.role.data, form.password.data)
        except AlreadyMember:
            form.email.errors.append(_("This person already has a role at this school."))
        else:
            flash(_("The account has been added."), "success")
            return redirect(url_for("admin.users"))
    members = db.session.scalars(
        select(Membership)
        .where(Membership.school_id == g.school.id)
        .join(Membership.user)
        .options(selectinload(Membership.user))
        .order_by(User.name)
    ).all()
    return render_template("admin/users.html", form=form, members=members, role_labels=ROLE_LABELS)


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
