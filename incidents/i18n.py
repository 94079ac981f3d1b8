"""Language choice (Dutch first) and Dutch date formatting in Europe/Amsterdam."""

from flask import current_app, request, session
from flask_babel import format_date, format_datetime, get_locale

from incidents.core import vocabulary
from incidents.core.reasons import describe_all


def select_locale():
    languages = current_app.config["LANGUAGES"]
    requested = request.args.get("lang")
    if requested in languages:
        session["lang"] = requested
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_filters(app):
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""


def register_context(app):
    """Every code list reaches the templates under its own name, with `followup_label`."""
    names = {name: value for name, value in vars(vocabulary).items() if name.isupper()}

    @app.context_processor
    def inject_vocab():
        return {
            **names,
            "current_locale": lambda: str(get_locale() or "nl"),
            "followup_label": vocabulary.followup_label,
            "describe_all": describe_all,
        }
