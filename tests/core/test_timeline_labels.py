"""Every kind of timeline entry has a label, in Dutch and in English."""

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from incidents.core.vocabulary import EVENT_LABELS
from incidents.correspondence.models import PURPOSES
from workflows import case as case_flow
from workflows import police as police_flow
from workflows import sanction as sanction_flow

ROOT = Path(__file__).resolve().parents[2]


def logged_literal_kinds():
    """The first argument of every `<case>.log("kind", ...)` call that is a plain string."""
    kinds = set()
    for path in (ROOT / "incidents").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "log"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                kinds.add(node.args[0].value)
    return kinds


def timeline_kinds():
    return (
        logged_literal_kinds()
        | {f"case.{event}" for event in case_flow.EVENTS}
        | {f"sanction.{event}" for event in ("propose", *sanction_flow.EVENTS)}
        | {f"police.{event}" for event in police_flow.EVENTS}
        | {f"correspondence.{purpose}" for purpose in PURPOSES}
    )


def test_the_scan_finds_the_literal_kinds():
    found = logged_literal_kinds()
    assert {"reported", "police.open", "police.suspicion", "evidence.added", "parent_contact.waived"} <= found


@pytest.mark.parametrize("kind", sorted(timeline_kinds()))
def test_every_timeline_kind_has_a_label(kind):
    assert kind in EVENT_LABELS, f"timeline kind {kind!r} has no label in incidents/core/vocabulary.py"


def test_every_timeline_label_is_translated_into_dutch():
    with open(ROOT / "translations/nl/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    missing = []
    for kind, label in EVENT_LABELS.items():
        english = label._args[0]  # the msgid of a lazy_gettext string is the English text
        message = catalog.get(english)
        if message is None or not message.string or message.fuzzy:
            missing.append(f"{kind}: {english}")
    assert not missing, "untranslated timeline labels:\n" + "\n".join(missing)
