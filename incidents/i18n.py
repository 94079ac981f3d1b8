"""Language choice (Dutch first) and Dutch date formatting in Europe/Amsterdam."""

from flask import current_app, request, session
from flask_babel import format_date, format_datetime, get_locale

from incidents.core import vocabulary
from incidents.core.reasons import describe_all
from incidents.core.timeline_notes import timeline_note

# The Babel locale of each interface language: English is British English (dd/mm/yyyy, 24-hour clock).
REGIONAL_LOCALES = {"en": "en_GB"}


def select_locale():
    return _as_locale(_select_language())


def _as_locale(language):
    return REGIONAL_LOCALES.get(language, language)


def _select_language():
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


def _current_language():
    """The interface language ("nl", "en"), for lang= attributes and the language switch."""
    locale = get_locale()
    return locale.language if locale else "nl"


def register_context(app):
    """Every code list reaches the templates under its own name, with `followup_label`."""
    names = {name: value for name, value in vars(vocabulary).items() if name.isupper()}

    @app.context_processor
    def inject_vocab():
        return {
            **names,
            "current_locale": _current_language,
            "followup_label": vocabulary.followup_label,
            "describe_all": describe_all,
            "timeline_note": timeline_note,
        }
