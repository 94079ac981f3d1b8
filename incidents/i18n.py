"""Language choice (Dutch first) and Dutch date formatting in Europe/Amsterdam."""
from flask import current_app, request, session
from flask_babel import format_date, format_datetime


def select_locale():
    languages = current_app.config["LANGUAGES"]
    requested = request.args.get("lang")
    if requested in languages:
        session["lang"] = requested
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_filters(app):
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""


def register_context(app):
    from flask_babel import get_locale

    from incidents.cases import vocab
    from incidents.core import labels
    from incidents.core.reasons import describe_all
    from incidents.correspondence.forms import DIRECTIONS, KIND_LABELS
    from incidents.police.forms import OFFENCES, POLICE_STATES
    from incidents.sanctions.forms import HEARING_PARTIES, MEASURES, SANCTION_STATES

    @app.context_processor
    def inject_vocab():
        return {
            "current_locale": lambda: str(get_locale() or "nl"),
            "STATES": vocab.STATES,
            "CATEGORIES": vocab.CATEGORIES,
            "PLATFORMS": vocab.PLATFORMS,
            "SEVERITIES": vocab.SEVERITIES,
            "INVOLVEMENT_ROLES": vocab.INVOLVEMENT_ROLES,
            "EVENT_LABELS": vocab.EVENT_LABELS,
            "EVENTS": labels.EVENTS,
            "followup_label": labels.followup_label,
            "FOLLOWUP_STATUSES": labels.FOLLOWUP_STATUSES,
            "ASSIGNEE_ROLES": labels.ASSIGNEE_ROLES,
            "NOTICE_STATUSES": labels.NOTICE_STATUSES,
            "NOTICE_TYPES": labels.NOTICE_TYPES,
            "CANCEL_REASONS": labels.CANCEL_REASONS,
            "describe_all": describe_all,
            "MEASURES": MEASURES,
            "SANCTION_STATES": SANCTION_STATES,
            "HEARING_PARTIES": HEARING_PARTIES,
            "OFFENCES": OFFENCES,
            "POLICE_STATES": POLICE_STATES,
            "CORRESPONDENCE_KINDS": KIND_LABELS,
            "DIRECTIONS": DIRECTIONS,
        }
