"""docs/rules.md stays true: every rule enforced by code that exists, proven by a unit test
and a flow test, and the page regenerated after each change (tests/rules_doc.py)."""

import importlib

import pytest

from tests import rules_doc
from workflows.rulebook import RULES, by_id


def _resolve(dotted: str) -> object:
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def test_rule_ids_are_unique():
    assert len(by_id()) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_is_enforced_by_a_function_that_exists(rule):
    assert rule.enforced_by, f"{rule.id} names no enforcing function"
    for dotted in rule.enforced_by:
        assert callable(_resolve(dotted)), dotted


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_has_a_unit_test_and_a_flow_test(rule):
    """A rule the pure workflow enforces has a unit test of it; every rule has a test through the
    application (requests or the browser)."""
    unit, flow = rules_doc.split_tests(rules_doc.marked_tests().get(rule.id, []))
    if any(dotted.startswith("workflows.") for dotted in rule.enforced_by):
        assert unit, f"{rule.id}: no test in tests/workflows/ is marked with it"
    assert flow, f"{rule.id}: no request or browser test is marked with it"


def test_every_marker_names_a_known_rule():
    assert set(rules_doc.marked_tests()) <= set(by_id())


def test_docs_rules_md_is_generated_from_the_rulebook_and_the_tests():
    assert rules_doc.DOC.read_text(encoding="utf-8") == rules_doc.render(), "run `make rules-doc`"
