"""One place that turns a stale or refused workflow step into the user's message.

A step view declares its page (`step_page(back, render=...)`), calls one operation and lets
`StaleRecord` and `TransitionRefused` propagate; the app's error handlers (registered in
incidents/setup.py) answer, after rolling the request back:

- stale: one message ("changed meanwhile by someone else"), flashed on the record's page;
- refused because of the role (or a step the page never offered): the 403 / 409 error page;
- refused by a rule: the page re-rendered with the reasons next to its form (422, the user's
  input kept) when the view gave `render`, else the reasons flashed on the record's page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, g, make_response, redirect, render_template, request
from flask_babel import gettext as _

from incidents.core.reasons import N_, describe, describe_all
from incidents.extensions import db
from workflows.errors import TransitionRefused

STALE_MESSAGE = N_("This record was changed meanwhile by someone else. Reload the page and try again.")


@dataclass(frozen=True)
class StepPage:
    back: str  # the record's page, where a stale or refused step returns to
    render: Callable[[list[str]], Any] | None = None  # the page again, with these messages by its form


class NotOffered(TransitionRefused):
    """A step the page did not offer (a hand-crafted POST): an error page, not a message."""


def step_page(back: str, render: Callable[[list[str]], Any] | None = None) -> None:
    """Declare, before the step's operation runs, where its failure is shown."""
    g.step_page = StepPage(back, render)


def error_page(code: int, title: str) -> Any:
    """The error page (JSON for API clients); nothing of the request is kept."""
    db.session.rollback()
    if request.accept_mimetypes.best == "application/json":
        return {"error": code}, code
    limit_mb = current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
    return render_template("errors/error.html", code=code, title=str(title), limit_mb=limit_mb), code


def stale_step(_error: Exception) -> Any:
    """Error handler for StaleRecord."""
    db.session.rollback()
    page = g.get("step_page")
    if page is None:
        return error_page(409, _(STALE_MESSAGE))
    flash(_(STALE_MESSAGE), "error")
    return redirect(page.back)


def refused_step(refused: TransitionRefused) -> Any:
    """Error handler for TransitionRefused."""
    db.session.rollback()
    if refused.forbidden:
        return error_page(403, describe("role_not_allowed"))
    messages = describe_all(refused.reasons, refused.details)
    page = g.get("step_page")
    if page is None or isinstance(refused, NotOffered):
        return error_page(409, " ".join(messages))
    if page.render is not None:
        response = make_response(page.render(messages))
        response.status_code = 422
        return response
    for message in messages:
        flash(message, "error")
    return redirect(page.back)
