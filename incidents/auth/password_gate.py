"""Whether an account may sign in with its password. A feature that can forbid it (a school that
signs its staff in through SSO only) registers a rule at start-up, so auth imports nothing above it."""

from collections.abc import Callable

from incidents.auth.models import User

PasswordRule = Callable[[User], bool]

_refusing_rules: list[PasswordRule] = []


def refuses_password(rule: PasswordRule) -> PasswordRule:
    """Register `rule(user) -> True` when that account must not sign in with a password."""
    _refusing_rules.append(rule)
    return rule


def password_sign_in_allowed(user: User) -> bool:
    return not any(rule(user) for rule in _refusing_rules)
