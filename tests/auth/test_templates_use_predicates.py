"""Templates ask named role rules (`can.manage_case(current_user, case)`), never a role name:
no `g.role` and no role-name string literal in a Jinja expression."""

import re
from pathlib import Path

import pytest

from incidents.auth.models import ROLES

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
TRANSLATED = re.compile(r"""\b_\(\s*(['"]).*?\1\s*[,)]""", re.S)  # _('mentor') is a label, not a rule
ROLE_LITERAL = re.compile(r"""(['"])(""" + "|".join(ROLES) + r""")\1""")


def role_literals(source):
    """Each Jinja expression of `source` that names a role as a string, or reads g.role."""
    found = []
    for match in EXPRESSION.finditer(source):
        expression = TRANSLATED.sub("_()", match.group())
        if "g.role" in expression or ROLE_LITERAL.search(expression):
            found.append(match.group())
    return found


def test_the_check_finds_role_literals():
    assert role_literals("{% if g.role in ('coordinator', 'director') %}x{% endif %}")
    assert role_literals("{{ 'a' if g.role else 'b' }}")
    assert role_literals('{% if user_role == "admin" %}')
    assert role_literals("{% set x = role != 'mentor' %}")
    assert not role_literals("{% if can.manage_case(current_user, case) %} director {% endif %}")
    assert not role_literals("{{ [_('mentor'), _('care coordinator'), _('director')][level] }}")
    assert not role_literals("{{ url_for('admin.users') }}")


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_compares_roles(path):
    found = role_literals(path.read_text())
    assert not found, f"{path.relative_to(TEMPLATES)}: use a predicate from incidents/auth/can.py: {found}"
