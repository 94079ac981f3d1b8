"""The school's legal status picks the objection route (workflows/legal_status.py)."""

import pytest

from workflows import legal_status as L


def test_public_and_special_are_the_two_legal_statuses():
    assert L.is_public("public") and not L.is_public("special")


def test_an_unknown_legal_status_is_refused_rather_than_taken_for_special():
    with pytest.raises(ValueError):
        L.is_public("openbaar")
