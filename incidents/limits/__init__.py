"""Request limits (Flask-Limiter): the named limits the public and costly routes use."""
