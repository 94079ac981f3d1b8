"""Meldpunt application factory."""

from flask import Flask

from config import load_config
from incidents.setup import (
    register_blueprints,
    register_commands,
    register_errorhandlers,
    register_extensions,
    register_request_hooks,
)


def create_app(config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config if config is not None else load_config())
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    return app
