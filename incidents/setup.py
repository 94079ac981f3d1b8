"""The pieces the app factory wires together."""

from flask import g
from flask.logging import default_handler
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from incidents import i18n
from incidents.access_requests import models as _access_requests  # noqa: F401
from incidents.access_requests.views import bp as access_requests_bp
from incidents.accounts import login_notice as _login_notice  # noqa: F401  (mails the holder after many failures)
from incidents.accounts.commands import grant_director_command
from incidents.accounts.views import bp as account_bp
from incidents.admin.views import bp as admin_bp

# Every model module, so metadata (and alembic) sees the whole schema.
from incidents.audit import models as _audit  # noqa: F401
from incidents.audit.security import note_refused_request, write_refused_requests
from incidents.audit_trail.views import bp as audit_trail_bp
from incidents.auth import can
from incidents.auth import models as _auth  # noqa: F401
from incidents.auth.policy import load_current_school
from incidents.auth.sessions import models as _sessions  # noqa: F401
from incidents.auth.sessions.current import load_signed_in_user
from incidents.auth.sessions.views import bp as sessions_bp
from incidents.auth.throttle import models as _throttle  # noqa: F401
from incidents.auth.totp import models as _totp  # noqa: F401
from incidents.auth.totp.state import guard_second_factor
from incidents.auth.totp.views import bp as second_factor_bp
from incidents.auth.views import bp as auth_bp
from incidents.backup.commands import backup_command, restore_command
from incidents.calendar import models as _calendar  # noqa: F401
from incidents.calendar.views import bp as calendar_bp
from incidents.cases import models as _cases  # noqa: F401
from incidents.casework.people_views import bp as people_bp
from incidents.casework.views import bp as cases_bp
from incidents.casework.workflow_views import bp as case_steps_bp
from incidents.catalogues import compile_catalogues
from incidents.core import logs
from incidents.core import sqlite as _sqlite  # noqa: F401  (WAL for SQLite files)
from incidents.core.concurrency import StaleRecord
from incidents.core.proxies import trust_proxies
from incidents.core.steps import error_page, refused_step, stale_step
from incidents.correspondence import models as _correspondence  # noqa: F401
from incidents.correspondence.views import bp as correspondence_bp
from incidents.demo.commands import demo_data_command
from incidents.evidence import database_store as _stored_objects  # noqa: F401
from incidents.evidence import models as _evidence  # noqa: F401
from incidents.evidence.views import bp as evidence_bp
from incidents.extensions import babel, csrf, db, login_manager, migrate
from incidents.followups import models as _followups  # noqa: F401
from incidents.followups.views import bp as followups_bp
from incidents.health.views import bp as health_bp
from incidents.integrity.commands import verify_evidence_command
from incidents.letters import models as _letters  # noqa: F401
from incidents.letters.views import bp as letters_bp
from incidents.limits.limiter import init_limits, retry_after_seconds

# Registers what notices do when their e-mail is sent or their letters are posted.
from incidents.notices import delivered as _delivered  # noqa: F401
from incidents.notices import models as _notices  # noqa: F401
from incidents.notices.views import bp as notices_bp
from incidents.observability.log_format import install_logging
from incidents.observability.request_log import install_request_log
from incidents.observability.views import bp as observability_bp
from incidents.outbox import models as _outbox  # noqa: F401
from incidents.outbox.views import bp as outbox_bp
from incidents.people import models as _people  # noqa: F401
from incidents.police import models as _police  # noqa: F401
from incidents.police.views import bp as police_bp
from incidents.retention.commands import retention_command
from incidents.roster.commands import import_roster_command
from incidents.roster.views import bp as roster_bp
from incidents.sanctions import models as _sanctions  # noqa: F401
from incidents.sanctions.advice_views import bp as geschillencommissie_bp
from incidents.sanctions.views import bp as sanctions_bp
from incidents.scheduler import models as _scheduler  # noqa: F401
from incidents.scheduler.commands import scheduler_command
from incidents.scheduler.mail_mode import reported_mail_mode
from incidents.schools import models as _schools  # noqa: F401

# Registers the "local passwords off" rule of schools that sign in through SSO.
from incidents.sso import models as _sso  # noqa: F401
from incidents.sso import password_gate as _sso_password_gate  # noqa: F401
from incidents.sso.views import bp as sso_bp
from workflows.errors import TransitionRefused


def register_extensions(app):
    compile_catalogues(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    init_limits(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    # Who is signed in comes only from the server-side session record (incidents/auth/sessions),
    # which also binds the session to the client; Flask-Login's own binding read X-Forwarded-For.
    login_manager.session_protection = None
    login_manager.user_loader(lambda _user_id: None)  # a `_user_id` in a cookie grants nothing
    login_manager.request_loader(load_signed_in_user)

    i18n.register_filters(app)
    i18n.register_context(app)
    app.jinja_env.globals["can"] = can  # role rules as named predicates: {% if can.manage_case(current_user, case) %}
    app.jinja_env.globals["reported_mail_mode"] = reported_mail_mode  # the mail banner: what the scheduler sends with


def register_blueprints(app):
    for blueprint in (
        auth_bp,
        sessions_bp,
        second_factor_bp,
        account_bp,
        cases_bp,
        case_steps_bp,
        sanctions_bp,
        geschillencommissie_bp,
        police_bp,
        people_bp,
        evidence_bp,
        admin_bp,
        calendar_bp,
        health_bp,
        observability_bp,
        roster_bp,
        correspondence_bp,
        letters_bp,
        followups_bp,
        notices_bp,
        outbox_bp,
        access_requests_bp,
        sso_bp,
        audit_trail_bp,
    ):
        app.register_blueprint(blueprint)


def register_commands(app):
    for command in (
        demo_data_command,
        verify_evidence_command,
        retention_command,
        import_roster_command,
        scheduler_command,
        grant_director_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)


ERROR_PAGES = {
    400: _l("Bad request"),
    403: _l("You do not have access to this page"),
    404: _l("Not found"),
    409: _l("This record was changed meanwhile"),
    413: _l("The file is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
}


def register_errorhandlers(app):
    def render_error(error):
        code = getattr(error, "code", 500) or 500
        user_id = current_user.id if current_user.is_authenticated else None
        school = g.get("school")
        note_refused_request(code, user_id, school.id if school is not None else None)
        body, status = error_page(code, ERROR_PAGES.get(code, _l("Error")))
        if code == 429:  # a request limit (incidents/limits/limiter.py): say when to come back
            return body, status, {"Retry-After": str(retry_after_seconds())}
        return body, status

    for code in ERROR_PAGES:
        app.errorhandler(code)(render_error)
    # A stale or refused workflow step, from any view: one message (incidents/core/steps.py).
    app.register_error_handler(StaleRecord, stale_step)
    app.register_error_handler(TransitionRefused, refused_step)


def register_request_hooks(app):
    logs.install()
    install_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    app.logger.removeHandler(default_handler)  # Flask's own stderr handler: the root one writes its records
    install_request_log(app)  # first, so its timing and request id wrap every other hook
    trust_proxies(app)
    app.before_request(load_current_school)
    app.before_request(guard_second_factor)  # "second factor pending": only enrolment or the code page

    @app.after_request
    def commit_and_harden(response):
        # One commit per request, after the view succeeded; errors roll back instead.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
            if write_refused_requests():  # a 403/404 on a record URL is a security event
                db.session.commit()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        hsts = app.config.get("STRICT_TRANSPORT_SECURITY")
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        if g.get("role") is not None:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
